/**
 * Thresholds a person chooses, the exact score curve they are read off and
 * the calibration bins, against scikit-learn.
 *
 * Reference numbers: tests/fixtures/thresholds.json, made by
 * tests/fixtures/thresholds.py with sklearn.metrics and sklearn.calibration
 * (versions in the JSON) on the lab's diabetes model as real PyTorch trains
 * it, the same rows twice (every score tied) and two small cases. Thresholds
 * and counts must be equal; every other number within 1e-12.
 */
import { describe, expect, it } from "vitest";
import fixture from "../fixtures/thresholds.json";
import { calibrationCurve, calibrationOf } from "../../src/engine/calibration";
import { confusionAt } from "../../src/engine/metrics";
import {
  classTotals,
  confusionAtThreshold,
  scoreCurve,
  thinScoreCurve,
} from "../../src/engine/score-curve";
import {
  averagePrecision,
  highestReachingRecall,
  lowestReachingPrecision,
  maxF1,
  maxYoudenJ,
  minCost,
  type ThresholdChoice,
} from "../../src/engine/threshold-choice";

const tolerance = 1e-12;

type Expected = (typeof fixture.cases)[number]["maxF1"];

function expectChoice(actual: ThresholdChoice | null, expected: Expected) {
  expect(actual).not.toBeNull();
  const { threshold, confusionMatrix, ...metrics } = actual!;
  expect(threshold).toBe(expected.threshold);
  expect(confusionMatrix).toEqual(expected.confusionMatrix);
  for (const key of Object.keys(metrics) as (keyof typeof metrics)[]) {
    const want = expected[key as keyof Expected] as number;
    expect(Math.abs(metrics[key] - want), key).toBeLessThanOrEqual(tolerance);
  }
}

describe.each(fixture.cases)("$name", (c) => {
  const p = new Float32Array(c.probabilities);
  const curve = scoreCurve(p, c.labels);

  it("has one vertex per distinct score, the last counting every row", () => {
    expect(curve.thresholds).toHaveLength(c.vertices);
    expect(curve.step).toBe(1);
    const positives = c.labels.filter((y) => y === 1).length;
    expect(classTotals(curve)).toEqual({
      positives,
      negatives: c.labels.length - positives,
    });
  });

  it("chooses sklearn's thresholds by F1 and by Youden's J", () => {
    expectChoice(maxF1(curve), c.maxF1);
    expect(Math.abs(maxF1(curve).f1 - c.maxF1.f1)).toBeLessThanOrEqual(
      tolerance,
    );
    const youden = maxYoudenJ(curve);
    expectChoice(youden, c.maxYoudenJ);
    expect(youden.youdenJ).toBe(c.maxYoudenJ.youdenJ);
  });

  it("reaches a precision at the lowest threshold, a recall at the highest", () => {
    for (const q of fixture.precisions) {
      const expected = c.precision[String(q) as keyof typeof c.precision];
      const found = lowestReachingPrecision(curve, q);
      if (expected === null) expect(found).toBeNull();
      else expectChoice(found, expected);
    }
    for (const r of fixture.recalls) {
      expectChoice(
        highestReachingRecall(curve, r),
        c.recall[String(r) as keyof typeof c.recall],
      );
    }
  });

  it("minimises the total cost of errors", () => {
    for (const [fp, fn] of fixture.costs) {
      const expected = c.cost[`${fp},${fn}` as keyof typeof c.cost];
      const found = minCost(curve, fp, fn);
      expectChoice(found, expected);
      expect(found.cost).toBe(expected.cost);
    }
  });

  it("has sklearn's average precision, calibration curve and Brier score", () => {
    expect(
      Math.abs(averagePrecision(curve) - c.averagePrecision),
    ).toBeLessThanOrEqual(tolerance);
    const calibration = calibrationOf(p, c.labels);
    const points = calibrationCurve(calibration);
    expect(points.counts).toEqual(c.calibration.counts);
    points.meanPredicted.forEach((v, k) =>
      expect(Math.abs(v - c.calibration.meanPredicted[k])).toBeLessThanOrEqual(
        tolerance,
      ),
    );
    expect(points.fractionPositive).toEqual(c.calibration.fractionPositive);
    expect(Math.abs(calibration.brierScore - c.brierScore)).toBeLessThanOrEqual(
      tolerance,
    );
  });

  it("reads the confusion matrix at any threshold off the curve", () => {
    for (const t of [0, 0.25, 0.5, ...curve.thresholds, 1]) {
      expect(confusionAtThreshold(curve, t)).toEqual(
        confusionAt(p, c.labels, t),
      );
    }
  });
});

describe("a curve of more vertices than are kept", () => {
  // 10,000 distinct scores, labels in a fixed pattern.
  const n = 10_000;
  const p = Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const y = Array.from({ length: n }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
  const exact = scoreCurve(p, y);

  it("keeps at most B vertices, the last among them", () => {
    for (const b of [2, 3, 100, 1000]) {
      const thin = thinScoreCurve(exact, b);
      expect(thin.thresholds.length).toBeLessThanOrEqual(b);
      expect(thin.step).toBe(Math.ceil(n / (b - 1)));
      expect(classTotals(thin)).toEqual(classTotals(exact));
    }
    expect(thinScoreCurve(exact, n)).toBe(exact);
  });

  it("is short of the exact counts by fewer than step rows at any threshold", () => {
    const thin = thinScoreCurve(exact, 100);
    for (const t of exact.thresholds) {
      const a = confusionAtThreshold(exact, t);
      const b = confusionAtThreshold(thin, t);
      const short = a.tp - b.tp + (a.fp - b.fp);
      expect(short).toBeGreaterThanOrEqual(0);
      expect(short).toBeLessThan(thin.step);
    }
  });
});
