/**
 * Each feature's mean and spread: the moments of some rows by
 * scikit-learn's two passes, then the mean and scale standardize.ts uses.
 * A job computes the same sums over its shards in steps
 * (jobs/feature-moments.ts) and hands them to `statsOfMoments`, so its
 * statistics are `featureStats`'s to the bit.
 */
/** Per-feature mean and scale (the population standard deviation, or 1). */
export interface FeatureStats {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Each feature's count, mean and sum of squared deviations over some rows:
 * what `featureStats` needs.
 */
export interface FeatureMoments {
  rows: number;
  readonly mean: Float64Array;
  /** M2_j = Σ_i (x_ij − mean_j)², float64. */
  readonly m2: Float64Array;
}

/**
 * The moments of one block of rows, by scikit-learn's two passes:
 * mean_j = (Σ_i x_ij) / n; with t_ij = x_ij − mean_j, M2_j = Σ_i t_ij² −
 * (Σ_i t_ij)² / n, the corrected two-pass formula of Chan, Golub and
 * LeVeque. Sums run over rows in order, in float64. No rows: all zeros.
 */
export function featureMoments(
  x: Float32Array,
  rows: number,
  cols: number,
): FeatureMoments {
  const mean = new Float64Array(cols);
  const m2 = new Float64Array(cols);
  if (rows === 0) return { rows, mean, m2 };
  const correction = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) mean[j] += x[offset + j];
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const t = x[offset + j] - mean[j];
      correction[j] += t;
      m2[j] += t * t;
    }
  }
  for (let j = 0; j < cols; j++) {
    m2[j] -= (correction[j] * correction[j]) / rows;
  }
  return { rows, mean, m2 };
}

/**
 * Mean and scale from moments: var_j = M2_j / n (ddof 0), scale_j = √var_j.
 * A feature is constant, and gets scale 1 as in scikit-learn, when
 * var_j ≤ n·ε·var_j + (n·mean_j·ε)², ε = 2^-52 (`_is_constant_feature`).
 * Assumes rows ≥ 1.
 */
export function statsOfMoments(moments: FeatureMoments): FeatureStats {
  const { rows, m2 } = moments;
  const mean = Float64Array.from(moments.mean);
  const scale = new Float64Array(mean.length);
  const eps = Number.EPSILON;
  for (let j = 0; j < mean.length; j++) {
    const variance = m2[j] / rows;
    const bound = rows * eps * variance + (rows * mean[j] * eps) ** 2;
    scale[j] = variance <= bound ? 1 : Math.sqrt(variance);
  }
  return { mean, scale };
}
