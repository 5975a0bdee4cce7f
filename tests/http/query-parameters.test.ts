/**
 * Every route refuses a query parameter it does not take, with the error
 * predict has always answered (400 `invalid_option`), naming it and listing
 * what the route takes: a misspelt `?verison=1` is not answered as the
 * newest version. What a route takes is what /openapi.json declares, so the
 * check runs over the document's own routes, and nothing is stored, read or
 * deleted on the way. The pages people open from links ignore any.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/openapi/document";
import { anonymous, api, csv, expectError, json, storeSnapshot } from "./api";

const TOY = { x: [[1], [2], [3], [4]], y: [0, 0, 1, 1] };
let doc: OpenApiDocument;

beforeAll(async () => {
  doc = (await (await anonymous("/openapi.json")).json()) as OpenApiDocument;
  expect((await api("/v1/models/toy", json("PUT", TOY))).status).toBe(201);
});

/** A request a route of `method` would otherwise take, body and all. */
function requestOf(method: string): RequestInit {
  if (method === "put" || method === "post") {
    return json(method.toUpperCase(), TOY);
  }
  return { method: method.toUpperCase() };
}

/** What the route at `path`, `method` declares it takes, as the message lists it. */
function takes(path: string, method: string): string {
  const operation = doc.paths[path][method as "get"]!;
  const names = (operation.parameters ?? [])
    .filter((parameter) => parameter.in === "query")
    .map((parameter) => parameter.name);
  if (names.length === 0) return "this route takes none";
  if (names.length === 1) return `expected ${names[0]}`;
  return `expected one of ${names.join(", ")}`;
}

/**
 * Sends `path` with `init`: 400 `invalid_option` whose message holds each of
 * `fragments`, and the store byte for byte as it was.
 */
async function refused(
  path: string,
  init: RequestInit,
  ...fragments: string[]
): Promise<void> {
  const before = await storeSnapshot();
  const response = await api(path, init);
  if (path.startsWith("/v2")) {
    // The Open Inference Protocol's error object: the message alone.
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    for (const fragment of fragments) expect(error).toContain(fragment);
  } else {
    await expectError(response, 400, "invalid_option", ...fragments);
  }
  expect(await storeSnapshot()).toBe(before);
}

describe("every route of the document", () => {
  it("refuses ?verison=1, naming it and what the route takes", async () => {
    const pages = ["/", "/docs", "/favicon.ico"];
    let routes = 0;
    for (const [template, operations] of Object.entries(doc.paths)) {
      if (pages.includes(template)) continue;
      const path = template
        .replace("{name}", "toy")
        .replace("{version}", "1")
        .replace("{alias}", "serving")
        .replace("{uploadId}", crypto.randomUUID())
        .replace("{partNumber}", "1");
      for (const method of Object.keys(operations)) {
        const query = path.endsWith("/predict") && method === "get";
        const url = `${path}?${query ? "x=1&" : ""}verison=1`;
        await refused(
          url,
          requestOf(method),
          `unknown query parameter "verison": ${takes(template, method)}`,
        );
        routes++;
      }
    }
    // list, train (PUT and POST), get, delete, predict (GET and POST),
    // evaluate, report, the two pictures, the two exports, health, the
    // document; thresholds (GET and POST), threshold, pr.svg and
    // calibration.svg; under /v2, live, ready, the server, and a model's
    // metadata, ready and infer at its newest version and at a given one;
    // the versions, the aliases (list, get, put, delete); datasets (list,
    // put, get, content, delete) and their uploads (start, part, complete,
    // abort); the jobs (start, list, get, events, cancel).
    expect(routes).toBe(48);
  });
});

describe("one by one", () => {
  const cases: [string, string, RequestInit, string][] = [
    ["list", "/v1/models?limit=2&x=1", {}, "expected one of limit, cursor"],
    ["get", "/v1/models/toy?verison=1", {}, "expected version"],
    ["report", "/v1/models/toy/report?verison=1", {}, "expected version"],
    [
      "the text report",
      "/v1/models/toy/report?verison=1",
      { headers: { accept: "text/plain" } },
      "expected version",
    ],
    [
      "history.svg",
      "/v1/models/toy/history.svg?verison=1",
      {},
      "expected version",
    ],
    ["roc.svg", "/v1/models/toy/roc.svg?verison=1", {}, "expected version"],
    [
      "export.onnx",
      "/v1/models/toy/export.onnx?verison=1",
      {},
      "expected version",
    ],
    [
      "export.mjs",
      "/v1/models/toy/export.mjs?verison=1",
      {},
      "expected version",
    ],
    [
      "delete",
      "/v1/models/toy?verison=1",
      { method: "DELETE" },
      "this route takes none",
    ],
    [
      "predict one row",
      "/v1/models/toy/predict?x=1&verison=1",
      {},
      "expected one of x, version, threshold, explain",
    ],
    [
      "predict rows",
      "/v1/models/toy/predict?verison=1",
      json("POST", { x: [[1]] }),
      "expected one of version, threshold, explain",
    ],
    [
      "evaluate",
      "/v1/models/toy/evaluate?verison=1",
      json("POST", TOY),
      "expected one of version, threshold",
    ],
    [
      "train a CSV, whose options the query carries",
      "/v1/models/toy?verison=1",
      csv("PUT", "1,0\n2,1\n"),
      "expected one of epochs, lr, logEvery",
    ],
    [
      "train under a generated name",
      "/v1/models?verison=1",
      csv("POST", "1,0\n2,1\n"),
      "expected one of epochs, lr, logEvery",
    ],
    ["the document", "/openapi.json?verison=1", {}, "this route takes none"],
    ["liveness", "/health?verison=1", {}, "this route takes none"],
  ];
  for (const [what, path, init, takes] of cases) {
    const name = new URL(path, "http://x").searchParams.has("verison")
      ? "verison"
      : "x";
    it(`refuses it on ${what}`, () =>
      refused(path, init, `unknown query parameter "${name}": ${takes}`));
  }

  it("still answers the parameters a route takes", async () => {
    expect((await api("/v1/models/toy?version=1")).status).toBe(200);
    expect((await api("/v1/models?limit=1&cursor=")).status).toBe(200);
    expect((await api("/v1/models/toy/predict?x=1&explain=true")).status).toBe(
      200,
    );
    const trained = await api(
      "/v1/models/csv?epochs=3&lr=0.5",
      csv("PUT", "1,0\n2,1\n"),
    );
    expect(trained.status).toBe(201);
  });

  it("keeps the JSON body's own rule for training options in the query", () =>
    refused(
      "/v1/models/toy?epochs=3",
      json("PUT", TOY),
      'unexpected query parameter "epochs": with a JSON body, options go in the body',
    ));
});

describe("the order of the checks", () => {
  it("refuses before reading the store: a model that does not exist", () =>
    refused("/v1/models/nothing?verison=1", {}, '"verison"'));

  it("refuses before reading the token or the body", async () => {
    const before = await storeSnapshot();
    await expectError(
      await anonymous("/v1/models/toy?verison=1", { method: "DELETE" }),
      400,
      "invalid_option",
      '"verison"',
    );
    await expectError(
      await api("/v1/models/toy?verison=1", {
        method: "PUT",
        headers: { "content-type": "text/plain" },
        body: "not read",
      }),
      400,
      "invalid_option",
      '"verison"',
    );
    expect(await storeSnapshot()).toBe(before);
    expect((await api("/v1/models/toy")).status).toBe(200);
  });
});

describe("the pages", () => {
  it("ignore any parameter: a shared link may carry tracking ones", async () => {
    for (const path of ["/", "/docs"]) {
      const response = await anonymous(`${path}?utm_source=x&fbclid=y`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    }
    const listing = await anonymous("/?utm_source=x", {
      headers: { accept: "application/json" },
    });
    expect(listing.status).toBe(200);
    expect((await anonymous("/favicon.ico?v=2")).status).toBe(204);
  });
});
