/**
 * The one-output model's mini-batch gradients and weighted cost totals in
 * the WebAssembly kernel (batch-gradient.ts, epoch-pass.wat's `sigmoid`)
 * against the plain JavaScript loop they replaced (plain-batch-gradient.ts),
 * to the bit: every gradient sum, the summed cost and the rows right. Both
 * losses, seeded random data of odd and even row and column counts, with
 * and without a row order and sample weights, batches at odd offsets,
 * logits out past ±100 (where the "bce" loss's h saturates in float32 and
 * its log is clamped), rows the kernel holds and rows copied into its
 * scratch 4096 at a time.
 */
import { describe, expect, it } from "vitest";
import { batchGradientSums, costTotals } from "../../src/engine/batch-gradient";
import type { Dataset } from "../../src/engine/dataset";
import { heldRows } from "../../src/engine/kernel-rows";
import type { Loss } from "../../src/engine/logistic";
import { logit } from "./plain-logistic";
import {
  plainBatchGradientSums,
  plainCostTotals,
} from "./plain-batch-gradient";
import { differences } from "./same-bits";
import { generator, shuffled } from "./seeded";

/** rows × cols features in [-1, 1), labels 0 or 1, seeded. */
function randomData(rows: number, cols: number, seed: number): Dataset {
  const next = generator(seed);
  const x = Float32Array.from({ length: rows * cols }, () => 2 * next() - 1);
  const y = Float32Array.from({ length: rows }, () => (next() < 0.5 ? 0 : 1));
  return { x, y, rows, cols };
}

/** cols weights uniform in [-scale, scale), and a bias, seeded. */
function randomWeights(cols: number, scale: number, seed: number) {
  const next = generator(seed);
  const w = Float32Array.from({ length: cols }, () => scale * (2 * next() - 1));
  return { w, b: Math.fround(scale * (2 * next() - 1)) };
}

/** Sample weights in [0, 3), a few of them exactly 0, seeded. */
function randomSampleWeights(rows: number, seed: number): Float32Array {
  const next = generator(seed);
  return Float32Array.from({ length: rows }, (_, i) =>
    i % 7 === 3 ? 0 : 3 * next(),
  );
}

/** The kernel's gradient sums and the loop's on the same batch, to the bit. */
function expectSameSums(
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
  order: Uint32Array | null,
  start: number,
  end: number,
  weights: Float32Array | null,
): Float64Array {
  const size = data.cols + 1;
  const sums = new Float64Array(size).fill(NaN);
  const plain = new Float64Array(size).fill(NaN);
  const args = [data, order, start, end, w, b, loss, weights] as const;
  expect(batchGradientSums(sums, ...args)).toBe(sums);
  plainBatchGradientSums(plain, ...args);
  expect(differences(sums, plain)).toEqual([]);
  return plain;
}

/** The kernel's cost totals and the loop's over all of `data`, to the bit. */
function expectSameTotals(
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
) {
  const totals = { cost: NaN, correct: NaN };
  const plain = { cost: NaN, correct: NaN };
  expect(costTotals(totals, data, w, b, loss, weights)).toBe(totals);
  plainCostTotals(plain, data, w, b, loss, weights);
  expect(Object.is(totals.cost, plain.cost)).toBe(true);
  expect(totals.correct).toBe(plain.correct);
  return plain;
}

describe("random data, both losses", () => {
  for (const loss of ["bce", "lab"] as const) {
    for (const [rows, cols] of [
      [1, 1],
      [2, 3],
      [200, 1],
      [130, 2],
      [129, 3],
      [63, 7],
      [65, 8],
      [129, 9],
      [1001, 32],
      [300, 33],
    ]) {
      it(`${loss}, ${rows} × ${cols}`, () => {
        const seed = 100 * rows + cols + (loss === "lab" ? 7 : 0);
        const data = randomData(rows, cols, seed);
        const { w, b } = randomWeights(cols, 1.5, seed + 1);
        const order = shuffled(rows, seed + 2);
        const weights = randomSampleWeights(rows, seed + 3);
        // Totals first, over rows the kernel does not hold yet (copied in).
        expectSameTotals(data, w, b, loss, null);
        expectSameTotals(data, w, b, loss, weights);
        expectSameSums(data, w, b, loss, null, 0, rows, null);
        expectSameSums(data, w, b, loss, null, 0, rows, weights);
        expectSameSums(data, w, b, loss, order, 0, rows, null);
        expectSameSums(data, w, b, loss, order, 0, rows, weights);
        // Batches at odd offsets, as a batch size of 64 cuts them.
        for (let start = (rows >> 2) | 1; start < rows; start += 64) {
          const end = Math.min(start + 64, rows);
          expectSameSums(data, w, b, loss, order, start, end, weights);
          expectSameSums(data, w, b, loss, null, start, end, weights);
        }
        expectSameSums(data, w, b, loss, order, rows - 1, rows, weights);
        expectSameSums(data, w, b, loss, order, 0, 0, weights);
        // Totals again, now over the rows the kernel holds.
        expectSameTotals(data, w, b, loss, null);
        expectSameTotals(data, w, b, loss, weights);
      });
    }
  }
});

describe("logits out to ±100 and past", () => {
  // Weights that take z past ±100: the "bce" loss's float32 h
  // saturates to 0 and 1 there (its slope scaled down, its log clamped at
  // −100), and the "lab" loss's softplus reaches 100.
  const data = randomData(257, 6, 41);
  const { w, b } = randomWeights(6, 60, 44);
  const order = shuffled(257, 45);
  const weights = randomSampleWeights(257, 46);

  it("reaches past ±100", () => {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < data.rows; i++) {
      const z = logit(data.x, i, data.cols, w, b);
      low = Math.min(low, z);
      high = Math.max(high, z);
    }
    expect(low).toBeLessThan(-100);
    expect(high).toBeGreaterThan(100);
  });

  for (const loss of ["bce", "lab"] as const) {
    it(`${loss}: the loop's sums and totals`, () => {
      const bce = expectSameTotals(data, w, b, loss, null);
      expectSameTotals(data, w, b, loss, weights);
      expectSameSums(data, w, b, loss, order, 0, 257, weights);
      expectSameSums(data, w, b, loss, order, 31, 95, null);
      expectSameSums(data, w, b, loss, null, 1, 256, weights);
      if (loss === "bce") {
        // Some rows' costs were clamped at 100: the mean is large.
        expect(bce.cost / data.rows).toBeGreaterThan(10);
      }
    });
  }

  it("costs 100 for a row wrong at z = −120 under bce, as F.binary_cross_entropy clamps it", () => {
    const one: Dataset = {
      x: new Float32Array([1]),
      y: new Float32Array([1]),
      rows: 1,
      cols: 1,
    };
    const totals = costTotals(
      { cost: 0, correct: 0 },
      one,
      new Float32Array([-120]),
      0,
      "bce",
      null,
    );
    expect(totals).toEqual({ cost: 100, correct: 0 });
    const lab = costTotals(
      { cost: 0, correct: 0 },
      one,
      new Float32Array([-120]),
      0,
      "lab",
      null,
    );
    // softplus(120) = 120 + log1p(e^-120), which rounds to 120.
    expect(lab).toEqual({ cost: 120, correct: 0 });
  });
});

describe("rows copied into the kernel's scratch 4096 at a time", () => {
  it("gives the loop's totals over 9001 rows it does not hold, and over them held", () => {
    const data = randomData(9001, 5, 51);
    const { w, b } = randomWeights(5, 2, 52);
    const weights = randomSampleWeights(9001, 53);
    for (const loss of ["bce", "lab"] as const) {
      expectSameTotals(data, w, b, loss, null);
      expectSameTotals(data, w, b, loss, weights);
    }
    heldRows(data);
    for (const loss of ["bce", "lab"] as const) {
      expectSameTotals(data, w, b, loss, weights);
      expectSameSums(data, w, b, loss, shuffled(9001, 54), 5, 9001, weights);
    }
  });

  it("leaves its inputs as they were", () => {
    const data = randomData(130, 4, 61);
    const x = data.x.slice();
    const y = data.y.slice();
    const { w, b } = randomWeights(4, 1, 62);
    const wBefore = w.slice();
    const order = shuffled(130, 63);
    const orderBefore = order.slice();
    const weights = randomSampleWeights(130, 64);
    const weightsBefore = weights.slice();
    const sums = new Float64Array(5);
    batchGradientSums(sums, data, order, 3, 99, w, b, "bce", weights);
    costTotals({ cost: 0, correct: 0 }, data, w, b, "lab", weights);
    expect(data.x).toEqual(x);
    expect(data.y).toEqual(y);
    expect(w).toEqual(wBefore);
    expect(order).toEqual(orderBefore);
    expect(weights).toEqual(weightsBefore);
  });
});
