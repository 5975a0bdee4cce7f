/**
 * Who may write and read: bearer tokens, failing closed, private reads.
 * Configurations other than the test default call the Worker's own fetch
 * with the real bindings plus an override.
 */
import {
  createExecutionContext,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import {
  anonymous,
  api,
  expectError,
  expectErrorBody,
  json,
  storeSnapshot,
} from "./api";

const toy = () => json("PUT", { x: TOY_X, y: TOY_Y, epochs: 5 });

/** Calls the Worker with the test bindings changed by `vars`. */
async function withVars(
  vars: Record<string, string | undefined>,
  path: string,
  init: RequestInit = {},
  origin = "http://edge-logreg.test",
) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${origin}${path}`, init),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("writes need the API token", () => {
  it("refuses a write with no Authorization header, stores nothing", async () => {
    const before = await storeSnapshot();
    const response = await anonymous("/v1/models/guarded", toy());
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="edge-logreg"',
    );
    await expectError(response, 401, "unauthorized", "Authorization: Bearer");
    expect(await storeSnapshot()).toBe(before);
  });

  it("refuses a wrong token and a malformed header", async () => {
    const before = await storeSnapshot();
    for (const authorization of [
      "Bearer nope",
      "Bearer test-token2",
      "Basic dGVzdA==",
      "Bearer",
    ]) {
      const init = toy();
      const response = await api("/v1/models/guarded", {
        ...init,
        headers: { ...init.headers, authorization },
      });
      expect(response.headers.get("www-authenticate")).toContain(
        'Bearer realm="edge-logreg"',
      );
      await expectError(response, 401, "unauthorized");
    }
    expect(await storeSnapshot()).toBe(before);
  });

  it("refuses deletes without the token", async () => {
    expect((await api("/v1/models/kept-safe", toy())).status).toBe(201);
    await expectError(
      await anonymous("/v1/models/kept-safe", { method: "DELETE" }),
      401,
      "unauthorized",
    );
    expect((await anonymous("/v1/models/kept-safe")).status).toBe(200);
  });

  it("accepts the token, case-insensitive scheme", async () => {
    const init = toy();
    const response = await api("/v1/models/guarded", {
      ...init,
      headers: { ...init.headers, authorization: "bearer test-token" },
    });
    expect(response.status).toBe(201);
  });

  it("lets anyone read when no READ_TOKEN is set", async () => {
    expect((await api("/v1/models/reads", toy())).status).toBe(201);
    expect((await anonymous("/v1/models/reads")).status).toBe(200);
    expect((await anonymous("/v1/models/reads/predict?x=1,2")).status).toBe(
      200,
    );
    expect((await anonymous("/v1/models")).status).toBe(200);
  });
});

describe("a token sent on a public read is checked", () => {
  const PUBLIC =
    " (this read is public: send a valid token or no Authorization header)";

  it("answers 401 to a wrong or malformed token where reads are public, writes nothing", async () => {
    expect((await api("/v1/models/checked", toy())).status).toBe(201);
    const before = await storeSnapshot();
    for (const path of [
      "/v1/models",
      "/v1/models/checked",
      "/v1/models/checked/predict?x=1,2",
      "/v1/models/checked/report",
    ]) {
      for (const [authorization, message] of [
        ["Bearer wrong", `the bearer token is not valid${PUBLIC}`],
        ["Bearer test-token2", `the bearer token is not valid${PUBLIC}`],
        [
          "Basic dGVzdA==",
          `the Authorization header is not Bearer <token>${PUBLIC}`,
        ],
        ["Bearer", `the Authorization header is not Bearer <token>${PUBLIC}`],
      ]) {
        const response = await api(path, { headers: { authorization } });
        expect(response.headers.get("www-authenticate")).toBe(
          'Bearer realm="edge-logreg", error="invalid_token"',
        );
        await expectErrorBody(response, 401, "unauthorized", message);
      }
    }
    expect(await storeSnapshot()).toBe(before);
  });

  it("still serves the read with the right token or with none", async () => {
    expect((await api("/v1/models/checked-ok", toy())).status).toBe(201);
    expect((await api("/v1/models/checked-ok")).status).toBe(200);
    expect((await anonymous("/v1/models/checked-ok")).status).toBe(200);
  });

  it("ignores the header when the Worker has no token at all", async () => {
    for (const authorization of ["Bearer wrong", "Basic dGVzdA=="]) {
      const response = await withVars(
        { API_TOKEN: undefined, READ_TOKEN: undefined },
        "/v1/models",
        { headers: { authorization } },
      );
      expect(response.status).toBe(200);
    }
  });
});

describe("fails closed", () => {
  it("refuses every write when no API_TOKEN is set", async () => {
    const before = await storeSnapshot();
    const response = await withVars(
      { API_TOKEN: undefined },
      "/v1/models/open",
      toy(),
    );
    await expectError(
      response,
      403,
      "writes_disabled",
      "writes are disabled: this Worker has no API_TOKEN (deployed: wrangler secret put API_TOKEN; under wrangler dev: put API_TOKEN=<token> in .dev.vars (npm run dev makes it from .dev.vars.example) and restart the server)",
    );
    expect(await storeSnapshot()).toBe(before);
  });

  it("names the .dev.vars fix first when wrangler dev serves it (a loopback host)", async () => {
    const before = await storeSnapshot();
    for (const origin of [
      "http://localhost:8787",
      "http://127.0.0.1:8787",
      "http://[::1]:8787",
    ]) {
      const response = await withVars(
        { API_TOKEN: undefined },
        "/v1/models/open",
        toy(),
        origin,
      );
      await expectErrorBody(
        response,
        403,
        "writes_disabled",
        "writes are disabled: this Worker has no API_TOKEN (under wrangler dev: put API_TOKEN=<token> in .dev.vars (npm run dev makes it from .dev.vars.example) and restart the server; deployed: wrangler secret put API_TOKEN)",
      );
    }
    expect(await storeSnapshot()).toBe(before);
  });

  it("allows open writes only when ALLOW_OPEN_WRITES is exactly true", async () => {
    const refused = await withVars(
      { API_TOKEN: undefined, ALLOW_OPEN_WRITES: "yes" },
      "/v1/models/open",
      toy(),
    );
    expect(refused.status).toBe(403);
    const allowed = await withVars(
      { API_TOKEN: undefined, ALLOW_OPEN_WRITES: "true" },
      "/v1/models/open",
      toy(),
    );
    expect(allowed.status).toBe(201);
  });
});

describe("private reads", () => {
  it("needs READ_TOKEN or API_TOKEN for reads once READ_TOKEN is set", async () => {
    expect((await api("/v1/models/private", toy())).status).toBe(201);
    const vars = { READ_TOKEN: "read-token" };
    await expectError(
      await withVars(vars, "/v1/models/private"),
      401,
      "unauthorized",
    );
    await expectError(
      await withVars(vars, "/v1/models", {
        headers: { authorization: "Bearer nope" },
      }),
      401,
      "unauthorized",
    );
    for (const token of ["read-token", "test-token"]) {
      const response = await withVars(
        vars,
        "/v1/models/private/predict?x=1,2",
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(200);
    }
  });

  it("does not let the read token write, and says it is the read token", async () => {
    const before = await storeSnapshot();
    const init = toy();
    const response = await withVars(
      { READ_TOKEN: "read-token" },
      "/v1/models/read-only",
      {
        ...init,
        headers: { ...init.headers, authorization: "Bearer read-token" },
      },
    );
    await expectErrorBody(
      response,
      401,
      "unauthorized",
      "this is the read token (READ_TOKEN), which only reads: writes need API_TOKEN",
    );
    expect(await storeSnapshot()).toBe(before);
  });
});
