/**
 * The extended training options over HTTP: standardize, l1, l2, batchSize
 * and seed, optimizer, earlyStopping, classWeights. Each fixture case of
 * tests/fixtures/options.json (real PyTorch 1.13, made by options.py) is
 * trained through the Worker and its history and weights compared at the
 * tolerances of tests/engine/train-options.test.ts; the lab's numbers stay
 * bit for bit with every option at its default; and every refusal leaves
 * the store unchanged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { stratifiedSplit } from "../../src/engine/split";
import { trainLogs } from "../engine/train-logs";
import { zeroWeights } from "../../src/engine/weights";
import type {
  LogisticModelJson,
  LogisticTrainingReport,
} from "../../src/reports/model-json";
import { optimizerJson } from "../../src/reports/model-json";
import {
  COST_TOLERANCE,
  DIABETES_BCE_COSTS,
  TOY_COSTS,
  TOY_X,
  TOY_Y,
} from "../fixtures/lab05";
import {
  diabetes,
  expectWeights,
  fixture,
  type BinaryCase,
} from "../fixtures/options";
import { api, csv, expectError, json, storeSnapshot } from "./api";

/** The lab's tolerance for a cost, and the weights' where float32 allows. */
const TOLERANCE = 1e-6;

type Options = Record<string, unknown>;

/** A fixture case's options as a request sends them. */
function requestOptions(c: BinaryCase): Options {
  const { optimizer, ...rest } = c.options;
  const plain =
    optimizer.kind === "sgd" &&
    optimizer.momentum === 0 &&
    optimizer.weightDecay === 0;
  return { ...rest, optimizer: plain ? "sgd" : optimizerJson(optimizer) };
}

/** The options as a query string: numbers as text, objects as JSON. */
function queryOf(options: Options): string {
  const entries = Object.entries(options).map(([key, value]) => [
    key,
    typeof value === "object" ? JSON.stringify(value) : String(value),
  ]);
  return new URLSearchParams(entries).toString();
}

/** Trains `name` on the toy rows (JSON) or the diabetes CSV (query string). */
async function train(
  name: string,
  data: "toy" | "diabetes",
  options: Options,
): Promise<LogisticModelJson> {
  const response =
    data === "toy"
      ? await api(
          `/v1/models/${name}`,
          json("PUT", { x: TOY_X, y: TOY_Y, ...options }),
        )
      : await api(
          `/v1/models/${name}?${queryOf(options)}`,
          csv("PUT", diabetesCsv),
        );
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as LogisticModelJson;
}

describe("against PyTorch, through the Worker", () => {
  fixture.binary.forEach((c, index) => {
    it(c.name, async () => {
      const options = requestOptions(c);
      const model = await train(`torch-${index}`, c.data, options);
      expect(model.history.map((log) => log.epoch)).toEqual(
        c.history.map((log) => log.epoch),
      );
      model.history.forEach((log, i) => {
        const reference = c.history[i];
        expect(Math.abs(log.cost - reference.cost)).toBeLessThanOrEqual(
          TOLERANCE,
        );
        expect(log.accuracy).toBe(reference.accuracy);
        if (reference.dataCost === undefined) {
          expect(log).not.toHaveProperty("dataCost");
        } else {
          expect(
            Math.abs(log.dataCost! - reference.dataCost),
          ).toBeLessThanOrEqual(TOLERANCE);
        }
      });
      if (c.standardizedWeights === undefined) {
        expectWeights(model.weights, c.weights, c.float64Weights);
        expect(model).not.toHaveProperty("standardizedWeights");
        expect(model).not.toHaveProperty("standardization");
      } else {
        expectWeights(
          model.standardizedWeights!,
          c.standardizedWeights,
          c.float64StandardizedWeights,
        );
        // In original units, w / scale: scales of 0.2–0.4 magnify by up to 5.
        expectWeights(model.weights, c.weights, undefined, 5 * TOLERANCE);
        // StandardScaler's mean_ and scale_, to the last bit.
        expect(model.standardization).toEqual(fixture.standardizeDiabetes);
      }
      // The options come back in the form they are sent in.
      for (const [key, value] of Object.entries(options)) {
        if (key === "optimizer" && value === "sgd") {
          expect(model).not.toHaveProperty("optimizer");
        } else {
          expect(model[key as keyof LogisticModelJson], key).toEqual(value);
        }
      }
      // And the stored version reads back as it was answered.
      const stored = await api(`/v1/models/torch-${index}`);
      expect(await stored.json()).toEqual(model);
    });
  });
});

describe("standardize", () => {
  it("predicts with the original-unit weights, the standardized model's logits", async () => {
    const model = await train("standardized", "diabetes", {
      standardize: true,
      epochs: 100,
      logEvery: 10,
    });
    const { mean, scale } = model.standardization!;
    const row = [
      -0.294118, 0.487437, 0.180328, -0.292929, 0, 0.00149028, -0.53117,
      -0.0333333,
    ];
    const s = model.standardizedWeights!;
    let logit = s.b;
    row.forEach((x, j) => {
      logit += s.w[j] * ((Math.fround(x) - mean[j]) / scale[j]);
    });
    const response = await api(
      "/v1/models/standardized/predict",
      json("POST", { x: [row] }),
    );
    const { probabilities } = (await response.json()) as {
      probabilities: number[];
    };
    expect(probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-logit)), 6);

    const report = (await (
      await api("/v1/models/standardized/report")
    ).json()) as LogisticTrainingReport;
    expect(report.weights).toEqual(model.weights);
    expect(report.standardizedWeights).toEqual(model.standardizedWeights);
    expect(report.standardization).toEqual(model.standardization);
  });

  it("takes its statistics from the training rows, after the validation split", async () => {
    const model = await train("standardized-split", "diabetes", {
      standardize: true,
      validation: { fraction: 0.2, seed: 3 },
      epochs: 10,
    });
    const { training } = stratifiedSplit(diabetes(), 0.2, 3);
    expect(model.samples).toBe(training.rows);
    expect(model.standardization!.mean).not.toEqual(
      fixture.standardizeDiabetes.mean,
    );
    let sum = 0;
    for (let i = 0; i < training.rows; i++) sum += training.x[i * 8];
    expect(model.standardization!.mean[0]).toBe(sum / training.rows);
  });
});

describe("early stopping", () => {
  const validation = { fraction: 0.25, seed: 1 };
  const earlyStopping = { patience: 2, minDelta: 0.002 };

  it("reports where it stopped, the best epoch and why, as the engine does", async () => {
    const model = await train("stopped", "diabetes", {
      epochs: 300,
      logEvery: 10,
      validation,
      earlyStopping,
    });
    const { training, validation: held } = stratifiedSplit(diabetes(), 0.25, 1);
    const engine = trainLogs(training, {
      epochs: 300,
      lr: 1,
      logEvery: 10,
      loss: "bce",
      initial: zeroWeights(1, 8),
      validation: held,
      earlyStopping,
    });
    expect(engine.reason).toBe("no_improvement");
    expect(model.stopping).toEqual({
      stoppedAt: engine.stoppedAt,
      bestEpoch: engine.bestEpoch,
      reason: "no_improvement",
    });
    expect(model.stopping!.stoppedAt).toBeLessThan(300);
    expect(model.history).toEqual(engine.history);
    expect(model.weights).toEqual({
      w: Array.from(engine.weights.w),
      b: engine.weights.b[0],
    });
    expect(model.earlyStopping).toEqual(earlyStopping);
    const report = (await (
      await api("/v1/models/stopped/report")
    ).json()) as LogisticTrainingReport;
    expect(report.stopping).toEqual(model.stopping);
  });

  it("says completed when the cost kept falling", async () => {
    const model = await train("completed", "diabetes", {
      epochs: 40,
      logEvery: 10,
      validation,
      earlyStopping: { patience: 1 },
    });
    expect(model.stopping).toEqual({
      stoppedAt: 40,
      bestEpoch: 40,
      reason: "completed",
    });
    expect(model.earlyStopping).toEqual({ patience: 1, minDelta: 0 });
  });
});

describe("mini-batches", () => {
  it("the seed defaults to 0 and is stored with the batch size", async () => {
    const implicit = await train("batches-a", "diabetes", {
      epochs: 3,
      batchSize: 64,
    });
    const explicit = await train("batches-b", "diabetes", {
      epochs: 3,
      batchSize: 64,
      seed: 0,
    });
    const other = await train("batches-c", "diabetes", {
      epochs: 3,
      batchSize: 64,
      seed: 1,
    });
    expect(implicit.seed).toBe(0);
    expect(explicit.weights).toEqual(implicit.weights);
    expect(other.weights).not.toEqual(implicit.weights);
  });
});

describe("every option at its default: the lab's numbers, bit for bit", () => {
  const defaults: Options[] = [
    { standardize: false, l1: 0, l2: 0, optimizer: "sgd" },
    { optimizer: { sgd: {} } },
    { optimizer: { sgd: { momentum: 0, nesterov: false, weightDecay: 0 } } },
  ];
  /** A model's JSON without what differs between two trainings of it. */
  function trained(model: LogisticModelJson): Options {
    const { name: _name, version: _version, createdAt: _at, ...rest } = model;
    return rest;
  }

  it("toy data, 1000 epochs", async () => {
    const base = { epochs: 1000, logEvery: 100 };
    const plain = await train("defaults-toy", "toy", base);
    TOY_COSTS.torch.forEach((cost, i) => {
      expect(Math.abs(plain.history[i].cost - cost)).toBeLessThanOrEqual(
        COST_TOLERANCE,
      );
    });
    for (const options of defaults) {
      const model = await train("defaults-toy", "toy", { ...base, ...options });
      expect(trained(model)).toStrictEqual(trained(plain));
    }
  });

  it("diabetes CSV, options in the query string", async () => {
    const plain = await train("defaults-csv", "diabetes", {});
    DIABETES_BCE_COSTS.torch.forEach((cost, i) => {
      expect(Math.abs(plain.history[i].cost - cost)).toBeLessThanOrEqual(
        COST_TOLERANCE,
      );
    });
    for (const options of defaults) {
      const model = await train("defaults-csv", "diabetes", options);
      expect(trained(model)).toStrictEqual(trained(plain));
    }
  });
});

describe("refusals: 400 invalid_option, nothing stored", () => {
  beforeAll(async () => {
    // One stored model, so "unchanged" covers an existing model too.
    await train("kept", "toy", { epochs: 5 });
  });

  async function refused(
    init: RequestInit,
    path: string,
    ...fragments: string[]
  ): Promise<void> {
    const before = await storeSnapshot();
    await expectError(
      await api(path, init),
      400,
      "invalid_option",
      ...fragments,
    );
    expect(await storeSnapshot()).toBe(before);
  }

  const body: [string, Options, ...string[]][] = [
    [
      "standardize not a boolean",
      { standardize: 1 },
      "standardize must be true or false, got 1",
    ],
    [
      "l2 below 0",
      { l2: -0.1 },
      "l2 must be a finite number of at least 0, got -0.1",
    ],
    ["l1 as text", { l1: "0.1" }, "l1 must be a number"],
    [
      "batchSize 0",
      { batchSize: 0 },
      "batchSize must be a positive integer, got 0",
    ],
    [
      "batchSize not an integer",
      { batchSize: 2.5 },
      "batchSize must be a positive integer, got 2.5",
    ],
    [
      "seed past 2^53 - 1",
      { batchSize: 2, seed: 2 ** 53 },
      "seed must be an integer from 0 to 2^53 - 1",
    ],
    [
      "an unknown optimizer",
      { optimizer: "adamw" },
      "optimizer must be one of",
    ],
    [
      "two optimizers",
      { optimizer: { sgd: {}, adam: {} } },
      "optimizer must be one of",
    ],
    [
      "an unknown sgd field",
      { optimizer: { sgd: { dampening: 0.1 } } },
      "optimizer.sgd must be",
    ],
    [
      "momentum below 0",
      { optimizer: { sgd: { momentum: -0.5 } } },
      "optimizer.sgd.momentum must be a finite number of at least 0, got -0.5",
    ],
    [
      "nesterov not a boolean",
      { optimizer: { sgd: { momentum: 0.9, nesterov: "yes" } } },
      "optimizer.sgd.nesterov must be true or false",
    ],
    [
      "weightDecay below 0",
      { optimizer: { sgd: { weightDecay: -1 } } },
      "optimizer.sgd.weightDecay must be",
    ],
    [
      "beta1 of 1",
      { optimizer: { adam: { beta1: 1 } } },
      "optimizer.adam.beta1 must be a number from 0 to below 1, got 1",
    ],
    [
      "beta2 below 0",
      { optimizer: { adam: { beta2: -0.1 } } },
      "optimizer.adam.beta2 must be",
    ],
    [
      "eps below 0",
      { optimizer: { adam: { eps: -1e-8 } } },
      "optimizer.adam.eps must be a finite number of at least 0",
    ],
    [
      "earlyStopping without patience",
      { validation: { fraction: 0.5 }, earlyStopping: { minDelta: 0 } },
      'earlyStopping must be {"patience": k, "minDelta": d}',
    ],
    [
      "patience 0",
      { validation: { fraction: 0.5 }, earlyStopping: { patience: 0 } },
      "earlyStopping.patience must be a positive integer, got 0",
    ],
    [
      "minDelta below 0",
      {
        validation: { fraction: 0.5 },
        earlyStopping: { patience: 1, minDelta: -1 },
      },
      "earlyStopping.minDelta must be",
    ],
    [
      "an unknown class weight form",
      { classWeights: "even" },
      'classWeights must be one of "balanced" or {"0": a, "1": b, ...}',
    ],
    [
      "a class weight of 0",
      { classWeights: { "0": 0, "1": 1 } },
      'classWeights["0"] must be a finite number above 0, got 0',
    ],
    [
      "a class weight 0 in float32",
      { classWeights: { "0": 1, "1": 1e-50 } },
      'classWeights["1"] must be above 0 and finite in float32',
    ],
    [
      "a class weight missing",
      { classWeights: { "0": 1 } },
      "classWeights must be",
    ],
    [
      "a class weight for a class the data has not",
      { classWeights: { "0": 1, "2": 1 } },
      'classWeights has a weight for "2", which is not a class: give one for each class ["0","1"]',
    ],
    [
      "a class weight keyed by no class",
      { classWeights: { "0": 1, one: 1 } },
      'classWeights has a weight for "one", which is not a class',
    ],
    // Combinations that make no sense: the message names both options.
    [
      "earlyStopping without validation",
      { earlyStopping: { patience: 3 } },
      "earlyStopping needs validation",
    ],
    ["seed without batchSize", { seed: 3 }, "seed needs batchSize"],
    [
      "nesterov without momentum",
      { optimizer: { sgd: { nesterov: true } } },
      "optimizer.sgd.nesterov needs optimizer.sgd.momentum above 0",
    ],
  ];
  for (const [what, options, ...fragments] of body) {
    it(`${what}, in a JSON body`, async () => {
      await refused(
        json("PUT", { x: TOY_X, y: TOY_Y, ...options }),
        "/v1/models/kept",
        ...fragments,
      );
    });
  }

  const query: [string, string, ...string[]][] = [
    [
      "standardize=yes",
      "standardize=yes",
      'standardize must be true or false, got "yes"',
    ],
    ["l2 not a number", "l2=lots", "l2 must be a number"],
    ["optimizer not JSON", "optimizer=%7Badam", "optimizer is not valid JSON"],
    [
      "earlyStopping without validation",
      `earlyStopping=${encodeURIComponent('{"patience":2}')}`,
      "earlyStopping needs validation",
    ],
    ["seed without batchSize", "seed=1", "seed needs batchSize"],
    [
      "nesterov without momentum",
      `optimizer=${encodeURIComponent('{"sgd":{"nesterov":true}}')}`,
      "nesterov needs optimizer.sgd.momentum",
    ],
  ];
  for (const [what, params, ...fragments] of query) {
    it(`${what}, in a query string`, async () => {
      await refused(
        csv("PUT", "1,2,0\n4,3,1\n"),
        `/v1/models/kept?${params}`,
        ...fragments,
      );
    });
  }

  it('classWeights "balanced" on training rows of one label', async () => {
    await refused(
      json("PUT", {
        x: [[1], [2]],
        y: [0, 0],
        classes: 2,
        classWeights: "balanced",
      }),
      "/v1/models/kept",
      'classWeights "balanced" needs every class among the 2 training rows, got no row of class 1',
    );
  });
});
