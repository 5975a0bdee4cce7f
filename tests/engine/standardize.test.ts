/**
 * Standardization against scikit-learn 1.2.1's StandardScaler
 * (tests/fixtures/options.py), and the weight conversions worked by hand.
 */
import { describe, expect, it } from "vitest";
import { logit } from "./plain-logistic";
import {
  featureStats,
  standardize,
  toOriginalUnits,
  toStandardizedUnits,
  type FeatureStats,
} from "../../src/engine/standardize";
import { diabetes, fixture } from "../fixtures/options";

describe("featureStats", () => {
  it("equals StandardScaler's mean_ and scale_ on the diabetes data, to the bit", () => {
    const data = diabetes();
    const x = data.x.slice();
    const stats = featureStats(data.x, data.rows, data.cols);
    expect(Array.from(stats.mean)).toEqual(fixture.standardizeDiabetes.mean);
    expect(Array.from(stats.scale)).toEqual(fixture.standardizeDiabetes.scale);
    expect(data.x).toEqual(x);
  });

  it("gives a constant feature scale 1, as StandardScaler does", () => {
    const { x, mean, scale } = fixture.standardizeConstant;
    const stats = featureStats(Float32Array.from(x.flat()), 3, 3);
    expect(Array.from(stats.mean)).toEqual(mean);
    expect(Array.from(stats.scale)).toEqual(scale);
    expect(scale.slice(1)).toEqual([1, 1]);
  });

  it("is the population standard deviation (ddof 0)", () => {
    // 1, 2, 3, 4, 5, 6: mean 3.5, variance 35/12.
    const stats = featureStats(new Float32Array([1, 2, 3, 4, 5, 6]), 6, 1);
    expect(stats.mean[0]).toBe(3.5);
    expect(stats.scale[0]).toBe(Math.sqrt(35 / 12));
  });
});

describe("standardize", () => {
  const stats: FeatureStats = {
    mean: new Float64Array([1, -2]),
    scale: new Float64Array([2, 0.5]),
  };

  it("writes (x − mean) / scale into out, rounded to float32", () => {
    const x = new Float32Array([3, -2, 1, 0.1]);
    const out = new Float32Array(4);
    expect(standardize(out, x, 2, 2, stats)).toBe(out);
    expect(Array.from(out)).toEqual([1, 0, 0, Math.fround((0.1 + 2) / 0.5)]);
    expect(Array.from(x)).toEqual([3, -2, 1, Math.fround(0.1)]);
  });

  it("may write over its input", () => {
    const x = new Float32Array([3, -2, 1, 0.1]);
    const expected = standardize(new Float32Array(4), x, 2, 2, stats);
    expect(standardize(x, x, 2, 2, stats)).toEqual(expected);
  });

  it("gives mean 0 and variance 1 per feature", () => {
    const { data, stats, z } = standardizedDiabetes();
    const again = featureStats(z, data.rows, data.cols);
    for (let j = 0; j < data.cols; j++) {
      expect(Math.abs(again.mean[j])).toBeLessThan(1e-7);
      expect(again.scale[j]).toBeCloseTo(1, 6);
    }
  });
});

describe("weights between standardized and original units", () => {
  // Powers of two and small integers: every step below is exact.
  const stats: FeatureStats = {
    mean: new Float64Array([1, -2]),
    scale: new Float64Array([2, 0.5]),
  };

  it("w_j / scale_j and b − Σ w_j mean_j / scale_j", () => {
    const standardized = { w: new Float32Array([4, 1]), b: 0.5 };
    const out = new Float32Array(2);
    const original = toOriginalUnits(out, standardized, stats);
    expect(original.w).toBe(out);
    // w = [4/2, 1/0.5] = [2, 2]; b = 0.5 − (4·1/2 + 1·(−2)/0.5) = 0.5 − (2 − 4) = 2.5.
    expect(Array.from(original.w)).toEqual([2, 2]);
    expect(original.b).toBe(2.5);
    expect(Array.from(standardized.w)).toEqual([4, 1]);
  });

  it("the inverse: w_j·scale_j and b + Σ w_j mean_j, also in place", () => {
    const original = { w: new Float32Array([2, 2]), b: 2.5 };
    const back = toStandardizedUnits(original.w, original, stats);
    expect(back.w).toBe(original.w);
    expect(Array.from(back.w)).toEqual([4, 1]);
    expect(back.b).toBe(0.5);
  });

  it("round-trips the diabetes statistics to float32 rounding", () => {
    const data = diabetes();
    const stats = featureStats(data.x, data.rows, data.cols);
    const w = Float32Array.from([0.3, -1.2, 2.5, 0, -0.7, 1, 0.01, -3]);
    const start = { w, b: Math.fround(-0.4) };
    const there = toStandardizedUnits(new Float32Array(8), start, stats);
    const back = toOriginalUnits(new Float32Array(8), there, stats);
    for (let j = 0; j < 8; j++) {
      expect(Math.abs(back.w[j] - w[j])).toBeLessThanOrEqual(
        2 ** -22 * Math.abs(w[j]),
      );
    }
    expect(back.b).toBeCloseTo(start.b, 6);
  });

  it("gives the same logit on raw rows as the standardized model on standardized rows", () => {
    const { data, stats, z } = standardizedDiabetes();
    const standardized = {
      w: Float32Array.from([0.5, 1, -0.25, 0.1, -0.3, 0.8, 0.4, 0.2]),
      b: 0.7,
    };
    const original = toOriginalUnits(new Float32Array(8), standardized, stats);
    for (let i = 0; i < data.rows; i += 37) {
      expect(logit(data.x, i, 8, original.w, original.b)).toBeCloseTo(
        logit(z, i, 8, standardized.w, standardized.b),
        5,
      );
    }
  });
});

/** The diabetes rows, their statistics, and the rows standardized. */
function standardizedDiabetes() {
  const data = diabetes();
  const stats = featureStats(data.x, data.rows, data.cols);
  const z = new Float32Array(data.x.length);
  standardize(z, data.x, data.rows, data.cols, stats);
  return { data, stats, z };
}
