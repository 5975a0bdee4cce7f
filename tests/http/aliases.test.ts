/**
 * Aliases and the listing of versions through the Worker: a page of
 * versions at a time, aliases set, read and deleted, `?version=` taking an
 * alias, the alias `serving` steering every read that names no version
 * (a rollback), a warm start still starting from the newest, and what a
 * refused alias write leaves: nothing.
 */
import { describe, expect, it } from "vitest";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import {
  api,
  bodyOf,
  expectError,
  expectErrorBody,
  json,
  storeSnapshot,
} from "./api";

interface Trained {
  version: number;
  accuracy: number;
  threshold: number;
  createdAt: string;
  weights: { w: number[]; b: number };
  initialWeights: { w: number[]; b: number };
  init: unknown;
}

/** Trains a new version of `name` on the lab's toy data for `epochs`. */
async function train(name: string, epochs: number, extra: object = {}) {
  const body = { x: TOY_X, y: TOY_Y, epochs, ...extra };
  const response = await api(`/v1/models/${name}`, json("PUT", body));
  expect(response.status).toBe(201);
  return (await response.json()) as Trained;
}

/** Sets `alias` of `name` to `version`. */
function setAlias(name: string, alias: string, version: unknown) {
  return api(`/v1/models/${name}/aliases/${alias}`, json("PUT", { version }));
}

/** The aliases of `name`, as its listing answers them. */
async function aliasesOf(name: string): Promise<unknown> {
  const response = await api(`/v1/models/${name}/aliases`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { aliases: unknown }).aliases;
}

describe("GET /v1/models/{name}/versions", () => {
  it("lists published versions newest first, a page at a time", async () => {
    const trained = [];
    for (const epochs of [1, 2, 3]) trained.push(await train("vl", epochs));
    const first = await api("/v1/models/vl/versions?limit=2");
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      name: string;
      versions: unknown[];
      cursor: string | null;
    };
    expect(page.name).toBe("vl");
    expect(page.versions).toEqual(
      [trained[2], trained[1]].map((t) => ({
        version: t.version,
        createdAt: t.createdAt,
        accuracy: t.accuracy,
        threshold: 0.5,
        aliases: [],
      })),
    );
    expect(page.cursor).not.toBeNull();
    const next = await api(
      `/v1/models/vl/versions?limit=2&cursor=${page.cursor}`,
    );
    const rest = (await next.json()) as typeof page;
    expect(rest.versions.map((v) => (v as Trained).version)).toEqual([1]);
    expect(rest.cursor).toBeNull();
  });

  it("shows the aliases of each version; a model of many classes has no threshold", async () => {
    const body = { x: [[0], [1], [2], [3], [4], [5]], y: [0, 1, 2, 0, 1, 2] };
    const put = await api("/v1/models/vl-many", json("PUT", body));
    expect(put.status).toBe(201);
    expect((await setAlias("vl-many", "best", 1)).status).toBe(200);
    const page = (await (await api("/v1/models/vl-many/versions")).json()) as {
      versions: Record<string, unknown>[];
    };
    expect(page.versions).toHaveLength(1);
    expect(page.versions[0].aliases).toEqual(["best"]);
    expect(Object.keys(page.versions[0])).not.toContain("threshold");
  });

  it("answers 404 for a model without versions, 400 for a cursor it never gave", async () => {
    await expectError(
      await api("/v1/models/vl-none/versions"),
      404,
      "model_not_found",
      "no model named vl-none",
    );
    await train("vl-cursor", 1);
    await expectError(
      await api("/v1/models/vl-cursor/versions?cursor=abc"),
      400,
      "invalid_option",
      'cursor "abc"',
    );
  });
});

describe("aliases", () => {
  it("are set, read, listed and deleted", async () => {
    await train("al", 1);
    await train("al", 2);
    const put = await setAlias("al", "champion", 1);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      name: "al",
      alias: "champion",
      version: 1,
    });
    const got = await api("/v1/models/al/aliases/champion");
    expect(await got.json()).toEqual({
      name: "al",
      alias: "champion",
      version: 1,
    });
    expect((await setAlias("al", "challenger", 2)).status).toBe(200);
    // Moving an alias replaces where it pointed.
    expect((await setAlias("al", "champion", 2)).status).toBe(200);
    expect(await aliasesOf("al")).toEqual([
      { alias: "challenger", version: 2 },
      { alias: "champion", version: 2 },
    ]);
    const model = await api("/v1/models/al?version=2");
    expect(((await model.json()) as { aliases: string[] }).aliases).toEqual([
      "challenger",
      "champion",
    ]);
    // A version no alias points at says nothing of aliases.
    const plain = await api("/v1/models/al?version=1");
    expect(Object.keys(await plain.json())).not.toContain("aliases");
    const deleted = await api("/v1/models/al/aliases/champion", {
      method: "DELETE",
    });
    expect(deleted.status).toBe(204);
    expect(await aliasesOf("al")).toEqual([
      { alias: "challenger", version: 2 },
    ]);
    await expectError(
      await api("/v1/models/al/aliases/champion"),
      404,
      "model_not_found",
      "model al has no alias champion",
    );
    await expectError(
      await api("/v1/models/al/aliases/champion", { method: "DELETE" }),
      404,
      "model_not_found",
      "model al has no alias champion",
    );
  });

  it("are taken by version= on every read; an unknown one is a 404 naming it", async () => {
    const v1 = await train("al-read", 1);
    await train("al-read", 5);
    expect((await setAlias("al-read", "old", 1)).status).toBe(200);
    const model = await api("/v1/models/al-read?version=old");
    expect(model.headers.get("x-model-version")).toBe("1");
    expect(((await model.json()) as Trained).weights).toEqual(v1.weights);
    const predicted = await api("/v1/models/al-read/predict?x=4,3&version=old");
    const byNumber = await api("/v1/models/al-read/predict?x=4,3&version=1");
    expect(await predicted.json()).toEqual(await byNumber.json());
    await expectError(
      await api("/v1/models/al-read?version=nope"),
      404,
      "model_not_found",
      "model al-read has no alias nope",
    );
    await expectError(
      await api("/v1/models/al-read?version=no%20such"),
      400,
      "invalid_option",
      "version must be",
    );
  });

  it("are refused with an all-digit or malformed name, an unknown version or model: nothing written", async () => {
    await train("al-bad", 1);
    expect((await setAlias("al-bad", "serving", 1)).status).toBe(200);
    const before = await storeSnapshot();
    const refusals: [Response, number, string, string][] = [
      [
        await setAlias("al-bad", "123", 1),
        400,
        "invalid_alias_name",
        'alias "123"',
      ],
      [
        await setAlias("al-bad", "serving", 9),
        404,
        "model_not_found",
        "model al-bad has no version 9",
      ],
      [
        await setAlias("al-ghost", "serving", 1),
        404,
        "model_not_found",
        "no model named al-ghost",
      ],
      [
        await setAlias("al-bad", "serving", 0),
        400,
        "invalid_option",
        "version must be",
      ],
      [
        await setAlias("al-bad", "serving", "1"),
        400,
        "invalid_option",
        "version must be",
      ],
      [
        await api(
          "/v1/models/al-bad/aliases/serving",
          json("PUT", { version: 1, extra: 1 }),
        ),
        400,
        "invalid_option",
        "the body must be",
      ],
      [
        await api("/v1/models/al-bad/aliases/serving", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: "{version",
        }),
        400,
        "malformed_body",
        "the body is not JSON",
      ],
      [
        await api("/v1/models/al-bad/aliases/serving", {
          method: "PUT",
          headers: { "content-type": "text/csv" },
          body: "1\n",
        }),
        415,
        "unsupported_media_type",
        "send application/json",
      ],
      [
        await api("/v1/models/al-bad/aliases/serving", {
          ...json("PUT", { version: 1 }),
          headers: {
            "content-type": "application/json",
            authorization: "Bearer wrong",
          },
        }),
        401,
        "unauthorized",
        "",
      ],
    ];
    for (const [response, status, code, fragment] of refusals) {
      await expectError(response, status, code, fragment);
    }
    expect(await aliasesOf("al-bad")).toEqual([
      { alias: "serving", version: 1 },
    ]);
    expect(await storeSnapshot()).toBe(before);
  });
});

describe("the alias serving", () => {
  it("is what every read without version= gets, until it is deleted", async () => {
    const v1 = await train("sv", 1);
    const v2 = await train("sv", 30);
    expect(v1.weights).not.toEqual(v2.weights);
    expect((await setAlias("sv", "serving", 1)).status).toBe(200);
    const reads = ["", "/predict?x=4,3", "/report", "/history.svg", "/roc.svg"];
    for (const path of reads) {
      const served = await api(`/v1/models/sv${path}`);
      const pinned = await api(
        `/v1/models/sv${path}${path.includes("?") ? "&" : "?"}version=1`,
      );
      expect(served.status, path).toBe(200);
      expect(served.headers.get("x-model-version"), path).toBe("1");
      expect(await bodyOf(served), path).toEqual(await bodyOf(pinned));
    }
    const evaluate = (query: string) =>
      api(
        `/v1/models/sv/evaluate${query}`,
        json("POST", { x: TOY_X, y: TOY_Y }),
      );
    const evaluated = (await (await evaluate("")).json()) as {
      version: number;
    };
    expect(evaluated.version).toBe(1);
    expect(evaluated).toEqual(await (await evaluate("?version=1")).json());
    const posted = await api(
      "/v1/models/sv/predict",
      json("POST", { x: [[4, 3]] }),
    );
    expect(((await posted.json()) as { version: number }).version).toBe(1);

    // Deleting serving: the newest again.
    await api("/v1/models/sv/aliases/serving", { method: "DELETE" });
    const newest = await api("/v1/models/sv");
    expect(((await newest.json()) as Trained).version).toBe(2);
  });

  it("is not moved by training a new version, and does not steer a warm start", async () => {
    await train("sv-warm", 1);
    const v2 = await train("sv-warm", 30);
    expect((await setAlias("sv-warm", "serving", 1)).status).toBe(200);
    const warm = await train("sv-warm", 0, { init: { model: "sv-warm" } });
    expect(warm.version).toBe(3);
    expect(warm.init).toEqual({ model: "sv-warm", version: 2 });
    expect(warm.initialWeights).toEqual(v2.weights);
    expect(await aliasesOf("sv-warm")).toEqual([
      { alias: "serving", version: 1 },
    ]);
    const served = await api("/v1/models/sv-warm");
    expect(((await served.json()) as Trained).version).toBe(1);
  });

  it("is where a warm start named by the alias starts, recorded as the version it was", async () => {
    const v1 = await train("sv-named", 1);
    await train("sv-named", 30);
    expect((await setAlias("sv-named", "stable", 1)).status).toBe(200);
    const warm = await train("sv-named", 0, {
      init: { model: "sv-named", version: "stable" },
    });
    expect(warm.init).toEqual({ model: "sv-named", version: 1 });
    expect(warm.initialWeights).toEqual(v1.weights);
  });

  it("refuses a warm start from an alias that is not set, or a version as text, storing nothing", async () => {
    await train("sv-none", 1);
    const before = await storeSnapshot();
    for (const [version, message] of [
      ["stable", "init.model: model sv-none has no alias stable"],
      [
        "2",
        'init.version must be a positive integer or an alias name (1-64 of letters, digits, "-", "_", ".", not all digits), got "2"',
      ],
    ]) {
      const body = { x: TOY_X, y: TOY_Y, init: { model: "sv-none", version } };
      const response = await api("/v1/models/sv-none", json("PUT", body));
      await expectErrorBody(response, 400, "invalid_option", message);
    }
    expect(await storeSnapshot()).toBe(before);
  });
});

describe("deleting a model", () => {
  it("deletes its aliases: a retrained model starts without any", async () => {
    await train("al-del", 1);
    await train("al-del", 2);
    expect((await setAlias("al-del", "serving", 1)).status).toBe(200);
    const deleted = await api("/v1/models/al-del", { method: "DELETE" });
    expect(deleted.status).toBe(204);
    await expectError(
      await api("/v1/models/al-del/aliases"),
      404,
      "model_not_found",
      "no model named al-del",
    );
    await expectError(
      await api("/v1/models/al-del?version=serving"),
      404,
      "model_not_found",
      "model al-del has no alias serving",
    );
    const again = await train("al-del", 1);
    expect(await aliasesOf("al-del")).toEqual([]);
    const served = await api("/v1/models/al-del");
    expect(((await served.json()) as Trained).version).toBe(again.version);
    const page = (await (await api("/v1/models/al-del/versions")).json()) as {
      versions: { version: number }[];
    };
    expect(page.versions.map((v) => v.version)).toEqual([again.version]);
  });
});

describe("alias writes and retries", () => {
  const keyed = (version: number, key: string): RequestInit => ({
    method: "PUT",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ version }),
  });

  it("replay a keyed set without setting it again", async () => {
    await train("al-key", 1);
    await train("al-key", 2);
    const first = await api(
      "/v1/models/al-key/aliases/serving",
      keyed(1, "k1"),
    );
    expect(first.status).toBe(200);
    expect((await setAlias("al-key", "serving", 2)).status).toBe(200);
    const retry = await api(
      "/v1/models/al-key/aliases/serving",
      keyed(1, "k1"),
    );
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual({
      name: "al-key",
      alias: "serving",
      version: 1,
    });
    // The retry changed nothing: serving stays where the later set put it.
    expect(await aliasesOf("al-key")).toEqual([
      { alias: "serving", version: 2 },
    ]);
    await expectError(
      await api("/v1/models/al-key/aliases/serving", keyed(2, "k1")),
      422,
      "idempotency_key_reused",
      "Idempotency-Key k1",
    );
    expect(await aliasesOf("al-key")).toEqual([
      { alias: "serving", version: 2 },
    ]);
  });

  it("all land when sent at once, one at a time in the model's Durable Object", async () => {
    await train("al-many", 1);
    const names = Array.from({ length: 12 }, (_, i) => `a${i}`);
    const answers = await Promise.all(
      names.map((n) => setAlias("al-many", n, 1)),
    );
    expect(answers.map((r) => r.status)).toEqual(names.map(() => 200));
    const listed = (await aliasesOf("al-many")) as { alias: string }[];
    expect(listed.map((a) => a.alias)).toEqual([...names].sort());
  });
});
