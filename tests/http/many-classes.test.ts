/**
 * Many classes through the Worker: the course's zoo data (16 features, 7
 * classes) trains a softmax regression whose costs, accuracies, weights and
 * probabilities match PyTorch 1.13 (F.cross_entropy + optim.SGD, lr 0.1,
 * 1000 epochs) within 1e-6, and whose report's metrics are scikit-learn's
 * (tests/fixtures/options.py). Every refusal leaves the store unchanged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type {
  SoftmaxModelJson,
  SoftmaxTrainingReport,
} from "../../src/reports/model-json";
import { optimizerJson } from "../../src/reports/model-json";
import {
  expectWithinSpread,
  fixture,
  type SoftmaxCase,
} from "../fixtures/options";
import { api, csv, expectError, json, storeSnapshot } from "./api";

const TOLERANCE = 1e-6;
const { x: ZOO_X, y: ZOO_Y, classes: K } = fixture.zoo;
/** The zoo's classes: its labels 0..6, as the model lists them. */
const CLASSES = Array.from({ length: K }, (_, k) => k);
const [FROM_ZEROS, FROM_TORCH] = fixture.softmax;

/**
 * The zoo rows as the course's CSV has them: `#` comment lines first (one
 * with a stray quote, as the real file's), no header, the class last.
 */
const ZOO_CSV = [
  "# https://archive.ics.uci.edu/ml/machine-learning-databases/zoo/zoo.data,,,",
  '#  14. legs     Numeric (set of values: {0",2,4,5,6,8}),,,,,,,,,,,',
  '#  18. type     Numeric (integer values in range [0",6]),,,,,,,',
  ...ZOO_X.map((row, i) => `${row.join(",")},${ZOO_Y[i]}`),
  "",
].join("\n");

async function put(path: string, init: RequestInit): Promise<SoftmaxModelJson> {
  const response = await api(path, init);
  const body = await response.text();
  expect(response.status, body).toBe(201);
  return JSON.parse(body) as SoftmaxModelJson;
}

function expectNear(actual: number[], expected: number[], what: string) {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) =>
    expect(Math.abs(v - expected[i]), `${what}[${i}]`).toBeLessThanOrEqual(
      TOLERANCE,
    ),
  );
}

/** The model's history and weights are PyTorch's for `reference`. */
function expectTraining(model: SoftmaxModelJson, reference: SoftmaxCase) {
  expect(model.classes).toEqual(CLASSES);
  expect(model.features).toBe(16);
  expect(model.samples).toBe(ZOO_Y.length);
  expect(model.history.map((log) => log.epoch)).toEqual(
    reference.history.map((log) => log.epoch),
  );
  expectNear(
    model.history.map((log) => log.cost),
    reference.history.map((log) => log.cost),
    "cost",
  );
  expect(model.history.map((log) => log.accuracy)).toEqual(
    reference.history.map((log) => log.accuracy),
  );
  expectNear(model.weights.w.flat(), reference.weights.w, "W");
  expectNear(model.weights.b, reference.weights.b, "b");
}

describe("the zoo, 7 classes, against PyTorch", () => {
  let zoo: SoftmaxModelJson;

  beforeAll(async () => {
    zoo = await put(
      "/v1/models/zoo?epochs=1000&lr=0.1&logEvery=100",
      csv("PUT", ZOO_CSV),
    );
  });

  it("trains from zeros on the course's CSV, comments and all", () => {
    expectTraining(zoo, FROM_ZEROS);
    expect(zoo.init).toBe("zeros");
    expect(zoo.initialWeights.w).toEqual(
      Array.from({ length: K }, () => new Array(16).fill(0)),
    );
    expect(zoo.cost).toBe(zoo.history.at(-1)?.cost);
  });

  it("predicts a probability per class and the most likely class", async () => {
    const response = await api(
      "/v1/models/zoo/predict",
      json("POST", { x: ZOO_X }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      classes: number[];
      probabilities: number[][];
      labels: number[];
    };
    expect(body.classes).toEqual(CLASSES);
    expect(body.probabilities).toHaveLength(ZOO_Y.length);
    expectNear(body.probabilities.flat(), FROM_ZEROS.probabilities, "p");
    expect(body.labels).toEqual(FROM_ZEROS.predicted);
    expect(body).not.toHaveProperty("threshold");
  });

  it("explains the logit of the predicted class", async () => {
    const row = ZOO_X[2];
    const response = await api(
      `/v1/models/zoo/predict?x=${row.join(",")}&explain=true`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      labels: number[];
      explanations: {
        class: number;
        bias: number;
        contributions: number[];
        logit: number;
      }[];
    };
    const [explained] = body.explanations;
    const k = FROM_ZEROS.predicted[2];
    expect(body.labels).toEqual([k]);
    expect(explained.class).toBe(k);
    expect(explained.bias).toBe(zoo.weights.b[k]);
    expect(explained.contributions).toEqual(
      // JSON has no -0: a 0 feature's share arrives as 0.
      row.map((v, j) => Math.fround(v) * zoo.weights.w[k][j] + 0),
    );
    expect(explained.logit).toBeCloseTo(
      explained.contributions.reduce((s, c) => s + c, explained.bias),
      12,
    );
  });

  it("reports the K × K confusion matrix and scikit-learn's per-class metrics", async () => {
    const report = (await (
      await api("/v1/models/zoo/report")
    ).json()) as SoftmaxTrainingReport;
    const expected = FROM_ZEROS.metrics;
    expect(report.confusionMatrix).toEqual(expected.confusion);
    const training = report.metrics.training;
    expect(training.confusionMatrix).toEqual(expected.confusion);
    expect(training.precision).toEqual(expected.precision);
    expect(training.recall).toEqual(expected.recall);
    expect(training.f1).toEqual(expected.f1);
    expect(training.support).toEqual(expected.support);
    expect(training.macro).toEqual(expected.macro);
    expect(training.weighted).toEqual(expected.weighted);
    expect(training.accuracy).toBe(FROM_ZEROS.history.at(-1)?.accuracy);
    expect(training.classes).toBe(K);
    expect(training.samples).toBe(ZOO_Y.length);
  });

  it("prints the lab's lines in text", async () => {
    const response = await api("/v1/models/zoo/report", {
      headers: { accept: "text/plain" },
    });
    const lines = (await response.text()).trimEnd().split("\n");
    // The lab's lines, then one line for the model's one warning: the
    // zoo's 7 classes are separated (training accuracy 1).
    const labLines = FROM_ZEROS.history.length + 1;
    expect(lines).toHaveLength(labLines + 1);
    expect(lines[0]).toBe("Epoch    0/1000 Cost: 1.945910 Accuracy 40.59%");
    expect(lines[labLines - 1]).toBe(
      `The model has an accuracy of ${(zoo.accuracy * 100).toFixed(2)}% for the training set.`,
    );
    expect(lines[labLines]).toMatch(
      /^Warning \(perfect_separation\): training accuracy is 1 and the weights are still growing/,
    );
  });

  it("evaluates posted rows as the report measures the training rows", async () => {
    const response = await api("/v1/models/zoo/evaluate", csv("POST", ZOO_CSV));
    expect(response.status).toBe(200);
    const report = (await (
      await api("/v1/models/zoo/report")
    ).json()) as SoftmaxTrainingReport;
    expect(await response.json()).toEqual({
      name: "zoo",
      version: zoo.version,
      ...report.metrics.training,
      // The class values, where the metrics give their count.
      classes: CLASSES,
    });
  });

  it("draws the history, and lists the model with its classes", async () => {
    const svg = await api("/v1/models/zoo/history.svg");
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain("<svg");
    const list = (await (await api("/v1/models")).json()) as {
      models: { name: string; classes?: number[] }[];
    };
    expect(list.models.find((m) => m.name === "zoo")?.classes).toEqual(CLASSES);
  });

  it("warm-starts: 500 epochs, then 499 more, are the 1000-epoch model", async () => {
    const first = await put(
      "/v1/models/zoo-half?epochs=500&lr=0.1&logEvery=100",
      csv("PUT", ZOO_CSV),
    );
    const init = encodeURIComponent(JSON.stringify({ model: "zoo-half" }));
    const second = await put(
      `/v1/models/zoo-rest?epochs=499&lr=0.1&logEvery=100&init=${init}`,
      csv("PUT", ZOO_CSV),
    );
    expect(second.init).toEqual({ model: "zoo-half", version: first.version });
    expect(second.initialWeights).toEqual(first.weights);
    expect(second.weights).toEqual(zoo.weights);
  });
});

describe("other starts", () => {
  it("starts from nn.Linear(16, 7) after torch.manual_seed(0)", async () => {
    const model = await put(
      "/v1/models/zoo-torch",
      json("PUT", {
        x: ZOO_X,
        y: ZOO_Y.map((label) => [label]),
        epochs: 1000,
        lr: 0.1,
        logEvery: 100,
        init: { torch: { seed: 0 } },
      }),
    );
    expect(model.initialWeights.w.flat()).toEqual(FROM_TORCH.initial?.w);
    expect(model.initialWeights.b).toEqual(FROM_TORCH.initial?.b);
    expectTraining(model, FROM_TORCH);
  });

  it("starts from explicit rows of weights", async () => {
    const initial = FROM_TORCH.initial ?? { w: [], b: [] };
    const rows = Array.from({ length: K }, (_, k) =>
      initial.w.slice(k * 16, (k + 1) * 16),
    );
    const model = await put(
      "/v1/models/zoo-explicit",
      json("PUT", {
        x: ZOO_X,
        y: ZOO_Y,
        epochs: 1000,
        lr: 0.1,
        logEvery: 100,
        init: { w: rows, b: initial.b },
      }),
    );
    expect(model.init).toEqual({ w: rows, b: initial.b });
    expectTraining(model, FROM_TORCH);
  });

  it("declares a class no row has with `classes`", async () => {
    const model = await put(
      "/v1/models/four",
      json("PUT", { x: [[0], [1], [2]], y: [0, 1, 2], classes: 4, epochs: 2 }),
    );
    expect(model.classes).toEqual([0, 1, 2, 3]);
    expect(model.weights.b).toHaveLength(4);
    const report = (await (
      await api("/v1/models/four/report")
    ).json()) as SoftmaxTrainingReport;
    expect(report.metrics.training.support).toEqual([1, 1, 1, 0]);
  });
});

describe("the extended options with many classes, against PyTorch", () => {
  fixture.softmaxOptions.forEach((c, index) => {
    it(c.name, async () => {
      const { optimizer, ...rest } = c.options;
      const plain =
        optimizer.kind === "sgd" &&
        optimizer.momentum === 0 &&
        optimizer.weightDecay === 0;
      const options = {
        ...rest,
        ...(!plain && { optimizer: optimizerJson(optimizer) }),
      };
      const model = await put(
        `/v1/models/zoo-options-${index}`,
        json("PUT", { x: ZOO_X, y: ZOO_Y, ...options }),
      );
      expect(model.history.map((log) => log.epoch)).toEqual(
        c.history.map((log) => log.epoch),
      );
      expectNear(
        model.history.map((log) => log.cost),
        c.history.map((log) => log.cost),
        "cost",
      );
      expect(model.history.map((log) => log.accuracy)).toEqual(
        c.history.map((log) => log.accuracy),
      );
      if (c.history[0].dataCost !== undefined) {
        expectNear(
          model.history.map((log) => log.dataCost ?? NaN),
          c.history.map((log) => log.dataCost ?? NaN),
          "dataCost",
        );
      }
      const trained = model.standardizedWeights ?? model.weights;
      const reference = c.standardizedWeights ?? c.weights;
      expectWithinSpread(
        [...trained.w.flat(), ...trained.b],
        [...reference.w, ...reference.b],
        [...c.float64Weights.w, ...c.float64Weights.b],
      );
      if (c.standardization !== undefined) {
        expect(model.standardization).toEqual(c.standardization);
        // In original units, w / scale: the zoo's scales (down to 0.17)
        // magnify by up to 6.
        expectWithinSpread(
          [...model.weights.w.flat(), ...model.weights.b],
          [...c.weights.w, ...c.weights.b],
          undefined,
          10 * TOLERANCE,
        );
      }
      for (const [key, value] of Object.entries(options)) {
        expect(model[key as keyof SoftmaxModelJson], key).toEqual(value);
      }
      const stored = await api(`/v1/models/zoo-options-${index}`);
      expect(await stored.json()).toEqual(model);
    });
  });

  it("stops early on the held-out rows, keeping the best weights", async () => {
    const model = await put(
      "/v1/models/zoo-early",
      json("PUT", {
        x: ZOO_X,
        y: ZOO_Y,
        epochs: 2000,
        lr: 1,
        logEvery: 10,
        validation: { fraction: 0.3, seed: 1 },
        earlyStopping: { patience: 3, minDelta: 0 },
      }),
    );
    const stopping = model.stopping!;
    expect(stopping.reason).toBe("no_improvement");
    const held = model.history.map((log) => log.validationCost!);
    const best = Math.min(...held);
    expect(model.history[held.indexOf(best)].epoch).toBe(stopping.bestEpoch);
    expect(model.history.at(-1)?.epoch).toBe(stopping.stoppedAt);
    expect(stopping.stoppedAt).toBe(stopping.bestEpoch + 30);
  });
});

describe("validation with many classes", () => {
  it("holds out a share of each class and measures it every logged epoch", async () => {
    const validation = encodeURIComponent(
      JSON.stringify({ fraction: 0.25, seed: 3 }),
    );
    const model = await put(
      `/v1/models/zoo-held?epochs=200&lr=0.1&logEvery=50&validation=${validation}`,
      csv("PUT", ZOO_CSV),
    );
    const report = (await (
      await api("/v1/models/zoo-held/report")
    ).json()) as SoftmaxTrainingReport;
    const support = FROM_ZEROS.metrics.support;
    const held = support.map((n) => Math.round(0.25 * n));
    expect(report.validation).toEqual({
      fraction: 0.25,
      seed: 3,
      samples: held.reduce((a, b) => a + b, 0),
    });
    expect(report.metrics.validation?.support).toEqual(held);
    expect(report.metrics.training.support).toEqual(
      support.map((n, k) => n - held[k]),
    );
    expect(model.samples + (report.validation?.samples ?? 0)).toBe(
      ZOO_Y.length,
    );
    for (const log of model.history) {
      expect(log.validationCost).toBeGreaterThan(0);
      expect(log.validationAccuracy).toBeGreaterThanOrEqual(0);
    }
    expect(model.history[0].validationCost).toBeCloseTo(Math.log(7), 12);
  });
});

describe("refusals", () => {
  beforeAll(async () => {
    await put(
      "/v1/models/trio",
      json("PUT", { x: [[0], [1], [2]], y: [0, 1, 2] }),
    );
    const response = await api(
      "/v1/models/pair",
      json("PUT", { x: [[0], [1]], y: [0, 1] }),
    );
    expect(response.status).toBe(201);
  });

  const three = { x: [[0], [1], [2]], y: [0, 1, 2] };
  const cases: [string, string, RequestInit, number, string, string][] = [
    [
      "class weights for two classes with three",
      "/v1/models/bad",
      json("PUT", { ...three, classWeights: { "0": 1, "1": 2 } }),
      400,
      "invalid_option",
      'classWeights has no weight for class "2": give one for each class ["0","1","2"]',
    ],
    [
      "class weights for a class beyond them",
      "/v1/models/bad",
      json("PUT", {
        ...three,
        classWeights: { "0": 1, "1": 2, "2": 1, "3": 1 },
      }),
      400,
      "invalid_option",
      'classWeights has a weight for "3", which is not a class: give one for each class ["0","1","2"]',
    ],
    [
      "balanced class weights with a class missing",
      "/v1/models/bad",
      json("PUT", { ...three, classes: 4, classWeights: "balanced" }),
      400,
      "invalid_option",
      'classWeights "balanced" needs every class among the 3 training rows, got no row of class 3',
    ],
    [
      "the lab's loss with many classes",
      "/v1/models/bad?loss=lab",
      csv("PUT", "0,0\n1,1\n2,2\n"),
      400,
      "invalid_option",
      "loss applies to two-class models, and classes is 3",
    ],
    [
      "a threshold with many classes",
      "/v1/models/bad",
      json("PUT", { ...three, threshold: 0.7 }),
      400,
      "invalid_option",
      "threshold applies to two-class models",
    ],
    [
      "a label not below classes",
      "/v1/models/bad",
      json("PUT", { ...three, classes: 2 }),
      400,
      "invalid_option",
      "classes is 2, and row 3 has label 2: labels run from 0 to 1",
    ],
    [
      "classes above the most",
      "/v1/models/bad",
      json("PUT", { ...three, classes: 101 }),
      400,
      "invalid_option",
      "classes must be one of an integer from 2 to 100 or a non-empty array of values, got 101",
    ],
    [
      "one weight per feature for many classes",
      "/v1/models/bad",
      json("PUT", { ...three, init: { w: [0], b: 0 } }),
      400,
      "invalid_option",
      "init.w has one weight per feature, and classes is 3",
    ],
    [
      "a row per class for two classes",
      "/v1/models/bad",
      json("PUT", {
        x: [[0], [1]],
        y: [0, 1],
        init: { w: [[0], [0], [0]], b: [0, 0, 0] },
      }),
      400,
      "invalid_option",
      "init.w has a row per class, and classes is 2",
    ],
    [
      "too few rows of weights",
      "/v1/models/bad",
      json("PUT", {
        ...three,
        classes: 4,
        init: { w: [[0], [0], [0]], b: [0, 0, 0] },
      }),
      400,
      "invalid_option",
      "init.w has 3 rows, and classes is 4",
    ],
    [
      "rows of weights of another width",
      "/v1/models/bad",
      json("PUT", {
        ...three,
        init: {
          w: [
            [0, 1],
            [0, 1],
            [0, 1],
          ],
          b: [0, 0, 0],
        },
      }),
      400,
      "invalid_option",
      "init.w rows have 2 values, the data has 1 features",
    ],
    [
      "biases that do not match the rows",
      "/v1/models/bad",
      json("PUT", { ...three, init: { w: [[0], [0], [0]], b: [0, 0] } }),
      400,
      "invalid_option",
      "init.b must be",
    ],
    [
      "a warm start from a two-class model",
      "/v1/models/bad",
      json("PUT", { ...three, init: { model: "pair" } }),
      400,
      "invalid_option",
      "init.model: model pair has classes [0,1], this training has [0,1,2]",
    ],
    [
      "a warm start from a model of many classes into two",
      "/v1/models/bad",
      json("PUT", { x: [[0], [1]], y: [0, 1], init: { model: "trio" } }),
      400,
      "invalid_option",
      "init.model: model trio has classes [0,1,2], this training has [0,1]",
    ],
    [
      "a threshold for a prediction of many classes",
      "/v1/models/trio/predict?x=1&threshold=0.3",
      { method: "GET" },
      400,
      "invalid_option",
      "threshold applies to two-class models, and model trio has 3 classes",
    ],
    [
      "a threshold for an evaluation of many classes",
      "/v1/models/trio/evaluate",
      json("POST", { ...three, threshold: 0.3 }),
      400,
      "invalid_option",
      "threshold applies to two-class models",
    ],
    [
      "a label the model has no class for",
      "/v1/models/trio/evaluate",
      json("POST", { x: [[0], [1]], y: [0, 3] }),
      400,
      "invalid_dataset",
      "row 2 has label 3, which is not a class of model trio: its classes are [0,1,2]",
    ],
    [
      "a ROC curve of many classes",
      "/v1/models/trio/roc.svg",
      { method: "GET" },
      404,
      "report_not_found",
      "model trio has 3 classes",
    ],
  ];

  for (const [name, path, init, status, code, message] of cases) {
    it(`refuses ${name}, storing nothing`, async () => {
      const before = await storeSnapshot();
      await expectError(await api(path, init), status, code, message);
      expect(await storeSnapshot()).toBe(before);
    });
  }
});
