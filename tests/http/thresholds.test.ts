/**
 * Thresholds a person chooses, through the Worker: on the score curves a
 * version stores, on posted rows, a new version at a chosen threshold, and
 * the precision–recall and calibration pictures.
 *
 * Reference numbers: tests/fixtures/thresholds.json, made by
 * tests/fixtures/thresholds.py with scikit-learn on the lab's diabetes
 * model as real PyTorch trains it (`?epochs=100`, as here). The Worker's
 * probabilities are within 1e-6 of PyTorch's, and no two of the 759 rows
 * are that close: the thresholds must be within 1e-6, the counts equal, and
 * the metrics, functions of the counts, within 1e-12.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import fixture from "../fixtures/thresholds.json";
import { diabetesDataset } from "../fixtures/lab05";
import { stratifiedSplit } from "../../src/engine/split";
import type { ThresholdChoice } from "../../src/engine/threshold-choice";
import { api, csv, expectError, json, storeSnapshot } from "./api";

const [DIABETES, TWICE] = fixture.cases;
type Expected = (typeof DIABETES)["maxF1"];
const QUERY =
  "precision=0.9&recall=0.9&costFalsePositive=1&costFalseNegative=5";

interface Thresholds {
  name: string;
  version: number;
  dataset?: string;
  samples: number;
  positives: number;
  negatives: number;
  vertices: number;
  maxCountError: number;
  averagePrecision: number;
  maxF1: ThresholdChoice;
  maxYoudenJ: ThresholdChoice & { youdenJ: number };
  atPrecision: (ThresholdChoice & { target: number }) | null;
  atRecall: (ThresholdChoice & { target: number }) | null;
  minCost: ThresholdChoice & { cost: number };
}

function expectChoice(actual: ThresholdChoice | null, expected: Expected) {
  expect(actual).not.toBeNull();
  const { threshold, confusionMatrix, ...metrics } = actual!;
  expect(Math.abs(threshold - expected.threshold)).toBeLessThanOrEqual(1e-6);
  expect(confusionMatrix).toEqual(expected.confusionMatrix);
  for (const key of ["precision", "recall", "f1", "specificity", "accuracy"]) {
    const got = metrics[key as keyof typeof metrics] as number;
    const want = expected[key as keyof Expected] as number;
    expect(Math.abs(got - want), key).toBeLessThanOrEqual(1e-12);
  }
}

/** Every choice of `answer` against a fixture case. */
function expectCase(answer: Thresholds, c: typeof DIABETES) {
  expect(answer.samples).toBe(c.labels.length);
  expect(answer.positives).toBe(c.labels.filter((y) => y === 1).length);
  expect(answer.vertices).toBe(c.vertices);
  expect(answer.maxCountError).toBe(0);
  expect(
    Math.abs(answer.averagePrecision - c.averagePrecision),
  ).toBeLessThanOrEqual(1e-12);
  expectChoice(answer.maxF1, c.maxF1);
  expectChoice(answer.maxYoudenJ, c.maxYoudenJ);
  expect(answer.atPrecision?.target).toBe(0.9);
  expectChoice(answer.atPrecision, c.precision["0.9"]!);
  expect(answer.atRecall?.target).toBe(0.9);
  expectChoice(answer.atRecall, c.recall["0.9"]);
  expectChoice(answer.minCost, c.cost["1,5"]);
  expect(answer.minCost.cost).toBe(c.cost["1,5"].cost);
}

/** The diabetes rows as the lab's CSV has them, `times` over. */
function rowsTwice() {
  const { x, y, rows, cols } = diabetesDataset();
  const xs = Array.from({ length: rows }, (_, i) =>
    Array.from(x.subarray(i * cols, (i + 1) * cols)),
  );
  return { x: [...xs, ...xs], y: [...y, ...y] };
}

beforeAll(async () => {
  const trained = await api(
    "/v1/models/diabetes?epochs=100",
    csv("PUT", diabetesCsv),
  );
  expect(trained.status).toBe(201);
});

describe("GET /v1/models/{name}/thresholds", () => {
  it("chooses scikit-learn's thresholds on the training rows", async () => {
    const response = await api(`/v1/models/diabetes/thresholds?${QUERY}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Thresholds;
    expect(answer).toMatchObject({
      name: "diabetes",
      version: 1,
      dataset: "training",
    });
    expectCase(answer, DIABETES);
  });

  it("answers F1's and Youden's J's alone when asked nothing else", async () => {
    const response = await api("/v1/models/diabetes/thresholds");
    const answer = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual([
      "name",
      "version",
      "dataset",
      "samples",
      "positives",
      "negatives",
      "vertices",
      "maxCountError",
      "averagePrecision",
      "maxF1",
      "maxYoudenJ",
    ]);
  });
});

describe("POST /v1/models/{name}/thresholds", () => {
  it("chooses on posted rows, every score tied twice, as scikit-learn", async () => {
    const response = await api(
      `/v1/models/diabetes/thresholds?${QUERY}`,
      json("POST", rowsTwice()),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Thresholds;
    expect(answer.dataset).toBeUndefined();
    expectCase(answer, TWICE);
  });

  it("takes CSV rows as /evaluate does, and gives the stored curve's answer", async () => {
    const posted = await api(
      `/v1/models/diabetes/thresholds?${QUERY}&header=absent`,
      csv("POST", diabetesCsv),
    );
    expect(posted.status).toBe(200);
    const stored = await api(`/v1/models/diabetes/thresholds?${QUERY}`);
    const { dataset: _, ...fromStore } = (await stored.json()) as Thresholds;
    expect(await posted.json()).toEqual(fromStore);
  });
});

describe("held-out rows", () => {
  const validation = { fraction: 0.25, seed: 1 };

  it("keeps their curve: dataset=validation is the held-out rows' answer", async () => {
    const trained = await api(
      "/v1/models/held",
      json("PUT", { ...rowsOnce(), epochs: 100, validation }),
    );
    expect(trained.status).toBe(201);
    const stored = await api(
      `/v1/models/held/thresholds?dataset=validation&${QUERY}`,
    );
    expect(stored.status).toBe(200);
    const { dataset, ...fromStore } = (await stored.json()) as Thresholds;
    expect(dataset).toBe("validation");
    const { validation: held } = stratifiedSplit(diabetesDataset(), 0.25, 1);
    const x = Array.from({ length: held.rows }, (_, i) =>
      Array.from(held.x.subarray(i * 8, (i + 1) * 8)),
    );
    const posted = await api(
      `/v1/models/held/thresholds?${QUERY}`,
      json("POST", { x, y: Array.from(held.y) }),
    );
    expect(await posted.json()).toEqual(fromStore);
    expect(fromStore.samples).toBe(held.rows);
  });
});

function rowsOnce() {
  const { x, y } = rowsTwice();
  return { x: x.slice(0, 759), y: y.slice(0, 759) };
}

describe("pictures", () => {
  it("draws the precision–recall curve with sklearn's average precision", async () => {
    const response = await api("/v1/models/diabetes/pr.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "image/svg+xml; charset=utf-8",
    );
    const svg = await response.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("precision–recall (training set)");
    expect(svg).toContain(
      `model (AP = ${DIABETES.averagePrecision.toFixed(3)})`,
    );
  });

  it("draws the reliability diagram with sklearn's Brier score", async () => {
    const response = await api(
      "/v1/models/diabetes/calibration.svg?dataset=training",
    );
    expect(response.status).toBe(200);
    const svg = await response.text();
    expect(svg).toContain("reliability diagram (training set)");
    expect(svg).toContain(
      `model (Brier score = ${DIABETES.brierScore.toFixed(4)})`,
    );
    // One marker a non-empty bin, as calibration_curve returns them.
    expect(svg.match(/<circle /g)).toHaveLength(
      DIABETES.calibration.counts.length,
    );
  });
});

describe("POST /v1/models/{name}/threshold", () => {
  it("stores a new version at the threshold, counted from the stored curve", async () => {
    await api("/v1/models/chosen?epochs=100", csv("PUT", diabetesCsv));
    const first = (await (
      await api("/v1/models/chosen/thresholds")
    ).json()) as Thresholds;
    const t = first.maxF1.threshold;
    const response = await api(
      "/v1/models/chosen/threshold",
      json("POST", { threshold: t }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/v1/models/chosen");
    const model = (await response.json()) as Record<string, unknown>;
    const source = (await (
      await api("/v1/models/chosen?version=1")
    ).json()) as Record<string, unknown>;
    expect(model).toMatchObject({
      name: "chosen",
      version: 2,
      derivedFrom: 1,
      threshold: t,
      accuracy: first.maxF1.accuracy,
      weights: source.weights,
      history: source.history,
      cost: source.cost,
    });
    const report = (await (await api("/v1/models/chosen/report")).json()) as {
      version: number;
      confusionMatrix: unknown;
      metrics: { training: Record<string, unknown> };
    };
    expect(report.version).toBe(2);
    expect(report.confusionMatrix).toEqual(DIABETES.maxF1.confusionMatrix);
    expect(report.metrics.training).toMatchObject({
      threshold: t,
      confusionMatrix: DIABETES.maxF1.confusionMatrix,
      precision: first.maxF1.precision,
      recall: first.maxF1.recall,
      f1: first.maxF1.f1,
    });
    // Predictions label at the new threshold: the same counts.
    const evaluated = (await (
      await api(
        "/v1/models/chosen/evaluate?header=absent",
        csv("POST", diabetesCsv),
      )
    ).json()) as { confusionMatrix: unknown; threshold: number };
    expect(evaluated).toMatchObject({
      threshold: t,
      confusionMatrix: DIABETES.maxF1.confusionMatrix,
    });
    // The curve is the source's: the same choices at version 2.
    const again = (await (
      await api("/v1/models/chosen/thresholds?version=2")
    ).json()) as Thresholds;
    expect({ ...again, version: 1 }).toEqual(first);
  });

  it("recounts the held-out rows at the threshold too", async () => {
    const validation = { fraction: 0.25, seed: 1 };
    await api(
      "/v1/models/chosen-held",
      json("PUT", { ...rowsOnce(), epochs: 100, validation }),
    );
    const held = (await (
      await api("/v1/models/chosen-held/thresholds?dataset=validation")
    ).json()) as Thresholds;
    const t = held.maxYoudenJ.threshold;
    await api(
      "/v1/models/chosen-held/threshold",
      json("POST", { threshold: t }),
    );
    const report = (await (
      await api("/v1/models/chosen-held/report")
    ).json()) as { metrics: { validation: Record<string, unknown> } };
    expect(report.metrics.validation).toMatchObject({
      threshold: t,
      confusionMatrix: held.maxYoudenJ.confusionMatrix,
      accuracy: held.maxYoudenJ.accuracy,
    });
  });

  it("replays an Idempotency-Key's answer and stores one version", async () => {
    await api("/v1/models/keyed?epochs=10", csv("PUT", diabetesCsv));
    const send = () =>
      api("/v1/models/keyed/threshold", {
        ...json("POST", { threshold: 0.4 }),
        headers: {
          "content-type": "application/json",
          "idempotency-key": "threshold-0.4",
        },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const replayed = await send();
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed.json()).toEqual(await first.json());
    const newest = (await (await api("/v1/models/keyed")).json()) as {
      version: number;
    };
    expect(newest.version).toBe(2);
  });
});

describe("refusals, storing nothing", () => {
  beforeAll(async () => {
    const soft = await api(
      "/v1/models/three",
      json("PUT", { x: [[0], [1], [2], [3], [4], [5]], y: [0, 1, 2, 0, 1, 2] }),
    );
    expect(soft.status).toBe(201);
  });

  const cases: [string, string, RequestInit, number, string, string][] = [
    [
      "an unknown dataset",
      "/v1/models/diabetes/thresholds?dataset=test",
      {},
      400,
      "invalid_option",
      'dataset must be one of training, validation, got "test"',
    ],
    [
      "a precision over 1",
      "/v1/models/diabetes/thresholds?precision=2",
      {},
      400,
      "invalid_option",
      "precision must be",
    ],
    [
      "one cost without the other",
      "/v1/models/diabetes/thresholds?costFalsePositive=1",
      {},
      400,
      "invalid_option",
      "costFalsePositive needs costFalseNegative: a cost is chosen from both",
    ],
    [
      "two costs of 0",
      "/v1/models/diabetes/thresholds?costFalsePositive=0&costFalseNegative=0",
      {},
      400,
      "invalid_option",
      "costFalsePositive and costFalseNegative are both 0: every threshold would cost nothing",
    ],
    [
      "a parameter the route does not take",
      "/v1/models/diabetes/thresholds?threshold=0.5",
      {},
      400,
      "invalid_option",
      "threshold",
    ],
    [
      "held-out rows of a model that held none out",
      "/v1/models/diabetes/thresholds?dataset=validation",
      {},
      404,
      "report_not_found",
      "model diabetes version 1 held no rows out: dataset=validation needs a training with the validation option",
    ],
    [
      "thresholds of many classes",
      "/v1/models/three/thresholds",
      {},
      404,
      "report_not_found",
      "model three version 1 has 3 classes: thresholds, precision-recall and calibration are for two-class models",
    ],
    [
      "a calibration picture of many classes",
      "/v1/models/three/calibration.svg",
      {},
      404,
      "report_not_found",
      "has 3 classes",
    ],
    [
      "posted rows for many classes",
      "/v1/models/three/thresholds",
      json("POST", { x: [[0]], y: [0] }),
      400,
      "invalid_option",
      "thresholds apply to two-class models, and model three has 3 classes: it predicts the most likely one",
    ],
    [
      "posted rows of one class",
      "/v1/models/diabetes/thresholds",
      json("POST", { x: [[1, 1, 1, 1, 1, 1, 1, 1]], y: [1] }),
      400,
      "invalid_dataset",
      "every row is labelled with the positive class: choosing a threshold needs rows of both",
    ],
    [
      "a threshold for many classes",
      "/v1/models/three/threshold",
      json("POST", { threshold: 0.5 }),
      400,
      "invalid_option",
      "threshold applies to two-class models, and model three has 3 classes",
    ],
    [
      "a threshold over 1",
      "/v1/models/diabetes/threshold",
      json("POST", { threshold: 1.5 }),
      400,
      "invalid_option",
      "threshold must be",
    ],
    [
      "no threshold",
      "/v1/models/diabetes/threshold",
      json("POST", {}),
      400,
      "invalid_option",
      'the body has no threshold: send {"threshold": t}',
    ],
    [
      "another field",
      "/v1/models/diabetes/threshold",
      json("POST", { threshold: 0.5, version: 1 }),
      400,
      "invalid_option",
      'unknown field "version" in the body: expected threshold only',
    ],
    [
      "a body that is not JSON",
      "/v1/models/diabetes/threshold",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{threshold",
      },
      400,
      "malformed_body",
      'the body is not JSON: send {"threshold": t}',
    ],
    [
      "a CSV body",
      "/v1/models/diabetes/threshold",
      csv("POST", "0.5\n"),
      415,
      "unsupported_media_type",
      'content type text/csv: send application/json {"threshold": t}',
    ],
    [
      "a write without the token",
      "/v1/models/diabetes/threshold",
      {
        ...json("POST", { threshold: 0.5 }),
        headers: {
          "content-type": "application/json",
          authorization: "Bearer wrong",
        },
      },
      401,
      "unauthorized",
      "",
    ],
    [
      "a version that does not exist",
      "/v1/models/diabetes/threshold?version=9",
      json("POST", { threshold: 0.5 }),
      404,
      "model_not_found",
      "model diabetes has no version 9",
    ],
  ];

  it.each(cases)(
    "refuses %s",
    async (_what, path, init, status, code, message) => {
      const before = await storeSnapshot();
      await expectError(await api(path, init), status, code, message);
      expect(await storeSnapshot()).toBe(before);
    },
  );
});
