/**
 * The one pass at the end of a training (src/engine/training-end.ts) against
 * cases worked by hand: the gradient of the training cost, the cost, how it
 * falls as the weights grow, the rows at the log clamp, the features'
 * ranges and the class counts.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { predictProbabilities } from "../../src/engine/linear-model";
import {
  featureStats,
  originalWeights,
  standardizedCopy,
} from "../../src/engine/standardize";
import {
  measureTrainingEnd,
  type FinalState,
} from "../../src/engine/training-end";
import type { LinearWeights } from "../../src/engine/weights";
import { toyDataset } from "../fixtures/lab05";

/** `weights` of K outputs from plain numbers. */
function weightsOf(w: number[], b: number[]): LinearWeights {
  return { w: new Float32Array(w), b: new Float32Array(b) };
}

/** The end of a training that stopped at `weights` (original units) on `data`. */
function endAt(
  data: Dataset,
  weights: LinearWeights,
  more: Partial<FinalState> = {},
) {
  const probabilities = predictProbabilities(
    new Float32Array(data.rows * weights.b.length),
    data.x,
    data.rows,
    data.cols,
    weights,
  );
  return measureTrainingEnd({
    data,
    probabilities,
    final: weights,
    trained: weights,
    penalty: { l1: 0, l2: 0 },
    weightDecay: 0,
    ...more,
  });
}

/** σ(z) in float64. */
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Two rows, x = −1 (label 0) and x = +1 (label 1): separated at 0. */
const PAIR: Dataset = {
  x: Float32Array.of(-1, 1),
  y: Float32Array.of(0, 1),
  rows: 2,
  cols: 1,
};

describe("measureTrainingEnd", () => {
  it("gives the gradient of the mean cost, (1/n)·Σ (h − y)·[x, 1]", () => {
    const data = toyDataset();
    const weights = weightsOf([0.5, -0.25], [-1]);
    const end = endAt(data, weights);
    const expected = [0, 0, 0];
    for (let i = 0; i < data.rows; i++) {
      const [x1, x2] = [data.x[2 * i], data.x[2 * i + 1]];
      const r = Math.fround(sigmoid(0.5 * x1 - 0.25 * x2 - 1)) - data.y[i];
      expected[0] += (r * x1) / 6;
      expected[1] += (r * x2) / 6;
      expected[2] += r / 6;
    }
    expected.forEach((g, q) => expect(end.gradient[q]).toBeCloseTo(g, 12));
    // Every row is of class 0 or 1, no feature is constant.
    expect(end.classCounts).toEqual([3, 3]);
    expect(Array.from(end.ranges)).toEqual([5, 2]);
    expect(end.saturated).toBe(0);
    expect(end.penalised).toBe(false);
  });

  it("measures how the cost falls as the weights grow, −θ·∇J", () => {
    // At w, b = 0 each row costs about log(1 + e^−w) and ∂J/∂w = −σ(−w),
    // so −θ·∇J = w·σ(−w); here from each row's float32 h, as the model
    // gives it: h₀ = σ(−w) (label 0), h₁ = σ(w) (label 1).
    for (const w of [0.01, 1, 5, 9].map(Math.fround)) {
      const end = endAt(PAIR, weightsOf([w], [0]));
      const h0 = Math.fround(sigmoid(-w));
      const h1 = Math.fround(sigmoid(w));
      expect(end.radial).toBeCloseTo((w * (h0 - (h1 - 1))) / 2, 12);
      expect(end.cost).toBeCloseTo(-(Math.log(1 - h0) + Math.log(h1)) / 2, 12);
      expect(end.radial / w).toBeCloseTo(sigmoid(-w), 6);
    }
  });

  it("adds the penalties to the cost and to the gradient", () => {
    const weights = weightsOf([2], [0.5]);
    const plain = endAt(PAIR, weights);
    const l2 = endAt(PAIR, weights, { penalty: { l1: 0, l2: 0.1 } });
    expect(l2.gradient[0]).toBeCloseTo(plain.gradient[0] + 0.1 * 2, 12);
    expect(l2.gradient[1]).toBe(plain.gradient[1]);
    expect(l2.cost).toBeCloseTo(plain.cost + 0.05 * 4, 12);
    const decay = endAt(PAIR, weights, { weightDecay: 0.1 });
    expect(decay.gradient[1]).toBeCloseTo(plain.gradient[1] + 0.1 * 0.5, 12);
    expect(decay.penalised).toBe(true);
    // A weight at exactly 0 takes the least L1 subgradient: none while the
    // data's slope is within λ₁.
    const atZero = endAt(PAIR, weightsOf([0], [0]));
    const l1 = endAt(PAIR, weightsOf([0], [0]), {
      penalty: { l1: 1, l2: 0 },
    });
    expect(Math.abs(atZero.gradient[0])).toBeLessThan(1);
    expect(l1.gradient[0]).toBe(0);
  });

  it("gives the gradient in standardized units with standardize", () => {
    const data = toyDataset();
    const stats = featureStats(data.x, data.rows, data.cols);
    const trained = weightsOf([1.5, -0.5], [0.25]);
    const original = originalWeights(trained, stats);
    const end = endAt(data, original, { trained, stats });
    // The same gradient from the standardized rows themselves.
    const direct = endAt(standardizedCopy(data, stats), trained);
    direct.gradient.forEach((g, q) =>
      expect(end.gradient[q]).toBeCloseTo(g, 6),
    );
    // Ranges are of the rows as they came.
    expect(Array.from(end.ranges)).toEqual([5, 2]);
  });

  it("counts the rows whose own class is at the log clamp, float32 as PyTorch has it", () => {
    // Label 1: h ≤ e^−100, z ≤ −100 (h is a float32 subnormal there).
    const label1 = (z: number) =>
      endAt(
        { x: Float32Array.of(z), y: Float32Array.of(1), rows: 1, cols: 1 },
        weightsOf([1], [0]),
      ).saturated;
    expect([-99, -99.9, -100.1, -101, -200].map(label1)).toEqual([
      0, 0, 1, 1, 1,
    ]);
    // Label 0: 1 − h = 0 once h rounds to 1 in float32, z > 25·ln 2 ≈ 17.33.
    const label0 = (z: number) =>
      endAt(
        { x: Float32Array.of(z), y: Float32Array.of(0), rows: 1, cols: 1 },
        weightsOf([1], [0]),
      ).saturated;
    expect([17, 17.3, 17.4, 18].map(label0)).toEqual([0, 0, 1, 1]);
    // Such a row costs 100, as F.binary_cross_entropy clamps it.
    const row = {
      x: Float32Array.of(30),
      y: Float32Array.of(0),
      rows: 1,
      cols: 1,
    };
    expect(endAt(row, weightsOf([1], [0])).cost).toBe(100);
  });

  it("reads a softmax model's rows by their own class's probability", () => {
    // Three classes; row 0's own class (2) is 150 below the largest logit.
    const data: Dataset = {
      x: Float32Array.of(1, 0),
      y: Float32Array.of(2, 0),
      rows: 2,
      cols: 1,
    };
    const weights = weightsOf([150, 0, 0], [0, 0, 0]);
    const end = endAt(data, weights);
    expect(end.saturated).toBe(1);
    expect(end.classCounts).toEqual([1, 0, 1]);
    // Row 1 is at p = 1/3 for each class: its residuals are −2/3, 1/3, 1/3.
    expect(end.gradient[3] * 2).toBeCloseTo(1 - 2 / 3, 6);
  });
});

describe("without the rows' probabilities", () => {
  it("makes them a block at a time and measures the same, bit for bit", () => {
    // 10,000 rows of 3 features and 3 classes: three blocks of 4,096 rows.
    const rows = 10_000;
    const x = Float32Array.from({ length: rows * 3 }, (_, i) =>
      Math.fround(Math.sin(i * 0.37) * 3),
    );
    const y = Float32Array.from({ length: rows }, (_, i) => i % 3);
    const data: Dataset = { x, y, rows, cols: 3 };
    const weights = weightsOf(
      [0.5, -1, 0.25, 1, 0.5, -0.75, -0.5, 0.25, 1],
      [0.1, -0.2, 0.3],
    );
    const held = endAt(data, weights);
    const made = measureTrainingEnd({
      data,
      final: weights,
      trained: weights,
      penalty: { l1: 0, l2: 0 },
      weightDecay: 0,
    });
    expect(made).toEqual(held);
  });
});
