/**
 * The gradient sums and the cost of a batch of rows, optionally with a weight
 * per sample: what mini-batch training and class weights need beyond the
 * full-batch kernels of gradient.ts.
 *
 * One row at a time, in batch order, in float64. With every weight 1 and
 * the rows in their own order, each sum adds the terms gradient.ts's
 * kernel adds, which gives them to float32's rounding (it works in float32
 * lanes as the C yardstick does): the two trainings agree within the lab's
 * 1e-6 (tests/engine/train-options.test.ts).
 */
import type { Dataset } from "./dataset";
import type { EpochTotals } from "./gradient";
import { labelOf } from "./evaluate";
import {
  bceCost,
  bceSlope,
  labCost,
  labSlope,
  logit,
  probability,
  type Loss,
} from "./logistic";

/**
 * The gradient sums over the rows `order[start]`, …, `order[end − 1]` (or rows
 * start..end − 1 when `order` is null), written into `sums` (length cols + 1)
 * and returned: `sums[j] = Σ_i s_i·g_i·x_ij`, `sums[cols] = Σ_i s_i·g_i`, with
 * g_i the slope of row i under `loss` (as in gradient.ts) and s_i its sample
 * weight (1 when `weights` is null). Divide by the batch's row count for the
 * gradient of the mean cost, weighted or not (PyTorch's 'mean' reduction).
 */
export function batchGradientSums(
  sums: Float64Array,
  data: Dataset,
  order: Uint32Array | null,
  start: number,
  end: number,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
): Float64Array {
  const { x, y, cols } = data;
  for (let j = 0; j <= cols; j++) sums[j] = 0;
  for (let k = start; k < end; k++) {
    const i = order === null ? k : order[k];
    const z = logit(x, i, cols, w, b);
    let g = loss === "lab" ? labSlope(z, y[i]) : bceSlope(probability(z), y[i]);
    if (weights !== null) g *= weights[i];
    const offset = i * cols;
    for (let j = 0; j < cols; j++) sums[j] += g * x[offset + j];
    sums[cols] += g;
  }
  return sums;
}

/**
 * Σ_i s_i·cost_i over all rows of `data` in order, and the rows labelled right
 * (h ≥ 0.5, unweighted), written into `totals` and returned; s_i is the
 * sample weight (1 when `weights` is null). The weighted mean cost is
 * `totals.cost / data.rows`.
 */
export function costTotals(
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
): EpochTotals {
  const { x, y, rows, cols } = data;
  let cost = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const z = logit(x, i, cols, w, b);
    const h = probability(z);
    let c = loss === "lab" ? labCost(z, y[i]) : bceCost(h, y[i]);
    if (weights !== null) c *= weights[i];
    cost += c;
    if (labelOf(h) === y[i]) correct++;
  }
  totals.cost = cost;
  totals.correct = correct;
  return totals;
}
