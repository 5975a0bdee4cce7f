/**
 * What the end of a training sums over its rows for the warnings
 * (training-end.ts), a block of rows at a time: a request's one block and
 * a job's shards add the same sums in the same row order.
 */
import type { Dataset } from "./dataset";
import { predictProbabilities } from "./linear-model";
import type { LinearWeights } from "./weights";

/**
 * The log `F.binary_cross_entropy` clamps a row's log-probability at
 * (PyTorch's `-100`): a row whose own class has probability ≤ e^-100 costs
 * 100 and, under that loss, no longer moves the weights.
 */
export const LOG_CLAMP = -100;

/** Rows whose probabilities are made at once when the caller has none. */
const BLOCK_ROWS = 4096;

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
  const biases = outputs * cols;
  const { sums, min, max, classCounts } = acc;
  const residual = new Float64Array(outputs);
  let { cost, saturated } = acc;
  // Without the rows' probabilities, a block of them at a time.
  const block = probabilities ?? new Float32Array(BLOCK_ROWS * outputs);
  let blockStart = probabilities ? 0 : -BLOCK_ROWS;
  for (let i = 0; i < rows; i++) {
    if (i >= blockStart + BLOCK_ROWS && probabilities === undefined) {
      blockStart = i;
      const n = Math.min(BLOCK_ROWS, rows - i);
      const into = block.subarray(0, n * outputs);
      predictProbabilities(
        into,
        x.subarray(i * cols, (i + n) * cols),
        n,
        cols,
        final,
      );
    }
    const at = i - blockStart;
    const label = y[i];
    const s = sampleWeights === undefined ? 1 : sampleWeights[i];
    let own: number;
    if (outputs === 1) {
      const h = block[at];
      own = label === 1 ? h : 1 - h;
      residual[0] = h - label;
    } else {
      for (let k = 0; k < outputs; k++) {
        residual[k] = block[at * outputs + k] - (k === label ? 1 : 0);
      }
      own = block[at * outputs + label];
    }
    const logOwn = Math.log(own);
    if (logOwn <= LOG_CLAMP) saturated++;
    cost += s * Math.min(-logOwn, -LOG_CLAMP);
    classCounts[label]++;
    // The ranges and the first output's sums in one sweep of the row.
    const offset = i * cols;
    const first = s * residual[0];
    for (let j = 0; j < cols; j++) {
      const v = x[offset + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
      sums[j] += first * v;
    }
    for (let k = 1; k < outputs; k++) {
      const r = s * residual[k];
      const row = k * cols;
      for (let j = 0; j < cols; j++) sums[row + j] += r * x[offset + j];
    }
    for (let k = 0; k < outputs; k++) sums[biases + k] += s * residual[k];
  }
  acc.cost = cost;
  acc.saturated = saturated;
  acc.rows += rows;
}
