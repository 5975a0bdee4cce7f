/**
 * Evaluating a stored model on labelled rows, and held-out validation at
 * training time.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import type { BinaryMetrics } from "../../src/engine/metrics";
import type {
  LogisticModelJson,
  LogisticTrainingReport,
} from "../../src/reports/model-json";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { api, csv, expectError, json, storeSnapshot } from "./api";

beforeAll(async () => {
  expect(
    (await api("/v1/models/diabetes?epochs=100", csv("PUT", diabetesCsv)))
      .status,
  ).toBe(201);
});

describe("POST /v1/models/{name}/evaluate", () => {
  it("on the training rows, gives the report's training metrics", async () => {
    const report = (await (
      await api("/v1/models/diabetes/report")
    ).json()) as LogisticTrainingReport;
    const response = await api(
      "/v1/models/diabetes/evaluate",
      csv("POST", diabetesCsv),
    );
    expect(response.status).toBe(200);
    const evaluated = (await response.json()) as BinaryMetrics & {
      name: string;
      version: number;
      classes: number[];
    };
    expect(evaluated).toMatchObject({
      name: "diabetes",
      version: 1,
      classes: [0, 1],
      threshold: 0.5,
      accuracy: 582 / 759,
    });
    const { name: _n, version: _v, classes: _c, ...metrics } = evaluated;
    expect(metrics).toEqual(report.metrics.training);
  });

  it("takes a threshold, and the JSON form", async () => {
    // The toy model separates the six students; at threshold 1 nothing is positive.
    await api(
      "/v1/models/toy",
      json("PUT", { x: TOY_X, y: TOY_Y, epochs: 1000 }),
    );
    const strict = (await (
      await api(
        "/v1/models/toy/evaluate",
        json("POST", { x: TOY_X, y: TOY_Y, threshold: 1 }),
      )
    ).json()) as BinaryMetrics;
    expect(strict.confusionMatrix).toEqual({ tp: 0, fp: 0, tn: 3, fn: 3 });
    expect(strict.precision).toBe(0); // no predicted positives: sklearn's zero_division
    expect(strict.recall).toBe(0);
    expect(strict.rocAuc).toBe(1);
    const onlyOnes = (await (
      await api(
        "/v1/models/toy/evaluate?threshold=0.5",
        csv("POST", "4,3,1\n5,3,1\n"),
      )
    ).json()) as BinaryMetrics;
    expect(onlyOnes).toMatchObject({
      accuracy: 1,
      rocAuc: null,
      roc: null,
      negatives: 0,
    });
  });

  it("refuses what it cannot evaluate, storing nothing", async () => {
    const before = await storeSnapshot();
    await expectError(
      await api(
        "/v1/models/diabetes/evaluate",
        json("POST", { x: [[1, 2]], y: [1] }),
      ),
      400,
      "feature_mismatch",
      "expects 8",
    );
    await expectError(
      await api(
        "/v1/models/diabetes/evaluate",
        json("POST", { x: [[1]], y: [1], epochs: 3 }),
      ),
      400,
      "invalid_option",
      'unknown option "epochs"',
    );
    await expectError(
      await api("/v1/models/diabetes/evaluate", csv("POST", "1,0\n")),
      400,
      "feature_mismatch",
    );
    await expectError(
      await api(
        "/v1/models/diabetes/evaluate",
        json("POST", { x: [[1, 1, 1, 1, 1, 1, 1, 1]], y: [2] }),
      ),
      400,
      "invalid_dataset",
      "row 1 has label 2, which is not a class of model diabetes: its classes are [0,1]",
    );
    await expectError(
      await api(
        "/v1/models/diabetes/evaluate",
        json("POST", { x: [[1, 1, 1, 1, 1, 1, 1, 1]], y: [0.5] }),
      ),
      400,
      "invalid_dataset",
      "y[0] is 0.5, which cannot be a class: a class is an integer, a string or a boolean",
    );
    await expectError(
      await api(
        "/v1/models/nobody/evaluate",
        json("POST", { x: [[1]], y: [1] }),
      ),
      404,
      "model_not_found",
    );
    expect(await storeSnapshot()).toBe(before);
  });
});

describe("validation at training time", () => {
  const validation = encodeURIComponent(
    JSON.stringify({ fraction: 0.2, seed: 5 }),
  );

  it("trains on the rest and reports both sets, epoch by epoch", async () => {
    const response = await api(
      `/v1/models/held?epochs=100&logEvery=10&validation=${validation}`,
      csv("PUT", diabetesCsv),
    );
    expect(response.status).toBe(201);
    const model = (await response.json()) as LogisticModelJson;
    // round(0.2 × 496) = 99 ones and round(0.2 × 263) = 53 zeros are held out.
    expect(model.samples).toBe(759 - 152);
    const report = (await (
      await api("/v1/models/held/report")
    ).json()) as LogisticTrainingReport;
    expect(report.validation).toEqual({ fraction: 0.2, seed: 5, samples: 152 });
    expect(report.metrics.validation?.samples).toBe(152);
    expect(report.metrics.validation?.positives).toBe(99);
    expect(report.metrics.training.samples).toBe(607);
    // Epoch 0: zero weights, h = 0.5 everywhere: cost ln 2 (float32's, the
    // kernel's log being float32), every row predicted 1.
    const [first] = report.history;
    expect(first.validationCost).toBe(Math.fround(Math.LN2));
    expect(first.validationAccuracy).toBe(99 / 152);
    expect(
      report.history.every((log) => Number.isFinite(log.validationCost)),
    ).toBe(true);
    // The last logged validation accuracy is of the weights before the last update,
    // the report's validation metrics of the final weights: close, and both sane.
    expect(report.metrics.validation?.accuracy).toBeGreaterThan(0.6);
    const svg = await (await api("/v1/models/held/history.svg")).text();
    expect(svg).toContain("validation");
  });

  it("splits the same way for the same seed", async () => {
    const a = (await (
      await api(
        `/v1/models/held-a?epochs=5&validation=${validation}`,
        csv("PUT", diabetesCsv),
      )
    ).json()) as LogisticModelJson;
    const b = (await (
      await api(
        `/v1/models/held-b?epochs=5&validation=${validation}`,
        csv("PUT", diabetesCsv),
      )
    ).json()) as LogisticModelJson;
    expect(a.weights).toEqual(b.weights);
  });

  it("refuses a split that leaves a part empty, or a bad option", async () => {
    const before = await storeSnapshot();
    await expectError(
      await api(
        "/v1/models/held",
        json("PUT", {
          x: [[1], [2]],
          y: [0, 1],
          validation: { fraction: 0.1 },
        }),
      ),
      400,
      "invalid_option",
      "validation.fraction 0.1 of 2 rows leaves 0 for validation",
    );
    await expectError(
      await api(
        "/v1/models/held",
        json("PUT", { x: TOY_X, y: TOY_Y, validation: { fraction: 1 } }),
      ),
      400,
      "invalid_option",
      "validation.fraction must be a number between 0 and 1",
    );
    await expectError(
      await api(
        "/v1/models/held",
        json("PUT", {
          x: TOY_X,
          y: TOY_Y,
          validation: { fraction: 0.5, seed: -1 },
        }),
      ),
      400,
      "invalid_option",
      "validation.seed",
    );
    await expectError(
      await api(
        "/v1/models/held",
        json("PUT", { x: TOY_X, y: TOY_Y, validation: 0.5 }),
      ),
      400,
      "invalid_option",
      'validation must be {"fraction": f, "seed": s}',
    );
    expect(await storeSnapshot()).toBe(before);
  });
});
