/**
 * The reference oracle of the one-output model's mini-batch and weighted
 * passes: the plain loop over one row at a time in JavaScript, as
 * src/engine/batch-gradient.ts ran them before the kernel took them over
 * (commit 83c71e8), with logistic.ts's formulas. The kernel's numbers are
 * checked against it to the bit (batch-gradient.test.ts).
 */
import type { Dataset } from "../../src/engine/dataset";
import { labelOf } from "../../src/engine/evaluate";
import type { EpochTotals } from "../../src/engine/kernel-layout";
import {
  bceCost,
  bceSlope,
  labCost,
  labSlope,
  logit,
  probability,
} from "./plain-logistic";
import type { Loss } from "../../src/engine/logistic";

/**
 * `batchGradientSums` as the loop: `sums[j] = Σ_i s_i·g_i·x_ij`,
 * `sums[cols] = Σ_i s_i·g_i` over the rows `order[start..end)` (start..end
 * − 1 when null), s_i from `weights` (1 when null).
 */
export function plainBatchGradientSums(
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
 * `costTotals` as the loop: Σ_i s_i·cost_i over all rows in order, and the
 * rows labelled right (h ≥ 0.5, unweighted).
 */
export function plainCostTotals(
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
