/**
 * The training end's sums (src/engine/training-end-sums.ts), which the
 * kernel adds up, against the plain JavaScript loop they replaced
 * (plain-training-end.ts), to the bit: every sum, range, count, the cost and
 * the saturated rows, for one output and for K, with and without sample
 * weights, with the probabilities given or made a block at a time, over
 * rows the kernel holds and rows it copies, several 4096-row calls long and
 * added block after block as a job's shards are.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { heldRows } from "../../src/engine/kernel-rows";
import { predictProbabilities } from "../../src/engine/linear-model";
import {
  addTrainingEnd,
  trainingEndSums,
  type TrainingEndSums,
} from "../../src/engine/training-end-sums";
import type { LinearWeights } from "../../src/engine/weights";
import { plainTrainingEnd } from "./plain-training-end";
import { generator } from "./seeded";

/**
 * `rows` × `cols` features in about [-8, 8] (some exactly 0 and -0), labels
 * 0..classes − 1, and weights large enough that some rows' own probability
 * is 0 in float32: their log is -Infinity, clamped.
 */
function randomCase(rows: number, cols: number, classes: number, seed: number) {
  const next = generator(seed);
  const outputs = classes === 2 ? 1 : classes;
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) {
    const u = next();
    x[i] = u < 0.05 ? 0 : u < 0.1 ? -0 : 16 * next() - 8;
  }
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = Math.floor(next() * classes);
  const w = new Float32Array(outputs * cols);
  for (let i = 0; i < w.length; i++) w[i] = 12 * next() - 6;
  const b = new Float32Array(outputs);
  for (let k = 0; k < outputs; k++) b[k] = next() - 0.5;
  const weights = new Float32Array(rows);
  for (let i = 0; i < rows; i++) weights[i] = Math.fround(0.25 + 2 * next());
  const data: Dataset = { x, y, rows, cols };
  return { data, final: { w, b } as LinearWeights, weights, outputs };
}

/** Asserts every number of `a` is `b`'s, bit for bit. */
function expectSameBits(a: TrainingEndSums, b: TrainingEndSums): void {
  expect(a.rows).toBe(b.rows);
  expect(a.classCounts).toEqual(b.classCounts);
  expect(Object.is(a.cost, b.cost)).toBe(true);
  expect(a.saturated).toBe(b.saturated);
  for (const key of ["sums", "min", "max"] as const) {
    expect(a[key].length).toBe(b[key].length);
    for (let j = 0; j < a[key].length; j++) {
      if (!Object.is(a[key][j], b[key][j])) {
        expect.fail(`${key}[${j}]: ${a[key][j]} is not ${b[key][j]}`);
      }
    }
  }
}

describe("the training end's sums, in the kernel", () => {
  for (const classes of [2, 3, 10]) {
    for (const [rows, cols] of [
      [1, 1],
      [7, 3],
      [4096, 8],
      [9001, 5],
      [300, 33],
    ]) {
      it(`are the loop's to the bit: ${classes} classes, ${rows} × ${cols}`, () => {
        const { data, final, weights, outputs } = randomCase(
          rows,
          cols,
          classes,
          rows + 7 * cols + classes,
        );
        const p = predictProbabilities(
          new Float32Array(rows * outputs),
          data.x,
          rows,
          cols,
          final,
        );
        for (const sampleWeights of [undefined, weights]) {
          const expected = trainingEndSums(outputs, cols);
          plainTrainingEnd(expected, data, outputs, p, sampleWeights);
          // Given the probabilities, and made by the pass a block at a time.
          for (const given of [p, undefined]) {
            const got = trainingEndSums(outputs, cols);
            addTrainingEnd(got, data, final, sampleWeights, given);
            expectSameBits(got, expected);
          }
        }
        expect(trainingEndSums(outputs, cols).saturated).toBe(0);
      });
    }
  }

  it("counts the rows at the log clamp, and reads held rows as copied ones", () => {
    const { data, final, weights } = randomCase(5000, 6, 2, 99);
    const p = predictProbabilities(
      new Float32Array(data.rows),
      data.x,
      data.rows,
      data.cols,
      final,
    );
    const expected = trainingEndSums(1, 6);
    plainTrainingEnd(expected, data, 1, p, weights);
    // The weights are large enough that some rows sit at the clamp.
    expect(expected.saturated).toBeGreaterThan(0);
    heldRows(data);
    const fromHeld = trainingEndSums(1, 6);
    addTrainingEnd(fromHeld, data, final, weights, p);
    expectSameBits(fromHeld, expected);
  });

  it("adds block after block as one pass does", () => {
    const { data, final, outputs } = randomCase(5000, 4, 3, 5);
    const p = predictProbabilities(
      new Float32Array(data.rows * outputs),
      data.x,
      data.rows,
      data.cols,
      final,
    );
    const expected = trainingEndSums(outputs, 4);
    plainTrainingEnd(expected, data, outputs, p);
    const got = trainingEndSums(outputs, 4);
    for (const [start, end] of [
      [0, 1234],
      [1234, 1235],
      [1235, 5000],
    ]) {
      const part: Dataset = {
        x: data.x.subarray(start * 4, end * 4),
        y: data.y.subarray(start, end),
        rows: end - start,
        cols: 4,
      };
      addTrainingEnd(got, part, final);
    }
    expectSameBits(got, expected);
  });
});
