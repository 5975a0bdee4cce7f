/**
 * Every kind of bad input gets a 4xx JSON error that names the problem, and
 * leaves the model store exactly as it was.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, csv, expectError, json, storeSnapshot } from "./api";

const TOY = {
  x: [
    [1, 2],
    [2, 3],
    [3, 1],
    [4, 3],
  ],
  y: [0, 0, 1, 1],
};

/** Sends `init` to `path` and asserts the error and an unchanged store. */
async function rejects(
  path: string,
  init: RequestInit,
  status: number,
  code: string,
  ...fragments: string[]
): Promise<void> {
  const before = await storeSnapshot();
  await expectError(await api(path, init), status, code, ...fragments);
  expect(await storeSnapshot()).toBe(before);
}

beforeAll(async () => {
  // One stored model, so "unchanged" covers an existing model too.
  const response = await api("/v1/models/kept", json("PUT", TOY));
  expect(response.status).toBe(201);
});

describe("training bodies", () => {
  const cases: [string, RequestInit, number, string, ...string[]][] = [
    [
      "malformed JSON",
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: '{"x": [[1, 2]',
      },
      400,
      "malformed_body",
      "not valid JSON",
    ],
    [
      "a JSON array body",
      json("PUT", [[1, 2]]),
      400,
      "malformed_body",
      "JSON object",
    ],
    [
      "no content type",
      { method: "PUT", body: "1,0\n" },
      415,
      "unsupported_media_type",
      "application/json or text/csv",
    ],
    [
      "a form body",
      {
        method: "PUT",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "x=1",
      },
      415,
      "unsupported_media_type",
    ],
    ["missing x", json("PUT", { y: [0, 1] }), 400, "invalid_dataset", "no x"],
    [
      "missing y",
      json("PUT", { x: [[1], [2]] }),
      400,
      "invalid_dataset",
      "no y",
    ],
    [
      "empty x",
      json("PUT", { x: [], y: [] }),
      400,
      "invalid_dataset",
      "x is empty",
    ],
    [
      "zero features",
      json("PUT", { x: [[], []], y: [0, 1] }),
      400,
      "invalid_dataset",
      "no features",
    ],
    [
      "ragged JSON rows",
      json("PUT", { x: [[1, 2], [3]], y: [0, 1] }),
      400,
      "invalid_dataset",
      "x[1] has 1 values, expected 2",
    ],
    [
      "a string feature",
      json("PUT", {
        x: [
          [1, 2],
          [3, "4"],
        ],
        y: [0, 1],
      }),
      400,
      "invalid_dataset",
      'x[1][1] is "4", expected a number',
    ],
    [
      "a null feature",
      json("PUT", { x: [[1, null]], y: [0] }),
      400,
      "invalid_dataset",
      "x[0][1] is null",
    ],
    [
      "a non-finite feature",
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: '{"x": [[1, 1e309]], "y": [0]}',
      },
      400,
      "invalid_dataset",
      "x[0][1] is not finite",
    ],
    [
      "a feature beyond float32",
      json("PUT", { x: [[1, 1e39]], y: [0] }),
      400,
      "invalid_dataset",
      "x[0][1] is outside the float32 range",
    ],
    [
      "labels of two types",
      json("PUT", { x: [[1], [2]], y: [0, "1"] }),
      400,
      "invalid_dataset",
      'y[1] is "1", and the labels before it are numbers: labels are all of one type',
    ],
    [
      "a label of 0.5 in the lab's shape",
      json("PUT", { x: [[1], [2]], y: [[0], [0.5]] }),
      400,
      "invalid_dataset",
      "y[1][0] is 0.5",
    ],
    [
      "a null label",
      json("PUT", { x: [[1], [2]], y: [0, null] }),
      400,
      "invalid_dataset",
      "y[1] is null, expected a class: an integer, a string or a boolean",
    ],
    [
      "too few labels",
      json("PUT", { x: [[1], [2]], y: [0] }),
      400,
      "invalid_dataset",
      "y has 1 labels, expected 2",
    ],
    [
      "ragged CSV",
      csv("PUT", "1,2,0\n3,1\n"),
      400,
      "invalid_dataset",
      "line 2 has 2 fields, expected 3",
    ],
    [
      "a word in a CSV row",
      csv("PUT", "1,2,0\n3,abc,1\n"),
      400,
      "invalid_dataset",
      'line 2 field 2 is not a number: "abc"',
    ],
    [
      "a header mixing words and numbers",
      csv("PUT", "a,2,label\n1,2,0\n"),
      400,
      "invalid_dataset",
      "line 1 mixes numbers and text",
    ],
    [
      "a fractional CSV label",
      csv("PUT", "1,2,0\n3,4,0.5\n"),
      400,
      "invalid_dataset",
      'line 2 has label "0.5", which cannot be a class: numeric labels are integers',
    ],
    [
      "an empty CSV field",
      csv("PUT", "1,2,0\n3,,1\n"),
      400,
      "invalid_dataset",
      "line 2 field 2 is empty",
    ],
    [
      "1e309 in CSV",
      csv("PUT", "1,2,0\n3,1e309,1\n"),
      400,
      "invalid_dataset",
      "line 2 field 2 is not finite",
    ],
    ["an empty CSV", csv("PUT", ""), 400, "invalid_dataset", "no data rows"],
    [
      "a CSV with only a header",
      csv("PUT", "a,b,label\n"),
      400,
      "invalid_dataset",
      "no data rows",
    ],
    [
      "a CSV with no feature",
      csv("PUT", "0\n1\n"),
      400,
      "invalid_dataset",
      "at least one feature",
    ],
    [
      "an unclosed quote",
      csv("PUT", '1,"2,0\n'),
      400,
      "malformed_body",
      "never closed",
    ],
  ];
  for (const [what, init, status, code, ...fragments] of cases) {
    it(`rejects ${what}`, () =>
      rejects("/v1/models/kept", init, status, code, ...fragments));
  }
});

describe("training options", () => {
  const cases: [string, string, RequestInit, string][] = [
    [
      "an unknown JSON option",
      "",
      json("PUT", { ...TOY, epoch: 10 }),
      'unknown option "epoch"',
    ],
    [
      "negative epochs",
      "",
      json("PUT", { ...TOY, epochs: -1 }),
      "epochs must be an integer from 0",
    ],
    [
      "fractional epochs",
      "",
      json("PUT", { ...TOY, epochs: 1.5 }),
      "epochs must be an integer",
    ],
    [
      "too many epochs",
      "",
      json("PUT", { ...TOY, epochs: 100_001 }),
      "epochs must be an integer from 0 to 100000",
    ],
    [
      "epochs as a string",
      "",
      json("PUT", { ...TOY, epochs: "10" }),
      'epochs must be a number, got "10"',
    ],
    [
      "zero lr",
      "",
      json("PUT", { ...TOY, lr: 0 }),
      "lr must be a finite number above 0",
    ],
    [
      "negative lr",
      "",
      json("PUT", { ...TOY, lr: -0.1 }),
      "lr must be a finite number above 0",
    ],
    [
      "zero logEvery",
      "",
      json("PUT", { ...TOY, logEvery: 0 }),
      "logEvery must be an integer of at least 1",
    ],
    [
      "an unknown loss",
      "",
      json("PUT", { ...TOY, loss: "mse" }),
      'loss must be "bce" or "lab", got "mse"',
    ],
    [
      "a history too long",
      "",
      json("PUT", { ...TOY, epochs: 100_000, logEvery: 1 }),
      "use logEvery of at least 10",
    ],
    [
      "a query option with a JSON body",
      "?epochs=5",
      json("PUT", TOY),
      'unexpected query parameter "epochs"',
    ],
    [
      "an unknown query option",
      "?epoch=5",
      csv("PUT", "1,0\n2,1\n"),
      'unknown query parameter "epoch": expected one of epochs, lr,',
    ],
    [
      "a non-numeric query epochs",
      "?epochs=ten",
      csv("PUT", "1,0\n2,1\n"),
      'epochs must be a number, got "ten"',
    ],
    [
      "an infinite query lr",
      "?lr=1e999",
      csv("PUT", "1,0\n2,1\n"),
      "lr must be a finite number above 0",
    ],
  ];
  for (const [what, query, init, fragment] of cases) {
    it(`rejects ${what}`, () =>
      rejects(
        `/v1/models/kept${query}`,
        init,
        400,
        "invalid_option",
        fragment,
      ));
  }
});

describe("names and models", () => {
  it("rejects a name with a bad character", () =>
    rejects(
      "/v1/models/bad%20name",
      json("PUT", TOY),
      400,
      "invalid_model_name",
      '"bad name"',
    ));

  it("rejects a name longer than 64", () =>
    rejects(
      `/v1/models/${"a".repeat(65)}`,
      json("PUT", TOY),
      400,
      "invalid_model_name",
      "1-64",
    ));

  it("answers 404 for an unknown model", async () => {
    for (const path of [
      "/v1/models/nope",
      "/v1/models/nope/report",
      "/v1/models/nope/predict?x=1,2",
    ]) {
      await rejects(path, {}, 404, "model_not_found", "no model named nope");
    }
    await rejects(
      "/v1/models/nope",
      { method: "DELETE" },
      404,
      "model_not_found",
    );
    await rejects(
      "/v1/models/nope/predict",
      json("POST", { x: [[1, 2]] }),
      404,
      "model_not_found",
    );
  });

  it("answers 404 for an unknown version", () =>
    rejects(
      "/v1/models/kept?version=9",
      {},
      404,
      "model_not_found",
      "model kept has no version 9",
    ));

  it("rejects a version that is neither a positive integer nor an alias name", () =>
    rejects(
      "/v1/models/kept?version=0",
      {},
      400,
      "invalid_option",
      'version must be one of a positive integer or an alias name, got "0"',
    ));

  // (Under /v2 the Open Inference Protocol's shape: inference.test.ts.)
  it("answers 404 JSON for an unknown route", () =>
    rejects("/v3/anything", {}, 404, "not_found", "no route GET /v3/anything"));

  // A path the service has, with a method it does not take there: 405 with
  // the methods it takes in Allow (RFC 9110 §15.5.6), nothing written.
  for (const [method, path, allow] of [
    ["POST", "/v1/models/kept", "GET, HEAD, PUT, DELETE"],
    ["DELETE", "/v1/models/kept/predict", "GET, HEAD, POST"],
    ["PATCH", "/v1/datasets/anything", "GET, HEAD, PUT, DELETE"],
    ["DELETE", "/v1/jobs", "GET, HEAD, POST"],
    ["POST", "/health", "GET, HEAD"],
  ] as const) {
    it(`answers 405 with Allow for ${method} ${path}`, async () => {
      const before = await storeSnapshot();
      const response = await api(path, { method });
      expect(response.headers.get("allow")).toBe(allow);
      await expectError(
        response,
        405,
        "method_not_allowed",
        `${path} takes ${allow}, not ${method}`,
      );
      expect(await storeSnapshot()).toBe(before);
    });
  }

  it("rejects a training that diverges and stores nothing", () =>
    rejects(
      "/v1/models/kept",
      json("PUT", { x: [[3e38], [-3e38]], y: [0, 1], lr: 1e38, epochs: 3 }),
      422,
      "training_diverged",
      "lower lr",
    ));

  it("refuses weights that overflow float32 in original units, and stores nothing", () =>
    // scale 7.0e-46, as scikit-learn computes it too: w / scale is -Infinity
    // as a float32, a model that would predict null.
    rejects(
      "/v1/models/narrow",
      json("PUT", {
        x: [[1e-45], [0]],
        y: [0, 1],
        epochs: 1,
        standardize: true,
      }),
      422,
      "training_diverged",
      "the weight of feature 1 in original units is -Infinity (its scale is 7.0e-46)",
    ));
});

describe("prediction input", () => {
  it("rejects a wrong feature count", async () => {
    await rejects(
      "/v1/models/kept/predict",
      json("POST", { x: [[1, 2, 3]] }),
      400,
      "feature_mismatch",
      "rows have 3 features, model kept expects 2",
    );
    await rejects(
      "/v1/models/kept/predict?x=1",
      {},
      400,
      "feature_mismatch",
      "expects 2",
    );
    await rejects(
      "/v1/models/kept/predict",
      csv("POST", "1\n2\n"),
      400,
      "feature_mismatch",
    );
  });

  it("rejects malformed rows", async () => {
    await rejects(
      "/v1/models/kept/predict?x=1,a",
      {},
      400,
      "invalid_dataset",
      'x field 2 is not a number: "a"',
    );
    await rejects(
      "/v1/models/kept/predict",
      {},
      400,
      "invalid_dataset",
      "?x=1,2",
    );
    await rejects(
      "/v1/models/kept/predict",
      json("POST", { rows: [[1, 2]] }),
      400,
      "invalid_option",
      'unknown field "rows"',
    );
    await rejects(
      "/v1/models/kept/predict",
      json("POST", { x: [1, 2] }),
      400,
      "invalid_dataset",
      "x[0] must be an array",
    );
    await rejects(
      "/v1/models/kept/predict?foo=1",
      json("POST", { x: [[1, 2]] }),
      400,
      "invalid_option",
      'unknown query parameter "foo"',
    );
  });
});
