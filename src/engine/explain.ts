/**
 * Why a linear model said what it said: each feature's share of a logit.
 *
 * z_k = Σ_j W_kj x_j + b_k, so contribution j is W_kj · x_j and the bias is
 * b_k; they add up to z_k.
 */

/**
 * Writes w_j · x_ij for row `row` of a row-major matrix into `out` (length
 * cols) and returns `out`, for one output's weights `w` (weights.ts'
 * `outputRow`).
 */
export function contributions(
  out: Float64Array,
  x: Float32Array,
  row: number,
  cols: number,
  w: Float32Array,
): Float64Array {
  const offset = row * cols;
  for (let j = 0; j < cols; j++) out[j] = w[j] * x[offset + j];
  return out;
}
