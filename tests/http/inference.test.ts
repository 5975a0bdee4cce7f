/**
 * The Open Inference Protocol (KServe V2) through the Worker, with the
 * protocol's own examples (kserve/open-inference-protocol,
 * specification/protocol/inference_rest.md, "Inference Request Examples"
 * and "Tensor Data") adapted to models trained here: the answers are the
 * numbers POST /v1/models/{name}/predict gives, exactly; every refusal is
 * the protocol's {"error": "..."} at the error's status, and stores nothing.
 */
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { fixture } from "../fixtures/options";
import { anonymous, api, csv, json, storeSnapshot, withVars } from "./api";

interface Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}
interface InferenceAnswer {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: Tensor[];
}
interface V1Prediction {
  probabilities: number[] | number[][];
  labels: unknown[];
}

async function train(name: string, body: unknown): Promise<void> {
  const response = await api(`/v1/models/${name}`, json("PUT", body));
  expect(response.status, await response.text()).toBe(201);
}

async function ok<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(text) as T;
}

async function v1Predict(path: string, x: number[][]): Promise<V1Prediction> {
  return ok(await api(path, json("POST", { x })));
}

/** The inference request of the spec's example, adapted: one input x. */
function request(x: unknown, shape: number[], rest: object = {}): object {
  return {
    inputs: [{ name: "x", shape, datatype: "FP32", data: x }],
    ...rest,
  };
}

/**
 * Asserts that `response` is the protocol's error object at `status`,
 * whose message contains each of `fragments`, and that nothing was stored.
 */
async function expectV2Error(
  response: Response,
  before: string,
  status: number,
  ...fragments: string[]
): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error).toBe("string");
  for (const fragment of fragments) expect(body.error).toContain(fragment);
  // The service's message form: lower case, no full stop.
  expect(body.error).toMatch(/^[^A-Z].*[^.]$/s);
  expect(await storeSnapshot()).toBe(before);
  return body.error;
}

// The lab's toy data: two features, classes 0 and 1.
await train("v2-toy", { x: TOY_X, y: TOY_Y, epochs: 200 });
// Three named classes.
const ANIMALS_X = [
  [1, 0],
  [2, 1],
  [0, 5],
  [1, 6],
  [6, 0],
  [7, 1],
];
const ANIMALS_Y = ["cat", "cat", "dog", "dog", "fish", "fish"];
await train("v2-animals", { x: ANIMALS_X, y: ANIMALS_Y, epochs: 100 });

describe("health and metadata", () => {
  it("is live and ready, without a token even where reads need one", async () => {
    const vars = { READ_TOKEN: "read-token" };
    // An empty header is no token at all.
    const none = { headers: { authorization: "" } };
    const live = await withVars(vars, "/v2/health/live", none);
    expect(await ok(live)).toEqual({ live: true });
    const ready = await withVars(vars, "/v2/health/ready", none);
    expect(await ok(ready)).toEqual({ ready: true });
    const refused = await withVars(vars, "/v2/models/v2-toy", none);
    expect(refused.status).toBe(401);
    const server = await ok<{ name: string; extensions: unknown[] }>(
      await anonymous("/v2"),
    );
    expect(server).toMatchObject({ name: "edge-logreg", extensions: [] });
  });

  it("gives a two-class model's input x [-1, d] and its outputs", async () => {
    const metadata = await ok(await api("/v2/models/v2-toy"));
    expect(metadata).toEqual({
      name: "v2-toy",
      platform: "edge-logreg_linear",
      inputs: [{ name: "x", datatype: "FP32", shape: [-1, 2] }],
      outputs: [
        { name: "probabilities", datatype: "FP32", shape: [-1] },
        { name: "label", datatype: "INT64", shape: [-1] },
      ],
    });
    expect(await ok(await api("/v2/models/v2-toy/versions/1"))).toEqual(
      metadata,
    );
  });

  it("gives K probabilities and BYTES labels for named classes", async () => {
    const metadata = await ok<{ outputs: unknown[] }>(
      await api("/v2/models/v2-animals"),
    );
    expect(metadata.outputs).toEqual([
      { name: "probabilities", datatype: "FP32", shape: [-1, 3] },
      { name: "label", datatype: "BYTES", shape: [-1] },
    ]);
  });

  it("says a stored model is ready", async () => {
    expect(await ok(await api("/v2/models/v2-toy/ready"))).toEqual({
      name: "v2-toy",
      ready: true,
    });
    expect(await ok(await api("/v2/models/v2-toy/versions/1/ready"))).toEqual({
      name: "v2-toy",
      ready: true,
    });
  });
});

describe("inference", () => {
  it("answers the spec's example, adapted: id 42, shape [2, 2], one output asked for", async () => {
    // The spec's request names input0, shape [2, 2], data [1, 2, 3, 4] and
    // asks for output0; here the one input is x and the output probabilities.
    const answer = await ok<InferenceAnswer>(
      await api(
        "/v2/models/v2-toy/infer",
        json(
          "POST",
          request([1, 2, 3, 4], [2, 2], {
            id: "42",
            outputs: [{ name: "probabilities" }],
          }),
        ),
      ),
    );
    const v1 = await v1Predict("/v1/models/v2-toy/predict", [
      [1, 2],
      [3, 4],
    ]);
    expect(answer).toEqual({
      model_name: "v2-toy",
      model_version: "1",
      id: "42",
      outputs: [
        {
          name: "probabilities",
          shape: [2],
          datatype: "FP32",
          data: v1.probabilities,
        },
      ],
    });
  });

  it("gives /v1's probabilities and labels for the lab's rows, flat or nested, FP32 or FP64", async () => {
    const v1 = await v1Predict("/v1/models/v2-toy/predict", TOY_X);
    const expected = [
      {
        name: "probabilities",
        shape: [6],
        datatype: "FP32",
        data: v1.probabilities,
      },
      { name: "label", shape: [6], datatype: "INT64", data: v1.labels },
    ];
    // Row by row, the labels are the toy data's: training separated it.
    expect(v1.labels).toEqual(TOY_Y.flat());
    for (const datatype of ["FP32", "FP64"]) {
      for (const data of [TOY_X, TOY_X.flat()]) {
        const body = { inputs: [{ name: "x", shape: [6, 2], datatype, data }] };
        const answer = await ok<InferenceAnswer>(
          await api("/v2/models/v2-toy/infer", json("POST", body)),
        );
        expect(answer).toEqual({
          model_name: "v2-toy",
          model_version: "1",
          outputs: expected,
        });
      }
    }
  });

  it("reads the spec's Tensor Data example nested and flat alike", async () => {
    // "Tensor Data": the matrix [1 2; 4 5] as [[1, 2], [4, 5]] or [1, 2, 4, 5].
    const answers = [];
    for (const data of [
      [
        [1, 2],
        [4, 5],
      ],
      [1, 2, 4, 5],
    ]) {
      answers.push(
        await ok<InferenceAnswer>(
          await api(
            "/v2/models/v2-toy/infer",
            json("POST", request(data, [2, 2])),
          ),
        ),
      );
    }
    const v1 = await v1Predict("/v1/models/v2-toy/predict", [
      [1, 2],
      [4, 5],
    ]);
    expect(answers[0].outputs[0].data).toEqual(v1.probabilities);
    expect(answers[1]).toEqual(answers[0]);
  });

  it("answers the outputs asked for, in their order", async () => {
    const answer = await ok<InferenceAnswer>(
      await api(
        "/v2/models/v2-toy/infer",
        json(
          "POST",
          request(TOY_X, [6, 2], {
            outputs: [{ name: "label" }, { name: "probabilities" }],
          }),
        ),
      ),
    );
    expect(answer.outputs.map((o) => o.name)).toEqual([
      "label",
      "probabilities",
    ]);
  });

  it("answers K probabilities a row, flat, and labels as BYTES class names", async () => {
    const v1 = await v1Predict("/v1/models/v2-animals/predict", ANIMALS_X);
    const answer = await ok<InferenceAnswer>(
      await api(
        "/v2/models/v2-animals/infer",
        json("POST", request(ANIMALS_X, [6, 2], { id: "zoo" })),
      ),
    );
    expect(answer).toEqual({
      model_name: "v2-animals",
      model_version: "1",
      id: "zoo",
      outputs: [
        {
          name: "probabilities",
          shape: [6, 3],
          datatype: "FP32",
          data: (v1.probabilities as number[][]).flat(),
        },
        { name: "label", shape: [6], datatype: "BYTES", data: v1.labels },
      ],
    });
    expect(v1.labels).toEqual(ANIMALS_Y);
  });

  it("gives labels of other class values in the datatype that holds them", async () => {
    const x = [[0], [1], [2], [3]];
    const cases: [unknown[], string][] = [
      [[false, false, true, true], "BOOL"],
      [[-1, -1, 1, 1], "INT64"],
    ];
    for (const [y, datatype] of cases) {
      await train(`v2-${datatype}`, { x, y, epochs: 300 });
      const v1 = await v1Predict(`/v1/models/v2-${datatype}/predict`, x);
      const answer = await ok<InferenceAnswer>(
        await api(
          `/v2/models/v2-${datatype}/infer`,
          json("POST", request(x, [4, 1], { outputs: [{ name: "label" }] })),
        ),
      );
      expect(answer.outputs).toEqual([
        { name: "label", shape: [4], datatype, data: v1.labels },
      ]);
      expect(v1.labels).toEqual(y);
      const metadata = await ok<{ outputs: Tensor[] }>(
        await api(`/v2/models/v2-${datatype}`),
      );
      expect(metadata.outputs[1].datatype).toBe(datatype);
    }
  });

  it("uses the version the path names, and says which answered", async () => {
    await train("v2-versions", { x: TOY_X, y: TOY_Y, epochs: 5 });
    await train("v2-versions", { x: TOY_X, y: TOY_Y, epochs: 500 });
    for (const [path, version] of [
      ["/v2/models/v2-versions", "2"],
      ["/v2/models/v2-versions/versions/2", "2"],
      ["/v2/models/v2-versions/versions/1", "1"],
    ] as const) {
      const answer = await ok<InferenceAnswer>(
        await api(`${path}/infer`, json("POST", request(TOY_X, [6, 2]))),
      );
      const v1 = await v1Predict(
        `/v1/models/v2-versions/predict?version=${version}`,
        TOY_X,
      );
      expect(answer.model_version).toBe(version);
      expect(answer.outputs[0].data).toEqual(v1.probabilities);
    }
  });
});

describe("the course's data", () => {
  it("gives /v1's numbers for all 759 diabetes rows and the 101 zoo rows", async () => {
    const diabetes = diabetesCsv
      .trim()
      .split("\n")
      .map((line) => line.split(",").map(Number));
    const cases = [
      {
        name: "v2-diabetes",
        train: csv("PUT", diabetesCsv),
        query: "?epochs=100",
        x: diabetes.map((row) => row.slice(0, 8)),
        classes: 2,
      },
      {
        name: "v2-zoo",
        train: json("PUT", { x: fixture.zoo.x, y: fixture.zoo.y, lr: 0.1 }),
        query: "",
        x: fixture.zoo.x,
        classes: fixture.zoo.classes,
      },
    ];
    for (const { name, train, query, x, classes } of cases) {
      const trained = await api(`/v1/models/${name}${query}`, train);
      expect(trained.status).toBe(201);
      const v1 = await v1Predict(`/v1/models/${name}/predict`, x);
      const answer = await ok<InferenceAnswer>(
        await api(
          `/v2/models/${name}/infer`,
          json("POST", request(x.flat(), [x.length, x[0].length])),
        ),
      );
      const [probabilities, label] = answer.outputs;
      expect(probabilities.shape).toEqual(
        classes > 2 ? [x.length, classes] : [x.length],
      );
      expect(probabilities.data).toEqual(v1.probabilities.flat());
      expect(label).toEqual({
        name: "label",
        shape: [x.length],
        datatype: "INT64",
        data: v1.labels,
      });
    }
  });
});

describe("refusals, in the protocol's error shape", () => {
  const infer = (body: unknown, path = "/v2/models/v2-toy/infer") =>
    api(path, json("POST", body));

  it("refuses a wrong input name, datatype, shape or data with 400", async () => {
    const before = await storeSnapshot();
    const x = (input: object) => ({
      inputs: [
        {
          name: "x",
          shape: [2, 2],
          datatype: "FP32",
          data: [1, 2, 3, 4],
          ...input,
        },
      ],
    });
    const cases: [unknown, string[]][] = [
      [x({ name: "input0" }), ['inputs[0].name is "input0"', "one input, x"]],
      [
        x({ datatype: "UINT32" }),
        ['inputs[0].datatype is "UINT32"', '"FP32" or "FP64"'],
      ],
      [x({ shape: [4] }), ["inputs[0].shape is [4]", "[rows, features]"]],
      [
        x({ data: [1, 2, 3] }),
        ["inputs[0].data has 3 values", "shape [2, 2] holds 4"],
      ],
      [
        x({
          data: [
            [1, 2, 3],
            [4, 5, 6],
          ],
        }),
        ["inputs[0].data is 2 arrays of 3 values", "shape [2, 2]"],
      ],
      [
        x({ data: [[1, 2], [3]] }),
        ["inputs[0].data[1] has 1 items, expected 2"],
      ],
      [
        x({ data: [1, "2", 3, 4] }),
        ['inputs[0].data[1] is "2", expected a number'],
      ],
      [
        x({
          data: [
            [1, 2],
            [3, 1e300],
          ],
        }),
        ["inputs[0].data[1][1] is outside the float32 range"],
      ],
      [x({ data: [[[1, 2]], [[3, 4]]] }), ["nests 3 arrays deep"]],
      [
        x({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }),
        ["rows have 3 features, model v2-toy expects 2"],
      ],
      [x({ shape: [0, 2], data: [] }), ["send at least one row"]],
      [{ inputs: [] }, ["inputs must be a non-empty array"]],
      [
        { ...x({}), outputs: [{ name: "output0" }] },
        ['outputs[0].name is "output0"', '"probabilities" or "label"'],
      ],
      [{ ...x({}), id: 42 }, ["id must be a string, got 42"]],
      [{ ...x({}), extra: 1 }, ['unknown field "extra"']],
      [
        { ...x({}), parameters: { binary_data_output: true } },
        ["binary data extension"],
      ],
    ];
    for (const [body, fragments] of cases) {
      await expectV2Error(await infer(body), before, 400, ...fragments);
    }
  });

  it("refuses what is not a JSON object, and what is not JSON", async () => {
    const before = await storeSnapshot();
    await expectV2Error(
      await api("/v2/models/v2-toy/infer", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"inputs": [',
      }),
      before,
      400,
    );
    await expectV2Error(
      await api("/v2/models/v2-toy/infer", csv("POST", "1,2\n")),
      before,
      415,
      "send application/json",
    );
  });

  it("answers 404 for an unknown model, version or route, 400 for a bad version", async () => {
    const before = await storeSnapshot();
    const body = request([1, 2], [1, 2]);
    await expectV2Error(
      await infer(body, "/v2/models/v2-nothing/infer"),
      before,
      404,
      "no model named v2-nothing",
    );
    await expectV2Error(
      await infer(body, "/v2/models/v2-toy/versions/9/infer"),
      before,
      404,
      "model v2-toy has no version 9",
    );
    await expectV2Error(await api("/v2/models/v2-toy/versions/9"), before, 404);
    await expectV2Error(await api("/v2/models/v2-nothing/ready"), before, 404);
    await expectV2Error(
      await infer(body, "/v2/models/v2-toy/versions/0/infer"),
      before,
      400,
      "version must be",
      'got "0"',
    );
    await expectV2Error(
      await api("/v2/repository/index"),
      before,
      404,
      "no route",
    );
    await expectV2Error(
      await api("/v2/models/v2-toy?version=1"),
      before,
      400,
      "version",
    );
  });

  it("needs the read token where /v1 does: 401 in the protocol's shape", async () => {
    const before = await storeSnapshot();
    const vars = { READ_TOKEN: "read-token" };
    const body = json("POST", request([1, 2], [1, 2]));
    for (const path of ["/v2/models/v2-toy", "/v2/models/v2-toy/ready"]) {
      const response = await withVars(vars, path, {
        headers: { authorization: "Bearer nope" },
      });
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      await expectV2Error(response, before, 401, "not valid");
    }
    await expectV2Error(
      await withVars(vars, "/v2/models/v2-toy/infer", {
        ...body,
        headers: { ...body.headers, authorization: "Bearer nope" },
      }),
      before,
      401,
    );
    const read = await withVars(vars, "/v2/models/v2-toy/infer", {
      ...body,
      headers: { ...body.headers, authorization: "Bearer read-token" },
    });
    expect(read.status).toBe(200);
  });

  it("holds an inference to /v1's limits: 413 and 422 in the protocol's shape", async () => {
    const before = await storeSnapshot();
    const body = json("POST", request(TOY_X, [6, 2]));
    await expectV2Error(
      await withVars({ MAX_BODY_BYTES: "40" }, "/v2/models/v2-toy/infer", body),
      before,
      413,
      "larger than 40 bytes",
    );
    // 6 rows of a probability and a label are 12 numbers.
    await expectV2Error(
      await withVars(
        { MAX_PREDICTION_VALUES: "11" },
        "/v2/models/v2-toy/infer",
        body,
      ),
      before,
      422,
      "12 numbers",
    );
    await expectV2Error(
      await withVars({ MAX_ROWS: "5" }, "/v2/models/v2-toy/infer", body),
      before,
      422,
      "6 rows",
    );
    expect(
      (
        await withVars(
          { MAX_PREDICTION_VALUES: "12" },
          "/v2/models/v2-toy/infer",
          body,
        )
      ).status,
    ).toBe(200);
  });
});
