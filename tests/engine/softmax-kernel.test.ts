/**
 * Softmax regression's passes in the WebAssembly kernel against the plain
 * JavaScript loop they replaced (plain-softmax.ts), to the bit: every
 * gradient sum, the summed cost, the rows right, the arg-max classes and
 * the float32 probabilities. On the course's zoo data and on seeded random
 * data with K = 2, 3 and 10 classes, odd and even row and column counts,
 * with and without sample weights and a row order, logits out to ±1e4, rows
 * the kernel holds and rows copied into its scratch 4096 at a time. And
 * the kernel's memory, which a softmax training leaves within its bound.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import {
  KERNEL_MEMORY_BOUND,
  kernelMemoryBytes,
} from "../../src/engine/kernel";
import {
  softmaxLabelsAndCostSum,
  softmaxPass,
  softmaxProbabilities,
} from "../../src/engine/softmax";
import { fitModel } from "../../src/engine/fit-model";
import { trainLinear } from "../../src/engine/train";
import { LAB_OPTIONS } from "../fixtures/lab05";
import { zoo } from "../fixtures/options";
import { differences } from "./same-bits";
import { generator, shuffled } from "./seeded";
import {
  plainLabelsAndCostSum,
  plainProbabilities,
  plainSoftmaxPass,
} from "./plain-softmax";

/** rows × cols features in [-1, 1), labels 0..classes−1, seeded. */
function randomData(
  rows: number,
  cols: number,
  classes: number,
  seed: number,
): Dataset {
  const next = generator(seed);
  const x = Float32Array.from({ length: rows * cols }, () => 2 * next() - 1);
  const y = Float32Array.from({ length: rows }, () =>
    Math.floor(classes * next()),
  );
  return { x, y, rows, cols };
}

/** K × cols weights and K biases, uniform in [-scale, scale), seeded. */
function randomWeights(classes: number, cols: number, scale: number, seed = 7) {
  const next = generator(seed);
  const w = Float32Array.from(
    { length: classes * cols },
    () => scale * (2 * next() - 1),
  );
  const b = Float32Array.from(
    { length: classes },
    () => scale * (2 * next() - 1),
  );
  return { w, b };
}

/** The kernel's pass and the plain loop's on the same arguments, to the bit. */
function expectSamePass(
  data: Dataset,
  w: Float32Array,
  b: Float32Array,
  order: Uint32Array | null,
  start: number,
  end: number,
  weights: Float32Array | null,
) {
  const size = b.length * (data.cols + 1);
  const sums = new Float64Array(size).fill(NaN);
  const totals = { cost: NaN, correct: NaN };
  const plainSums = new Float64Array(size);
  const plainTotals = { cost: 0, correct: 0 };
  softmaxPass(sums, totals, data, w, b, order, start, end, weights);
  plainSoftmaxPass(
    plainSums,
    plainTotals,
    data,
    w,
    b,
    order,
    start,
    end,
    weights,
  );
  expect(differences(sums, plainSums)).toEqual([]);
  expect(totals).toEqual(plainTotals);
  expect(Object.is(totals.cost, plainTotals.cost)).toBe(true);
  // Without a gradient: the same totals.
  const alone = { cost: NaN, correct: NaN };
  softmaxPass(null, alone, data, w, b, order, start, end, weights);
  expect(Object.is(alone.cost, plainTotals.cost)).toBe(true);
  expect(alone.correct).toBe(plainTotals.correct);
  // Without totals: the same sums.
  const only = new Float64Array(size).fill(NaN);
  softmaxPass(only, null, data, w, b, order, start, end, weights);
  expect(differences(only, plainSums)).toEqual([]);
  return plainTotals;
}

/** The final pass and prediction of the kernel and the loop, to the bit. */
function expectSameLabelsAndProbabilities(
  data: Dataset,
  w: Float32Array,
  b: Float32Array,
) {
  const { rows, cols } = data;
  const classes = b.length;
  const labels = new Uint32Array(rows).fill(99);
  const plainLabels = new Uint32Array(rows);
  const cost = softmaxLabelsAndCostSum(labels, data, { w, b });
  const plainCost = plainLabelsAndCostSum(plainLabels, data, w, b);
  expect(Object.is(cost, plainCost)).toBe(true);
  expect(differences(labels, plainLabels)).toEqual([]);
  const p = softmaxProbabilities(
    new Float32Array(rows * classes).fill(NaN),
    data.x,
    rows,
    cols,
    { w, b },
  );
  const plainP = plainProbabilities(
    new Float32Array(rows * classes),
    data.x,
    rows,
    cols,
    w,
    b,
  );
  expect(differences(p, plainP)).toEqual([]);
}

describe("the zoo data (101 × 16, 7 classes)", () => {
  const data = zoo();
  const classes = 7;
  // The zoo lab's weights after 300 epochs, and random ones.
  const trained = trainLinear(data, {
    epochs: 300,
    lr: 0.1,
    logEvery: 300,
    initial: {
      w: new Float32Array(classes * data.cols),
      b: new Float32Array(classes),
    },
  }).weights;

  it("gives the loop's sums, cost and rows right", () => {
    const totals = expectSamePass(
      data,
      trained.w,
      trained.b,
      null,
      0,
      101,
      null,
    );
    // Trained 300 epochs, the model is right on most of the animals.
    expect(totals.correct).toBeGreaterThan(80);
    const { w, b } = randomWeights(classes, data.cols, 2);
    expectSamePass(data, w, b, null, 0, data.rows, null);
  });

  it("gives the loop's numbers with a row order and sample weights", () => {
    const order = shuffled(data.rows, 3);
    const next = generator(5);
    const weights = Float32Array.from({ length: data.rows }, () => 3 * next());
    const { w, b } = trained;
    expectSamePass(data, w, b, order, 0, data.rows, null);
    expectSamePass(data, w, b, order, 17, 58, weights);
    expectSamePass(data, w, b, null, 3, 100, weights);
    expectSamePass(data, w, b, order, 100, 101, weights);
  });

  it("gives the loop's labels, cost and probabilities", () => {
    expectSameLabelsAndProbabilities(data, trained.w, trained.b);
  });

  it("takes a full pass and a batch of every row in order alike", () => {
    const { w, b } = trained;
    const size = classes * (data.cols + 1);
    const full = new Float64Array(size);
    const batch = new Float64Array(size);
    const identity = Uint32Array.from({ length: data.rows }, (_, i) => i);
    softmaxPass(full, null, data, w, b, null, 0, data.rows, null);
    softmaxPass(batch, null, data, w, b, identity, 0, data.rows, null);
    expect(differences(full, batch)).toEqual([]);
  });

  it("leaves its inputs as they were", () => {
    const { w, b } = trained;
    const x = data.x.slice();
    const y = data.y.slice();
    const wBefore = w.slice();
    const bBefore = b.slice();
    const order = shuffled(data.rows, 9);
    const orderBefore = order.slice();
    const weights = new Float32Array(data.rows).fill(0.5);
    softmaxPass(
      new Float64Array(classes * (data.cols + 1)),
      { cost: 0, correct: 0 },
      data,
      w,
      b,
      order,
      0,
      data.rows,
      weights,
    );
    expect(data.x).toEqual(x);
    expect(data.y).toEqual(y);
    expect(w).toEqual(wBefore);
    expect(b).toEqual(bBefore);
    expect(order).toEqual(orderBefore);
    expect(weights).toEqual(new Float32Array(data.rows).fill(0.5));
  });
});

describe("random data", () => {
  for (const classes of [2, 3, 10]) {
    for (const [rows, cols] of [
      [1, 1],
      [2, 3],
      [63, 7],
      [65, 8],
      [129, 9],
      [1001, 32],
      [300, 33],
    ]) {
      it(`K = ${classes}, ${rows} × ${cols}`, () => {
        const seed = 1000 * classes + rows + cols;
        const data = randomData(rows, cols, classes, seed);
        const { w, b } = randomWeights(classes, cols, 1.5, seed + 1);
        expectSamePass(data, w, b, null, 0, rows, null);
        const order = shuffled(rows, seed + 2);
        const next = generator(seed + 3);
        const weights = Float32Array.from({ length: rows }, () => 2 * next());
        expectSamePass(data, w, b, order, 0, rows, weights);
        expectSamePass(data, w, b, order, rows >> 1, rows, null);
        expectSamePass(data, w, b, null, rows >> 2, rows, weights);
        expectSamePass(data, w, b, null, 0, 0, weights);
        expectSameLabelsAndProbabilities(data, w, b);
      });
    }
  }

  it("gives the loop's numbers where logits reach ±1e4", () => {
    for (const classes of [2, 3, 10]) {
      const data = randomData(257, 5, classes, 40 + classes);
      // Biases of ±1e4 and weights to ±3e3: most exponentials underflow
      // to 0, and a row's cost is thousands where its label loses.
      const { w, b } = randomWeights(classes, 5, 3e3, 41);
      b.forEach((_, k) => (b[k] = k % 2 === 0 ? 1e4 : -1e4));
      const totals = expectSamePass(data, w, b, null, 0, data.rows, null);
      expect(totals.cost).toBeGreaterThan(1e5);
      expectSamePass(data, w, b, shuffled(257, 2), 0, 257, null);
      expectSameLabelsAndProbabilities(data, w, b);
      const p = softmaxProbabilities(
        new Float32Array(257 * classes),
        data.x,
        257,
        5,
        { w, b },
      );
      expect(p.some((v) => v === 1)).toBe(true);
      expect(p.some((v) => v === 0)).toBe(true);
    }
  });

  it("gives the same numbers from the rows it holds and from copies", () => {
    // 9001 rows: three calls of 4096 rows when copied into scratch.
    const data = randomData(9001, 6, 3, 77);
    const other = randomData(9001, 6, 3, 78);
    const { w, b } = randomWeights(3, 6, 1, 79);
    const held = { cost: 0, correct: 0 };
    const copied = { cost: 0, correct: 0 };
    // A gradient makes the kernel hold `data`'s rows; `other`'s are copied.
    softmaxPass(new Float64Array(21), null, data, w, b, null, 0, 9001, null);
    softmaxPass(null, held, data, w, b, null, 0, 9001, null);
    softmaxPass(new Float64Array(21), null, other, w, b, null, 0, 9001, null);
    softmaxPass(null, copied, data, w, b, null, 0, 9001, null);
    expect(Object.is(held.cost, copied.cost)).toBe(true);
    expect(held.correct).toBe(copied.correct);
    expectSamePass(data, w, b, null, 0, 9001, null);
    expectSameLabelsAndProbabilities(data, w, b);
  });
});

describe("the kernel's memory after softmax", () => {
  it("is let go after a softmax training request that needed more than the bound", () => {
    // 2^17 rows of 32 float32 features: 16 MiB of rows, 3 classes.
    const data = randomData(2 ** 17, 32, 3, 5);
    const { history } = fitModel(
      data,
      { ...LAB_OPTIONS, classes: 3, epochs: 1, lr: 0.1, logEvery: 1 },
      { init: "zeros" },
    );
    // At zero weights every row costs ln 3, summed in row order in float64.
    let sum = 0;
    for (let i = 0; i < data.rows; i++) sum += Math.log(3);
    expect(history[0].cost).toBe(sum / data.rows);
    // The rows are let go; what is left is at most the scratch of the
    // passes after the last release (a few pages).
    expect(kernelMemoryBytes()).toBeLessThan(2 ** 20);
  });

  it("stays within the bound after a smaller one", () => {
    const data = randomData(2000, 16, 10, 6);
    fitModel(
      data,
      { ...LAB_OPTIONS, classes: 10, epochs: 3, lr: 0.1, logEvery: 1 },
      { init: "zeros" },
    );
    expect(kernelMemoryBytes()).toBeGreaterThan(0);
    expect(kernelMemoryBytes()).toBeLessThanOrEqual(KERNEL_MEMORY_BOUND);
  });
});
