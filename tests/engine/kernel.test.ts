/**
 * The WebAssembly kernel's exp and log, over the whole range the engine
 * feeds them: e^-z for logits |z| ≤ 100 (beyond, e^-z is within 2^-144 of
 * 0 or past float32's range, and a probability is 0 or 1 either way), and
 * the log of a row's own-class probability from the log clamp's e^-100 to 1.
 * They are exp-log.ts's functions to the bit, and so within 1 ulp of
 * `Math.exp` and `Math.log` (the largest distance measured here is 1 ulp).
 * And the kernel's memory, which a training or a prediction leaves within
 * its bound.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { exp, log } from "../../src/engine/exp-log";
import {
  epochKernel,
  KERNEL_MEMORY_BOUND,
  kernelMemoryBytes,
  releaseKernelMemory,
} from "../../src/engine/kernel";
import { fitModel } from "../../src/engine/fit-model";
import { heldRowsIfLoaded } from "../../src/engine/kernel-rows";
import {
  linearPasses,
  predictProbabilities,
} from "../../src/engine/linear-model";
import { trainLinear } from "../../src/engine/train";
import { paramsOf } from "../../src/engine/weights";
import { LAB_OPTIONS } from "../fixtures/lab05";

const bits = new Float64Array(1);
const word = new BigUint64Array(bits.buffer);

/** |a − b| in ulps of b (the gap from |b| to the next double up). */
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  bits[0] = Math.abs(b);
  word[0] += 1n;
  return Math.abs(a - b) / (bits[0] - Math.abs(b));
}

/** `count` points evenly over [from, to], nudged off round numbers. */
function grid(from: number, to: number, count: number): number[] {
  const step = (to - from) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    Math.min(to, from + i * step + (i % 7) * step * Math.SQRT1_2 * 1e-3),
  );
}

/** The kernel's function against `same` (to the bit) and `near` (in ulps). */
function compare(
  kernelFunction: (x: number) => number,
  same: (x: number) => number,
  near: (x: number) => number,
  xs: number[],
) {
  let differ = 0;
  let ulps = 0;
  for (const x of xs) {
    const value = kernelFunction(x);
    if (!Object.is(value, same(x))) differ++;
    ulps = Math.max(ulps, ulpsApart(value, near(x)));
  }
  return { differ, ulps };
}

describe("the kernel's exp", () => {
  it("is exp-log.ts's exp, within 1 ulp of Math.exp for |x| ≤ 100", () => {
    const kernel = epochKernel();
    const xs = grid(-100, 100, 200_001);
    expect(compare(kernel.exp, exp, Math.exp, xs)).toEqual({
      differ: 0,
      ulps: 1,
    });
  });

  it("is Math.exp's at the ends: NaN, infinities, overflow, underflow", () => {
    const kernel = epochKernel();
    const ends = [NaN, Infinity, -Infinity, 709, 710, -709, -746, 0, -0];
    for (const x of ends) expect(kernel.exp(x)).toBe(Math.exp(x));
  });
});

describe("the kernel's log", () => {
  it("is exp-log.ts's log, within 1 ulp of Math.log from e^-100 to 1", () => {
    const kernel = epochKernel();
    const xs = grid(-100, 0, 200_001).map(Math.exp);
    // Float32 probabilities next to 1, where 1 − h is a few ulps of float32.
    for (let k = 1; k <= 1000; k++) xs.push(1 - k * 2 ** -24);
    expect(compare(kernel.log, log, Math.log, xs)).toEqual({
      differ: 0,
      ulps: 1,
    });
  });

  it("is Math.log's at the ends: 0, 1, negative, subnormal, NaN", () => {
    const kernel = epochKernel();
    const ends = [0, -0, 1, -1, 5e-324, NaN, Infinity, 2 ** 1023];
    for (const x of ends) expect(kernel.log(x)).toBe(Math.log(x));
  });
});

describe("the kernel's memory", () => {
  const toy: Dataset = {
    x: Float32Array.of(1, 2, 2, 3, 3, 1, 4, 3, 5, 3, 6, 2),
    y: Float32Array.of(0, 0, 0, 1, 1, 1),
    rows: 6,
    cols: 2,
  };
  const options = { epochs: 100, lr: 0.1, logEvery: 10, loss: "bce" as const };
  function trainToy() {
    return trainLinear(toy, {
      ...options,
      initial: { w: new Float32Array(2), b: new Float32Array(1) },
    });
  }

  it("is kept by a training that stays within the bound", () => {
    trainToy();
    expect(kernelMemoryBytes()).toBeGreaterThan(0);
    expect(kernelMemoryBytes()).toBeLessThanOrEqual(KERNEL_MEMORY_BOUND);
  });

  /** 2^20 rows of 4 float32 features: 16 MiB of rows, and their labels. */
  function bigRows(): Dataset {
    const rows = 2 ** 20;
    const cols = 4;
    const x = new Float32Array(rows * cols);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i * cols + (i % cols)] = 1;
      y[i] = i % 2;
    }
    return { x, y, rows, cols };
  }

  it("stays within the bound through a training request on rows over it", () => {
    const before = trainToy();
    const kernel = epochKernel();
    const big = fitModel(
      bigRows(),
      { ...LAB_OPTIONS, epochs: 1, lr: 0.1, logEvery: 1 },
      { init: "zeros" },
    );
    // At zero weights every row costs float32's ln 2 (h = 0.5; the kernel's
    // log is float32), summed over 2^20 rows in float64 without rounding.
    expect(big.history[0].cost).toBe(Math.fround(Math.LN2));
    // The rows went through a window (windowed-epoch.ts), never held
    // whole: the same kernel, its memory a window and the passes' scratch.
    expect(epochKernel()).toBe(kernel);
    expect(kernelMemoryBytes()).toBeLessThan(2 ** 20);
    // The next training runs in that small kernel, and trains as before.
    const after = trainToy();
    expect(kernelMemoryBytes()).toBeLessThan(2 ** 20);
    expect(after).toEqual(before);
  });

  it("keeps a training's rows for its final pass, which reads them uncopied, to the same bits", () => {
    // 200,000 rows of 4 features: 3.2 MB, within the bound, which a copy
    // would grow the memory by.
    const rows = 200_000;
    const cols = 4;
    const x = new Float32Array(rows * cols);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows * cols; i++) x[i] = Math.sin(i) * 3;
    for (let i = 0; i < rows; i++)
      y[i] = x[i * cols] + x[i * cols + 1] > 0 ? 1 : 0;
    const data = { x, y, rows, cols };
    const fit = trainLinear(data, {
      ...options,
      epochs: 5,
      initial: { w: new Float32Array(cols), b: new Float32Array(1) },
    });
    const held = epochKernel();
    const bytes = kernelMemoryBytes();
    expect(heldRowsIfLoaded(data)).not.toBeNull();
    const passes = linearPasses(paramsOf(fit.weights), 1, cols, "bce");
    const fromHeld = { cost: 0, correct: 0 };
    passes.totals(fromHeld, data, null);
    const hHeld = predictProbabilities(
      new Float32Array(rows),
      x,
      rows,
      cols,
      fit.weights,
    );
    // Neither pass copied the rows: the memory did not grow.
    expect(kernelMemoryBytes()).toBe(bytes);
    expect(epochKernel()).toBe(held);
    // The same values in another Dataset are copied for each pass, as
    // held-out rows and new rows are, and give the same bits.
    const copy = { ...data, x: x.slice(), y: y.slice() };
    const fromCopy = { cost: 0, correct: 0 };
    passes.totals(fromCopy, copy, null);
    expect(kernelMemoryBytes()).toBeGreaterThan(bytes);
    expect(Object.is(fromHeld.cost, fromCopy.cost)).toBe(true);
    expect(fromHeld.correct).toBe(fromCopy.correct);
    const hCopy = predictProbabilities(
      new Float32Array(rows),
      copy.x,
      rows,
      cols,
      fit.weights,
    );
    expect(hHeld).toEqual(hCopy);
  });

  it("stays within the bound through a prediction of rows over it", () => {
    // 4096 rows of 1100 features: 18 MB of float32, copied in 448 rows at
    // a time (kernel-rows.ts's `chunkRows`), not all at once.
    releaseKernelMemory(0);
    const kernel = epochKernel();
    const rows = 4096;
    const cols = 1100;
    const x = new Float32Array(rows * cols).fill(1);
    const out = predictProbabilities(new Float32Array(rows), x, rows, cols, {
      w: new Float32Array(cols).fill(-1 / 1100),
      b: Float32Array.of(0),
    });
    // z = -1100/1100 summed in float64 from float32 weights: close to -1.
    expect(out[rows - 1]).toBeCloseTo(1 / (1 + Math.E), 6);
    expect(epochKernel()).toBe(kernel);
    expect(kernelMemoryBytes()).toBeLessThanOrEqual(KERNEL_MEMORY_BOUND);
  });

  it("is dropped only over the bound it is given", () => {
    trainToy();
    const bytes = kernelMemoryBytes();
    expect(releaseKernelMemory(bytes)).toBe(false);
    expect(kernelMemoryBytes()).toBe(bytes);
    expect(releaseKernelMemory(bytes - 1)).toBe(true);
    expect(kernelMemoryBytes()).toBe(0);
  });
});
