/**
 * What the end of a training sums over its rows for the warnings
 * (training-end.ts), a block of rows at a time: a request's one block and
 * a job's shards add the same sums in the same row order.
 */
import type { Dataset } from "./dataset";
import { kernelRegions } from "./kernel";
import { chunkRows, heldRowsOf } from "./kernel-rows";
import { predictProbabilities } from "./linear-model";
import type { LinearWeights } from "./weights";

/**
 * The log `F.binary_cross_entropy` clamps a row's log-probability at
 * (PyTorch's `-100`): a row whose own class has probability ≤ e^-100 costs
 * 100 and, under that loss, no longer moves the weights.
 */
export const LOG_CLAMP = -100;

/**
 * What `measureTrainingEnd` sums over the rows, plain data: added to a
 * block of rows at a time (`addTrainingEnd`, a shard after another), the
 * same sums in the same row order as one pass, then finished
 * (`finishTrainingEnd`). (K + 1)·d + K + 2·d float64s and K counts.
 */
export interface TrainingEndSums {
  rows: number;
  cost: number;
  saturated: number;
  /** Σ s·r·x (K × d) then Σ s·r (K), over the raw rows. */
  readonly sums: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly classCounts: number[];
}

/** Empty sums for a model of `outputs` outputs over `cols` features. */
export function trainingEndSums(
  outputs: number,
  cols: number,
): TrainingEndSums {
  return {
    rows: 0,
    cost: 0,
    saturated: 0,
    sums: new Float64Array(outputs * cols + outputs),
    min: new Float64Array(cols).fill(Infinity),
    max: new Float64Array(cols).fill(-Infinity),
    classCounts: new Array<number>(outputs === 1 ? 2 : outputs).fill(0),
  };
}

/**
 * Adds the training rows `data` (original units) into `acc`: each row's
 * clamped cost at the `final` weights, whether it is saturated, its
 * residual's sums, its features' ranges and its class. `probabilities`:
 * the rows' (`predictProbabilities` at `final`) when the caller has them,
 * else made a block at a time. `sampleWeights`: one a row, or none (1).
 *
 * For each row, with s its weight and r its residual (h − y for one
 * output, p_k − [k = y] for K): own = the probability of its label, cost
 * += s·min(−ln own, 100) (`LOG_CLAMP`), saturated when ln own ≤ −100,
 * Σ s·r_k·x_j and Σ s·r_k, the range of each x_j. Float64 in row order, by
 * the kernel (epoch-pass.wat's `trainingEnd`), 4096 rows a call: the rows
 * it holds are read there (the training's, at the end of a request), other
 * rows copied in.
 *
 * @throws RangeError when the kernel's memory cannot hold 4096 rows
 */
export function addTrainingEnd(
  acc: TrainingEndSums,
  data: Dataset,
  final: LinearWeights,
  sampleWeights?: Float32Array,
  probabilities?: Float32Array,
): void {
  const { x, y, rows, cols } = data;
  const outputs = final.b.length;
  const { sums, min, max, classCounts } = acc;
  const classes = classCounts.length;
  // Fewer rows a block when they are wide (kernel-rows.ts's `chunkRows`).
  const chunk = Math.min(rows, chunkRows(4 * (cols + outputs + 2)));
  // Without the rows' probabilities, a block of them at a time.
  const block = probabilities ?? new Float32Array(chunk * outputs);
  const counts = new Float64Array(classes);
  const totals = Float64Array.of(acc.cost, acc.saturated);
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const p =
      probabilities?.subarray(start * outputs, (start + n) * outputs) ??
      predictProbabilities(
        block.subarray(0, n * outputs),
        x.subarray(start * cols, (start + n) * cols),
        n,
        cols,
        final,
      );
    // Looked up after the probabilities, whose pass may drop the kernel.
    const held = heldRowsOf(x, rows, cols);
    const { kernel, where } = kernelRegions(
      {
        x: held === null ? 4 * n * cols : 0,
        y: held === null ? 4 * n : 0,
        p: 4 * n * outputs,
        weights: sampleWeights === undefined ? 0 : 4 * n,
        sums: 8 * sums.length,
        min: 8 * cols,
        max: 8 * cols,
        counts: 8 * classes,
        out: 16,
      },
      n,
      cols,
    );
    const buffer = kernel.memory.buffer;
    const f32 = (from: number, length: number) =>
      new Float32Array(buffer, from, length);
    const f64 = (from: number, length: number) =>
      new Float64Array(buffer, from, length);
    let xAt = where.x;
    let yAt = where.y;
    if (held === null) {
      f32(xAt, n * cols).set(x.subarray(start * cols, (start + n) * cols));
      f32(yAt, n).set(y.subarray(start, start + n));
    } else {
      xAt = held.layout.x + 4 * start * cols;
      yAt = held.layout.y + 4 * start;
    }
    f32(where.p, n * outputs).set(p);
    if (sampleWeights !== undefined) {
      f32(where.weights, n).set(sampleWeights.subarray(start, start + n));
    }
    f64(where.sums, sums.length).set(sums);
    f64(where.min, cols).set(min);
    f64(where.max, cols).set(max);
    f64(where.counts, classes).fill(0);
    f64(where.out, 2).set(totals);
    kernel.trainingEnd(
      xAt,
      yAt,
      n,
      cols,
      outputs,
      where.p,
      sampleWeights === undefined ? 0 : where.weights,
      where.sums,
      where.min,
      where.max,
      where.counts,
      where.out,
    );
    sums.set(f64(where.sums, sums.length));
    min.set(f64(where.min, cols));
    max.set(f64(where.max, cols));
    counts.set(f64(where.counts, classes));
    for (let c = 0; c < classes; c++) classCounts[c] += counts[c];
    totals.set(f64(where.out, 2));
  }
  acc.cost = totals[0];
  acc.saturated = totals[1];
  acc.rows += rows;
}
