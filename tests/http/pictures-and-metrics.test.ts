/**
 * What the service shows of a model beyond the lab's number: training-set
 * metrics, a default threshold, per-prediction explanations, and pictures.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { api, csv, expectError, json, storeSnapshot } from "./api";
import type { BinaryMetrics } from "../../src/engine/metrics";

beforeAll(async () => {
  const response = await api(
    "/v1/models/diabetes?epochs=100",
    csv("PUT", diabetesCsv),
  );
  expect(response.status).toBe(201);
});

describe("training-set metrics in the report", () => {
  it("agree with the confusion matrix and the lab's accuracy", async () => {
    const report = (await (await api("/v1/models/diabetes/report")).json()) as {
      accuracy: number;
      threshold: number;
      confusionMatrix: BinaryMetrics["confusionMatrix"];
      metrics: { training: BinaryMetrics };
    };
    const m = report.metrics.training;
    const { tp, fp, tn, fn } = m.confusionMatrix;
    expect(report.threshold).toBe(0.5);
    expect(report.confusionMatrix).toEqual(m.confusionMatrix);
    expect(m.accuracy).toBe(582 / 759);
    expect(report.accuracy).toBe(m.accuracy);
    expect([m.samples, m.positives, m.negatives]).toEqual([759, 496, 263]);
    expect(m.precision).toBeCloseTo(tp / (tp + fp), 15);
    expect(m.recall).toBeCloseTo(tp / (tp + fn), 15);
    expect(m.specificity).toBeCloseTo(tn / (tn + fp), 15);
    expect(m.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 15);
    // The lab's final bce cost is the mean log loss of the final weights'
    // predecessor; the final weights fit a little better.
    expect(m.logLoss).toBeGreaterThan(0.47);
    expect(m.logLoss).toBeLessThan(0.480661);
    expect(m.rocAuc).toBeGreaterThan(0.8);
    expect(m.roc?.fpr[0]).toBe(0);
    expect(m.roc?.thresholds[0]).toBeNull();
    expect(m.roc?.fpr.at(-1)).toBe(1);
    expect(m.roc?.fpr.length).toBeLessThanOrEqual(256);
  });
});

describe("thresholds", () => {
  it("stores a default threshold that predictions and accuracy use", async () => {
    const model = (await (
      await api(
        "/v1/models/strict",
        json("PUT", { x: TOY_X, y: TOY_Y, epochs: 1000, threshold: 0.99 }),
      )
    ).json()) as { threshold: number; accuracy: number };
    expect(model.threshold).toBe(0.99);
    const predicted = (await (
      await api("/v1/models/strict/predict?x=4,3")
    ).json()) as {
      threshold: number;
      probabilities: number[];
      labels: number[];
    };
    expect(predicted.threshold).toBe(0.99);
    expect(predicted.probabilities[0]).toBeLessThan(0.99);
    expect(predicted.labels).toEqual([0]);
    const lenient = (await (
      await api("/v1/models/strict/predict?x=4,3&threshold=0.5")
    ).json()) as { labels: number[] };
    expect(lenient.labels).toEqual([1]);
  });

  it("refuses thresholds outside [0, 1], storing nothing", async () => {
    const before = await storeSnapshot();
    await expectError(
      await api(
        "/v1/models/strict",
        json("PUT", { x: TOY_X, y: TOY_Y, threshold: 1.5 }),
      ),
      400,
      "invalid_option",
      "threshold must be a number from 0 to 1",
    );
    await expectError(
      await api("/v1/models/diabetes/predict?x=1,2,3,4,5,6,7,8&threshold=-1"),
      400,
      "invalid_option",
      "threshold",
    );
    await expectError(
      await api("/v1/models/diabetes/predict?x=1,2,3,4,5,6,7,8&explain=yes"),
      400,
      "invalid_option",
      "explain must be true or false",
    );
    expect(await storeSnapshot()).toBe(before);
  });
});

describe("explanations", () => {
  it("splits each logit into w_i · x_i and the bias", async () => {
    const model = (await (await api("/v1/models/diabetes")).json()) as {
      weights: { w: number[]; b: number };
    };
    const row = diabetesCsv.split("\n")[0].split(",").slice(0, 8).map(Number);
    const response = await api(
      "/v1/models/diabetes/predict?explain=true",
      json("POST", { x: [row] }),
    );
    const body = (await response.json()) as {
      probabilities: number[];
      explanations: { bias: number; contributions: number[]; logit: number }[];
    };
    const [explanation] = body.explanations;
    expect(explanation.bias).toBe(model.weights.b);
    explanation.contributions.forEach((part, j) => {
      expect(part).toBeCloseTo(model.weights.w[j] * Math.fround(row[j]), 12);
    });
    expect(Math.fround(1 / (1 + Math.exp(-explanation.logit)))).toBe(
      body.probabilities[0],
    );
    expect(body.probabilities[0]).toBeCloseTo(0.4103, 4); // the lab's first row
  });
});

describe("pictures", () => {
  for (const picture of ["history.svg", "roc.svg"]) {
    it(`serves ${picture} as standalone SVG`, async () => {
      const response = await api(`/v1/models/diabetes/${picture}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(
        "image/svg+xml; charset=utf-8",
      );
      const svg = await response.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain("diabetes v1");
      expect(svg).not.toMatch(/NaN|undefined|<script|@import|url\(/);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    });
  }

  it("answers 404 JSON for the picture of an unknown model", async () => {
    await expectError(
      await api("/v1/models/nobody/roc.svg"),
      404,
      "model_not_found",
    );
  });
});
