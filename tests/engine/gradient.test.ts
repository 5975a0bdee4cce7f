/**
 * The fast epoch pass against the plain loop it replaced: its numbers to
 * float32's rounding (`FLOAT32_ROOM`), for every row count (the kernel's
 * groups of eight rows, its pairs, an odd row left over, blocks of 64 and
 * 256), odd and even feature counts, both losses, logged and unlogged
 * epochs, saturated rows and divergence; and the training loop around it
 * to the bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confusionAt } from "../../src/engine/metrics";
import type { Dataset } from "../../src/engine/dataset";
import { exp, log } from "../../src/engine/exp-log";
import { labelOf } from "../../src/engine/evaluate";
import { predictProbabilities } from "../../src/engine/linear-model";
import { gradientSums, loggedGradientSums } from "../../src/engine/gradient";
import type { EpochTotals } from "../../src/engine/kernel-layout";
import { logit, probability, softplus } from "./plain-logistic";
import { trainLogs } from "./train-logs";
import {
  expectNearPlainSums,
  kernelSums,
  plainSums,
  plainTrain,
  type PlainOptions,
} from "./plain-train";
import { TrainingDivergedError } from "../../src/errors";

/** fit.ts's loop (through `trainLinear`) in the shape of `plainTrain`. */
function fastTrain(data: Dataset, options: PlainOptions) {
  try {
    const { history, weights } = trainLogs(data, {
      ...options,
      initial: { w: options.initial.w, b: Float32Array.of(options.initial.b) },
    });
    return { history, w: Array.from(weights.w), b: weights.b[0] };
  } catch (error) {
    if (!(error instanceof TrainingDivergedError)) throw error;
    // "cost became ... at epoch 3", "the weight of feature 2 became ... at
    // epoch 3" or "the bias became ...": the oracle says cost or weights.
    const [, what, epoch] =
      /^(cost|the weight|the bias) .* at (epoch \d+)/.exec(error.message)!;
    return { diverged: `${what === "cost" ? what : "weights"}, ${epoch}` };
  }
}

/** Datasets of `minRows` to `maxRows` rows and 1 to `maxCols` features. */
function datasetsOf(minRows: number, maxRows: number, maxCols: number) {
  return fc
    .record({
      rows: fc.integer({ min: minRows, max: maxRows }),
      cols: fc.integer({ min: 1, max: maxCols }),
      // Large values saturate h to 0 or 1 in float32; huge ones overflow.
      scale: fc.constantFrom(1, 10, 1e4, 1e38),
    })
    .chain(({ rows, cols, scale }) =>
      fc.record({
        x: fc.array(fc.float({ min: -1, max: 1, noNaN: true }), {
          minLength: rows * cols,
          maxLength: rows * cols,
        }),
        y: fc.array(fc.constantFrom(0, 1), {
          minLength: rows,
          maxLength: rows,
        }),
        w: fc.array(fc.float({ min: -2, max: 2, noNaN: true }), {
          minLength: cols,
          maxLength: cols,
        }),
        b: fc.float({ min: -2, max: 2, noNaN: true }),
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        scale: fc.constant(scale),
      }),
    );
}

/** Rows from 1 to 25: 0 to 3 groups of eight, 0 to 3 pairs, an odd one. */
const datasets = datasetsOf(1, 25, 6);

/** Rows around the blocks of 256 the pass hands to the kernel. */
const blockDatasets = datasetsOf(250, 530, 5);

function dataset(d: {
  x: number[];
  y: number[];
  rows: number;
  cols: number;
  scale: number;
}): Dataset {
  return {
    x: Float32Array.from(d.x, (v) => v * d.scale),
    y: Float32Array.from(d.y),
    rows: d.rows,
    cols: d.cols,
  };
}

describe("one epoch's sums", () => {
  /** Both passes over `d` give `plainSums`, into an overwritten `sums`. */
  function expectPlainSums(
    d: Parameters<typeof dataset>[0] & { w: number[]; b: number },
    loss: "lab" | "bce",
  ) {
    const data = dataset(d);
    const weights = { w: Float32Array.from(d.w), b: d.b };
    const expected = plainSums(data, weights, loss);
    // Stale values in the output show that it is overwritten.
    const sums = new Float64Array(d.cols + 1).fill(7);
    const totals: EpochTotals = { cost: 7, correct: 7 };
    expect(
      loggedGradientSums(sums, totals, data, weights.w, weights.b, loss),
    ).toBe(totals);
    const logged = Array.from(sums);
    expectNearPlainSums({ ...totals, sums: logged }, expected, data, weights);
    sums.fill(7);
    expect(gradientSums(sums, data, weights.w, weights.b, loss)).toBe(sums);
    // A logged pass and an unlogged one give the same sums, to the bit.
    expect(Array.from(sums)).toEqual(logged);
  }

  it.each([
    { rows: "1 to 25 rows", arbitrary: datasets, numRuns: 500 },
    {
      rows: "rows across blocks of 256",
      arbitrary: blockDatasets,
      numRuns: 40,
    },
  ])("are the plain loop's float64 sums, to float32's rounding: $rows", (c) => {
    fc.assert(
      fc.property(
        c.arbitrary,
        fc.constantFrom("lab" as const, "bce" as const),
        expectPlainSums,
      ),
      { numRuns: c.numRuns },
    );
  });

  it("are each dataset's own when passes take turns over datasets of different sizes", () => {
    // A big dataset grows the kernel's memory; a small one after it must not
    // see the big one's rows (its odd row is padded with zeros, not with them).
    const sized = (rows: number, cols: number, seed: number) => ({
      x: Array.from({ length: rows * cols }, (_, k) =>
        Math.fround(Math.sin(seed + k)),
      ),
      y: Array.from({ length: rows }, (_, i) => ((i * seed) % 3 === 0 ? 1 : 0)),
      w: Array.from({ length: cols }, (_, j) => Math.fround(0.1 * (j - seed))),
      b: 0.25,
      rows,
      cols,
      scale: 1,
    });
    const big = sized(20_001, 41, 1);
    const small = sized(3, 2, 2);
    const middle = sized(777, 8, 3);
    for (const d of [big, small, big, middle, small, middle]) {
      expectPlainSums(d, "bce");
      expectPlainSums(d, "lab");
    }
  });

  it("leave the data and the weights unchanged", () => {
    const data: Dataset = {
      x: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      y: new Float32Array([0, 1, 1, 0, 1]),
      rows: 5,
      cols: 2,
    };
    const w = new Float32Array([0.5, -0.25]);
    gradientSums(new Float64Array(3), data, w, 0.125, "bce");
    loggedGradientSums(
      new Float64Array(3),
      { cost: 0, correct: 0 },
      data,
      w,
      0.125,
      "lab",
    );
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(data.y)).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(w)).toEqual([0.5, -0.25]);
  });
});

describe("the training loop", () => {
  it("gives bit for bit what the plain loop gives around the kernel's sums", () => {
    fc.assert(
      fc.property(
        datasets,
        fc.record({
          epochs: fc.integer({ min: 0, max: 12 }),
          lr: fc.constantFrom(0.01, 0.5, 1, 10, 1e38),
          logEvery: fc.integer({ min: 1, max: 4 }),
          loss: fc.constantFrom("lab" as const, "bce" as const),
        }),
        (d, o) => {
          const options = {
            ...o,
            initial: { w: Float32Array.from(d.w), b: d.b },
          };
          const data = dataset(d);
          expect(fastTrain(data, options)).toEqual(
            plainTrain(data, options, kernelSums),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("the kernel's probabilities", () => {
  /** `probability(logit(...))` of each row: the plain loop's. */
  function plainProbabilities(data: Dataset, w: Float32Array, b: number) {
    return Array.from({ length: data.rows }, (_, i) =>
      probability(logit(data.x, i, data.cols, w, b)),
    );
  }

  it("match one row at a time across blocks of 256 and copies of 4096 rows", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(255, 256, 257, 4095, 4096, 4097, 8193),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(1, 1e4, 1e38),
        (rows, cols, scale) => {
          const data = {
            x: Float32Array.from(
              { length: rows * cols },
              (_, k) => Math.sin(k) * scale,
            ),
            y: new Float32Array(rows),
            rows,
            cols,
          };
          const w = Float32Array.from({ length: cols }, (_, j) => 1 - j / 3);
          const out = new Float32Array(rows).fill(7);
          predictProbabilities(out, data.x, rows, cols, {
            w,
            b: Float32Array.of(0.5),
          });
          expect(Array.from(out)).toEqual(plainProbabilities(data, w, 0.5));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("leave a training's rows in the kernel's memory as they were", () => {
    // A prediction between two epochs grows the memory past the rows the
    // epochs read; the second epoch must still give the plain loop's sums.
    const rows = 301;
    const data: Dataset = {
      x: Float32Array.from({ length: rows * 3 }, (_, k) => Math.cos(k)),
      y: Float32Array.from({ length: rows }, (_, i) => i % 2),
      rows,
      cols: 3,
    };
    const w = Float32Array.of(0.5, -1, 2);
    const sums = new Float64Array(4);
    const expected = Array.from(gradientSums(sums, data, w, 0.25, "bce"));
    expectNearPlainSums(
      { sums: expected, cost: 0, correct: 0 },
      { ...plainSums(data, { w, b: 0.25 }, "bce"), cost: 0, correct: 0 },
      data,
      { w, b: 0.25 },
    );
    const many = 50_000;
    predictProbabilities(
      new Float32Array(many),
      new Float32Array(many * 40),
      many,
      40,
      { w: new Float32Array(40), b: Float32Array.of(0) },
    );
    sums.fill(7);
    expect(Array.from(gradientSums(sums, data, w, 0.25, "bce"))).toEqual(
      expected,
    );
  });

  it("predictProbabilities and the confusion matrix match one row at a time", () => {
    fc.assert(
      fc.property(datasets, (d) => {
        const data = dataset(d);
        const weights = { w: Float32Array.from(d.w), b: d.b };
        const h = Array.from({ length: data.rows }, (_, i) =>
          probability(logit(data.x, i, data.cols, weights.w, weights.b)),
        );
        const out = new Float32Array(data.rows);
        predictProbabilities(out, data.x, data.rows, data.cols, {
          w: weights.w,
          b: Float32Array.of(weights.b),
        });
        expect(Array.from(out)).toEqual(h);
        const count = (label: number, predicted: number) =>
          h.filter((p, i) => data.y[i] === label && labelOf(p) === predicted)
            .length;
        expect(confusionAt(out, data.y)).toEqual({
          tp: count(1, 1),
          fp: count(0, 1),
          tn: count(0, 0),
          fn: count(1, 0),
        });
      }),
      { numRuns: 200 },
    );
  });
});
