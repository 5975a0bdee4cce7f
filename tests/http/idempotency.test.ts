/**
 * `Idempotency-Key` on writes: a retry answers the first answer and changes
 * nothing; another body under the same key is refused (422); the same key
 * while the first request runs is refused (409).
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { setStoreFault } from "../../src/storage/faults";
import { api, json } from "./api";

const TOY = {
  x: [
    [1, 2],
    [2, 3],
    [3, 1],
    [4, 3],
    [5, 3],
    [6, 2],
  ],
  y: [0, 0, 0, 1, 1, 1],
  epochs: 50,
};

/** A JSON request with an Idempotency-Key. */
function keyed(method: string, key: string, body?: unknown): RequestInit {
  const init = body === undefined ? { method } : json(method, body);
  return {
    ...init,
    headers: { ...(init.headers ?? {}), "idempotency-key": key },
  };
}

/** The version numbers of `name` that are readable, 1..up. */
async function readable(name: string, up = 10): Promise<number[]> {
  const found: number[] = [];
  for (let v = 1; v <= up; v++) {
    if ((await api(`/v1/models/${name}?version=${v}`)).status === 200)
      found.push(v);
  }
  return found;
}

afterEach(() => setStoreFault(null));

describe("training with an Idempotency-Key", () => {
  it("answers a retry with the first answer and stores one version", async () => {
    const first = await api("/v1/models/idem-a", keyed("PUT", "k-1", TOY));
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const retry = await api("/v1/models/idem-a", keyed("PUT", "k-1", TOY));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe("/v1/models/idem-a");
    expect(await retry.json()).toEqual(firstBody);
    expect(await readable("idem-a")).toEqual([1]);
    // A new key is a new training.
    const other = await api("/v1/models/idem-a", keyed("PUT", "k-2", TOY));
    expect(((await other.json()) as { version: number }).version).toBe(2);
  });

  it("scopes a key to the route and the name", async () => {
    await api("/v1/models/idem-b1", keyed("PUT", "shared", TOY));
    const elsewhere = await api(
      "/v1/models/idem-b2",
      keyed("PUT", "shared", TOY),
    );
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get("idempotent-replayed")).toBeNull();
    expect(await readable("idem-b2")).toEqual([1]);
  });

  it("refuses the same key with another body: 422, nothing stored", async () => {
    await api("/v1/models/idem-c", keyed("PUT", "k", TOY));
    const response = await api(
      "/v1/models/idem-c",
      keyed("PUT", "k", { ...TOY, epochs: 51 }),
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: Record<string, string> };
    expect(body.error.code).toBe("idempotency_key_reused");
    expect(body.error.message).toContain("Idempotency-Key k");
    expect(body.error.requestId).toBeTruthy();
    expect(await readable("idem-c")).toEqual([1]);
  });

  it("counts options in the query string as part of the request", async () => {
    const csv = "1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
    const send = (epochs: number) =>
      api(`/v1/models/idem-q?epochs=${epochs}`, {
        method: "PUT",
        headers: { "content-type": "text/csv", "idempotency-key": "q" },
        body: csv,
      });
    expect((await send(10)).status).toBe(201);
    expect((await send(11)).status).toBe(422);
    expect((await send(10)).headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses the same key while the first request runs: 409", async () => {
    // Flags, not promises: a promise made here and awaited in the Worker's
    // request would cross request contexts, which workerd does not wait on.
    let holding = false;
    let released = false;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    setStoreFault(async (step, name) => {
      if (step !== "save:allocated" || name !== "idem-d") return;
      holding = true;
      while (!released) await sleep(10);
    });
    const first = api("/v1/models/idem-d", keyed("PUT", "slow", TOY));
    // The first request holds the key from admission to its answer.
    for (let i = 0; i < 3000 && !holding; i++) await sleep(10);
    expect(holding).toBe(true);
    const second = await api("/v1/models/idem-d", keyed("PUT", "slow", TOY));
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: Record<string, string> };
    expect(body.error.code).toBe("idempotency_key_in_use");
    released = true;
    expect((await first).status).toBe(201);
    expect(await readable("idem-d")).toEqual([1]);
  });

  it("keeps a 4xx answer for the key, and releases the key after a 5xx", async () => {
    const bad = { ...TOY, lr: -1 };
    const first = await api("/v1/models/idem-e", keyed("PUT", "bad", bad));
    expect(first.status).toBe(400);
    const again = await api("/v1/models/idem-e", keyed("PUT", "bad", bad));
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual(await first.json());

    setStoreFault((step, name) => {
      if (step === "save:written" && name === "idem-e")
        throw new Error("injected fault");
    });
    const failed = await api("/v1/models/idem-e", keyed("PUT", "boom", TOY));
    expect(failed.status).toBe(500);
    setStoreFault(null);
    expect(await readable("idem-e")).toEqual([]);
    const retried = await api("/v1/models/idem-e", keyed("PUT", "boom", TOY));
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await readable("idem-e")).toEqual([2]);
  });

  it("answers a retry after a crash past publishing with the stored version", async () => {
    setStoreFault((step, name) => {
      if (step === "save:published" && name === "idem-f")
        throw new Error("connection lost");
    });
    expect(
      (await api("/v1/models/idem-f", keyed("PUT", "late", TOY))).status,
    ).toBe(500);
    setStoreFault(null);
    const retry = await api("/v1/models/idem-f", keyed("PUT", "late", TOY));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { version: number }).version).toBe(1);
    expect(await readable("idem-f")).toEqual([1]);
  });

  it("gives POST /v1/models one name per key", async () => {
    const first = await api("/v1/models", keyed("POST", "post-key", TOY));
    const retry = await api("/v1/models", keyed("POST", "post-key", TOY));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    const name = first.headers.get("location");
    expect(name).toMatch(/^\/v1\/models\/m-[0-9a-f-]{36}$/);
    expect(retry.headers.get("location")).toBe(name);
    expect(await retry.json()).toEqual(await first.json());
  });

  it("refuses a key that is not 1 to 255 printable characters: 400, nothing stored", async () => {
    for (const key of ["x".repeat(256), "", "tab\there", "caf\u00e9"]) {
      const response = await api("/v1/models/idem-g", keyed("PUT", key, TOY));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: Record<string, string> };
      expect(body.error.code).toBe("invalid_idempotency_key");
    }
    expect(await readable("idem-g", 2)).toEqual([]);
  });
});

describe("deleting with an Idempotency-Key", () => {
  it("answers a retry 204 again and does not delete what was trained since", async () => {
    await api("/v1/models/idem-del", json("PUT", TOY));
    const first = await api("/v1/models/idem-del", keyed("DELETE", "d"));
    expect(first.status).toBe(204);
    await api("/v1/models/idem-del", json("PUT", TOY));
    const retry = await api("/v1/models/idem-del", keyed("DELETE", "d"));
    expect(retry.status).toBe(204);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await readable("idem-del")).toEqual([2]);
  });

  it("keeps the 404 of a delete of nothing", async () => {
    const first = await api("/v1/models/idem-none", keyed("DELETE", "n"));
    expect(first.status).toBe(404);
    const retry = await api("/v1/models/idem-none", keyed("DELETE", "n"));
    expect(retry.status).toBe(404);
    expect(await retry.json()).toEqual(await first.json());
  });
});

it("lets browsers send the key (CORS)", async () => {
  const response = await api("/v1/models/x", {
    method: "OPTIONS",
    headers: {
      origin: "https://example.com",
      "access-control-request-method": "PUT",
      "access-control-request-headers": "idempotency-key, content-type",
    },
  });
  expect(response.headers.get("access-control-allow-headers")).toMatch(
    /idempotency-key/i,
  );
  expect(env.MODELS).toBeDefined();
});
