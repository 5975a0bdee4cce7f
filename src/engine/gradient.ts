/**
 * One training epoch's pass over the data: for every row the logit z, the
 * sigmoid and the cost's slope g = dcost/dz, summed into the gradient; on
 * logged epochs also the cost and the rows labelled right.
 *
 * This is the hot loop of training, written for speed yet giving bit for bit
 * the numbers of the plain loop over one row at a time:
 * - A kernel per loss, and one per loss for logged epochs, so the row loop
 *   tests no option and does only the work its epoch needs: an unlogged
 *   epoch takes one `exp` a row and no logarithm, for either loss.
 * - Rows go four at a time (`logitsOfFour`): one row's dot product is a chain
 *   of float64 additions that must stay in feature order, and four rows give
 *   the CPU four chains to run side by side. Every sum still adds its terms
 *   in the plain loop's order (features in order, rows in order), so no
 *   rounding changes.
 * - No allocation: the sums go into the caller's array, the block's logits
 *   and slopes into two four-number scratch arrays.
 */
import type { Dataset } from "./dataset";
import { labelOf } from "./evaluate";
import {
  bceCost,
  bceSlope,
  labCost,
  labSlope,
  logit,
  logitsOfFour,
  probability,
  type Loss,
} from "./logistic";

/** The cost and the rows labelled right, summed over a logged epoch. */
export interface EpochTotals {
  /** Σ_i cost_i, not yet divided by the number of rows. */
  cost: number;
  /** Rows where (h >= 0.5) equals the label. */
  correct: number;
}

// Logits and slopes of the current block of four rows. A kernel runs to the
// end without yielding, so two calls never share them.
const z = new Float64Array(4);
const g = new Float64Array(4);

/**
 * The gradient sums of one epoch under `loss`, written into `sums` (length
 * cols + 1), which is returned: `sums[j] = Σ_i g_i x_ij` for each feature j
 * and `sums[cols] = Σ_i g_i`, with g_i the slope (`bceSlope` of the float32
 * h_i, or `labSlope` of z_i) of row i.
 */
export function gradientSums(
  sums: Float64Array,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): Float64Array {
  return loss === "lab"
    ? labGradientSums(sums, data, w, b)
    : bceGradientSums(sums, data, w, b);
}

/**
 * `gradientSums` for a logged epoch: also writes into `totals` the summed
 * cost (`bceCost` or `labCost`) and the rows whose label (h >= 0.5) is right,
 * all for the weights the epoch starts from. Returns `totals`.
 */
export function loggedGradientSums(
  sums: Float64Array,
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): EpochTotals {
  return loss === "lab"
    ? labLoggedSums(sums, totals, data, w, b)
    : bceLoggedSums(sums, totals, data, w, b);
}

function bceGradientSums(
  sums: Float64Array,
  { x, y, rows, cols }: Dataset,
  w: Float32Array,
  b: number,
): Float64Array {
  // A loop, not sums.fill(0): a builtin call costs more than a few stores.
  for (let j = 0; j <= cols; j++) sums[j] = 0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    logitsOfFour(z, x, i, cols, w, b);
    for (let k = 0; k < 4; k++) g[k] = bceSlope(probability(z[k]), y[i + k]);
    addFour(sums, x, i, cols, g);
  }
  for (; i < rows; i++) {
    const gi = bceSlope(probability(logit(x, i, cols, w, b)), y[i]);
    addOne(sums, x, i, cols, gi);
  }
  return sums;
}

function labGradientSums(
  sums: Float64Array,
  { x, y, rows, cols }: Dataset,
  w: Float32Array,
  b: number,
): Float64Array {
  for (let j = 0; j <= cols; j++) sums[j] = 0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    logitsOfFour(z, x, i, cols, w, b);
    for (let k = 0; k < 4; k++) g[k] = labSlope(z[k], y[i + k]);
    addFour(sums, x, i, cols, g);
  }
  for (; i < rows; i++) {
    addOne(sums, x, i, cols, labSlope(logit(x, i, cols, w, b), y[i]));
  }
  return sums;
}

function bceLoggedSums(
  sums: Float64Array,
  totals: EpochTotals,
  { x, y, rows, cols }: Dataset,
  w: Float32Array,
  b: number,
): EpochTotals {
  for (let j = 0; j <= cols; j++) sums[j] = 0;
  let cost = 0;
  let correct = 0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    logitsOfFour(z, x, i, cols, w, b);
    for (let k = 0; k < 4; k++) {
      const h = probability(z[k]);
      g[k] = bceSlope(h, y[i + k]);
      cost += bceCost(h, y[i + k]);
      if (labelOf(h) === y[i + k]) correct++;
    }
    addFour(sums, x, i, cols, g);
  }
  for (; i < rows; i++) {
    const h = probability(logit(x, i, cols, w, b));
    addOne(sums, x, i, cols, bceSlope(h, y[i]));
    cost += bceCost(h, y[i]);
    if (labelOf(h) === y[i]) correct++;
  }
  totals.cost = cost;
  totals.correct = correct;
  return totals;
}

function labLoggedSums(
  sums: Float64Array,
  totals: EpochTotals,
  { x, y, rows, cols }: Dataset,
  w: Float32Array,
  b: number,
): EpochTotals {
  for (let j = 0; j <= cols; j++) sums[j] = 0;
  let cost = 0;
  let correct = 0;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    logitsOfFour(z, x, i, cols, w, b);
    for (let k = 0; k < 4; k++) {
      g[k] = labSlope(z[k], y[i + k]);
      cost += labCost(z[k], y[i + k]);
      if (labelOf(probability(z[k])) === y[i + k]) correct++;
    }
    addFour(sums, x, i, cols, g);
  }
  for (; i < rows; i++) {
    const zi = logit(x, i, cols, w, b);
    addOne(sums, x, i, cols, labSlope(zi, y[i]));
    cost += labCost(zi, y[i]);
    if (labelOf(probability(zi)) === y[i]) correct++;
  }
  totals.cost = cost;
  totals.correct = correct;
  return totals;
}

/**
 * Adds slope_k · x_(row+k) of the four rows `row`..`row + 3` to `sums`, and
 * each slope_k to `sums[cols]`.
 */
function addFour(
  sums: Float64Array,
  x: Float32Array,
  row: number,
  cols: number,
  slopes: Float64Array,
): void {
  const r0 = row * cols;
  const r1 = r0 + cols;
  const r2 = r1 + cols;
  const r3 = r2 + cols;
  const g0 = slopes[0];
  const g1 = slopes[1];
  const g2 = slopes[2];
  const g3 = slopes[3];
  // Evaluated left to right: the four additions of four addOne, in row order.
  for (let j = 0; j < cols; j++) {
    sums[j] =
      sums[j] +
      g0 * x[r0 + j] +
      g1 * x[r1 + j] +
      g2 * x[r2 + j] +
      g3 * x[r3 + j];
  }
  sums[cols] = sums[cols] + g0 + g1 + g2 + g3;
}

/** Adds slope · x_row to `sums`, and the slope to `sums[cols]`. */
function addOne(
  sums: Float64Array,
  x: Float32Array,
  row: number,
  cols: number,
  slope: number,
): void {
  const offset = row * cols;
  for (let j = 0; j < cols; j++) sums[j] += slope * x[offset + j];
  sums[cols] += slope;
}
