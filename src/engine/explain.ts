/**
 * Why a linear model said what it said: each feature's share of the logit.
 *
 * z = Σ_j w_j x_j + b, so contribution j is w_j · x_j and the bias is b; they
 * add up to z, and h = sigmoid(z).
 */
import type { Weights } from "./dataset";

/**
 * Writes w_j · x_ij for row `row` of a row-major matrix into `out` (length
 * cols) and returns `out`.
 */
export function contributions(
  out: Float64Array,
  x: Float32Array,
  row: number,
  cols: number,
  weights: Weights,
): Float64Array {
  const offset = row * cols;
  for (let j = 0; j < cols; j++) out[j] = weights.w[j] * x[offset + j];
  return out;
}
