/**
 * Classification metrics and the ROC curve, by hand and against scikit-learn.
 *
 * Reference numbers: tests/fixtures/metrics.json, made by
 * tests/fixtures/metrics.py with sklearn.metrics (the version is in the JSON).
 * Counts and the ROC curve's rates and thresholds must be equal; every other
 * metric within 1e-12.
 */
import { describe, expect, it } from "vitest";
import fixture from "../fixtures/metrics.json";
import {
  binaryMetrics,
  confusionAt,
  f1Of,
  logLoss,
  precisionOf,
  recallOf,
  specificityOf,
} from "../../src/engine/metrics";
import {
  rocAuc,
  rocCurve,
  rocCurveJson,
  trapezoidArea,
} from "../../src/engine/roc";

const tolerance = 1e-12;

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(tolerance);
}

describe("threshold metrics by hand", () => {
  const p = [0.9, 0.5, 0.4999, 0.2, 0.7, 0.1];
  const y = [1, 0, 1, 0, 1, 0];

  it("counts p >= threshold as positive, as the lab's h >= 0.5", () => {
    // predicted 1, 1, 0, 0, 1, 0 against 1, 0, 1, 0, 1, 0
    expect(confusionAt(p, y)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(confusionAt(p, y, 0.8)).toEqual({ tp: 1, fp: 0, tn: 3, fn: 2 });
  });

  it("derives precision, recall, F1 and specificity", () => {
    const c = { tp: 2, fp: 1, tn: 3, fn: 2 };
    expect(precisionOf(c)).toBe(2 / 3);
    expect(recallOf(c)).toBe(2 / 4);
    expect(specificityOf(c)).toBe(3 / 4);
    // 2PR / (P + R) = (2/3) / (7/6) = 4/7 = 2tp / (2tp + fp + fn)
    expect(f1Of(c)).toBe(4 / 7);
  });

  it("gives 0 where a denominator is 0, as zero_division='warn' does", () => {
    const none = { tp: 0, fp: 0, tn: 4, fn: 0 };
    expect(precisionOf(none)).toBe(0);
    expect(recallOf(none)).toBe(0);
    expect(f1Of(none)).toBe(0);
    expect(specificityOf({ tp: 3, fp: 0, tn: 0, fn: 1 })).toBe(0);
  });
});

describe("logLoss by hand", () => {
  it("is ln 2 for p = 0.5", () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBe(Math.LN2);
  });

  it("clips p to [2^-52, 1 - 2^-52], float64's epsilon", () => {
    // One sample wrong with certainty costs -log(2^-52) = 52 ln 2.
    expectClose(logLoss([1, 0], [0, 1]), 52 * Math.LN2, "wrong");
    expect(Number.isFinite(logLoss([0], [1]))).toBe(true);
    // Right with certainty: -log(1 - 2^-52), which rounds to one ulp above
    // 2^-52; sklearn's log_loss([1, 0], [1.0, 0.0]) prints the same digits.
    expect(logLoss([1, 0], [1, 0])).toBe(2.2204460492503136e-16);
  });

  it("takes another epsilon, such as float32's 2^-23", () => {
    expectClose(logLoss([0], [1], 2 ** -23), 23 * Math.LN2, "float32 eps");
  });
});

describe("rocCurve by hand", () => {
  it("follows the roc_curve docstring example", () => {
    const curve = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(Array.from(curve.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(curve.thresholds)).toEqual([
      Infinity,
      0.8,
      0.4,
      0.35,
      0.1,
    ]);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it("drops points collinear with their neighbours", () => {
    // Running (fp, tp): (0,1) (0,2) (0,3) (1,3) (2,3) (3,3); the bends are
    // at (0,3), so (0,2), (1,3) and (2,3) go.
    const curve = rocCurve([0.9, 0.8, 0.7, 0.3, 0.2, 0.1], [1, 1, 1, 0, 0, 0]);
    expect(Array.from(curve.fpr)).toEqual([0, 0, 0, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 1 / 3, 1, 1]);
    expect(Array.from(curve.thresholds)).toEqual([Infinity, 0.9, 0.7, 0.1]);
  });

  it("merges tied scores into one point", () => {
    const curve = rocCurve([0.5, 0.5, 0.5, 0.5], [0, 1, 1, 0]);
    expect(Array.from(curve.fpr)).toEqual([0, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 1]);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 1, 0])).toBe(0.5);
  });

  it("has NaN rates and no AUC when one class is missing", () => {
    const curve = rocCurve([0.2, 0.7], [1, 1]);
    expect(Array.from(curve.fpr).every(Number.isNaN)).toBe(true);
    expect(Array.from(curve.tpr)).toEqual([0, 0.5, 1]);
    expect(rocAuc([0.2, 0.7], [1, 1])).toBeNull();
    expect(rocAuc([0.2, 0.7], [0, 0])).toBeNull();
    expect(rocCurveJson(curve).fpr).toEqual([null, null, null]);
  });

  it("leaves its inputs unchanged", () => {
    const p = new Float32Array([0.3, 0.9, 0.1, 0.6]);
    const y = new Float32Array([0, 1, 0, 1]);
    rocCurve(p, y);
    expect(Array.from(p)).toEqual(
      Array.from(new Float32Array([0.3, 0.9, 0.1, 0.6])),
    );
    expect(Array.from(y)).toEqual([0, 1, 0, 1]);
  });

  it("integrates by trapezoids", () => {
    expect(trapezoidArea([0, 0.5, 1], [0, 1, 1])).toBe(0.75);
  });
});

describe("binaryMetrics", () => {
  it("is plain JSON: the first threshold is null", () => {
    const m = binaryMetrics([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(m.roc?.thresholds).toEqual([null, 0.8, 0.4, 0.35, 0.1]);
    expect(m.rocAuc).toBe(0.75);
    expect(m).toMatchObject({ samples: 4, positives: 2, negatives: 2 });
  });

  it("has null AUC and curve for one class, finite everything else", () => {
    const m = binaryMetrics([0, 1, 0.5], [1, 1, 1]);
    expect(m.rocAuc).toBeNull();
    expect(m.roc).toBeNull();
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});

describe("against scikit-learn", () => {
  it(`has the fixture's cases (sklearn ${fixture.sklearn})`, () => {
    expect(fixture.cases.length).toBeGreaterThan(20);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = binaryMetrics(c.probabilities, c.labels, c.threshold);
      expect(m.confusionMatrix).toEqual(c.confusion);
      expectClose(m.accuracy, c.accuracy, "accuracy");
      expectClose(m.precision, c.precision, "precision");
      expectClose(m.recall, c.recall, "recall");
      expectClose(m.f1, c.f1, "f1");
      expectClose(m.specificity, c.specificity, "specificity");
      expectClose(m.logLoss, c.logLoss, "log loss");
      expectClose(
        logLoss(c.probabilities, c.labels, 2 ** -23),
        c.logLossEps32,
        "log loss, float32 eps",
      );
      if (c.rocAuc === null) expect(m.rocAuc).toBeNull();
      else expectClose(m.rocAuc ?? NaN, c.rocAuc, "roc auc");
      // The curve itself, NaN rates included, before binaryMetrics drops it.
      const curve = rocCurveJson(rocCurve(c.probabilities, c.labels));
      expect(curve).toEqual(c.roc);
      if (c.rocAuc !== null) expect(m.roc).toEqual(c.roc);
    });
  }

  it("gives the same numbers from Float32Array inputs", () => {
    for (const c of fixture.cases) {
      const p = Float32Array.from(c.probabilities);
      const y = Float32Array.from(c.labels);
      expect(binaryMetrics(p, y, c.threshold), c.name).toEqual(
        binaryMetrics(c.probabilities, c.labels, c.threshold),
      );
    }
  });
});
