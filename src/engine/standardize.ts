/**
 * Feature standardization, as scikit-learn's `StandardScaler` does it, and the
 * conversion of a linear model's weights between standardized and original
 * units, so a model trained on standardized rows predicts on raw ones.
 *
 * The statistics are float64 and computed exactly as scikit-learn 1.2's
 * `_incremental_mean_and_var` does on a float64 copy of the float32 rows, so
 * they are equal to `StandardScaler().fit(x.astype(float64))`'s `mean_` and
 * `scale_`, not merely close.
 */
import type { Dataset } from "./dataset";
import {
  outputRow,
  zeroWeights,
  type LinearWeights,
  type RowWeights,
} from "./weights";

/** Per-feature mean and scale (the population standard deviation, or 1). */
export interface FeatureStats {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Each feature's count, mean and sum of squared deviations over some rows:
 * what `featureStats` needs, gathered a block of rows at a time and merged
 * (`mergeMoments`). Plain data: a job keeps it between steps.
 */
export interface FeatureMoments {
  rows: number;
  readonly mean: Float64Array;
  /** M2_j = Σ_i (x_ij − mean_j)², float64. */
  readonly m2: Float64Array;
}

/**
 * Mean and scale of each feature of the `rows` × `cols` row-major matrix `x`:
 * `statsOfMoments(featureMoments(x, rows, cols))`.
 *
 * Assumes rows ≥ 1 and finite values (validated by the caller).
 */
export function featureStats(
  x: Float32Array,
  rows: number,
  cols: number,
): FeatureStats {
  return statsOfMoments(featureMoments(x, rows, cols));
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
 * Adds the moments `b` into `a` (Chan, Golub and LeVeque's pairwise
 * update, as scikit-learn's `_incremental_mean_and_var` merges batches):
 * n = n_a + n_b, δ = mean_b − mean_a, mean = mean_a + δ·n_b/n, M2 = M2_a +
 * M2_b + δ²·n_a·n_b/n (into no rows, `b` itself). Returns `a`. Merging blocks one after another gives
 * one block's stats to within float64 rounding (about 1e-15 relative).
 */
export function mergeMoments(
  a: FeatureMoments,
  b: FeatureMoments,
): FeatureMoments {
  if (b.rows === 0) return a;
  if (a.rows === 0) {
    a.mean.set(b.mean);
    a.m2.set(b.m2);
    a.rows = b.rows;
    return a;
  }
  const n = a.rows + b.rows;
  for (let j = 0; j < a.mean.length; j++) {
    const delta = b.mean[j] - a.mean[j];
    a.mean[j] += (delta * b.rows) / n;
    a.m2[j] += b.m2[j] + (delta * delta * a.rows * b.rows) / n;
  }
  a.rows = n;
  return a;
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

/**
 * Writes (x_ij − mean_j) / scale_j, computed in float64 and rounded once to
 * float32, into `out` and returns it. `out` may be `x` itself.
 */
export function standardize(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  stats: FeatureStats,
): Float32Array {
  const { mean, scale } = stats;
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      out[offset + j] = (x[offset + j] - mean[j]) / scale[j];
    }
  }
  return out;
}

/**
 * Weights learned on standardized features, in original units: the model
 * gives the same logit on a raw row as the standardized model on the
 * standardized row.
 *
 * w_j = w'_j / scale_j, b = b' − Σ_j w'_j·mean_j / scale_j (float64 sum in
 * feature order), each result rounded to float32. The new w goes into `out`
 * (which may be `standardized.w`); returns `{w: out, b}`.
 */
export function toOriginalUnits(
  out: Float32Array,
  standardized: RowWeights,
  stats: FeatureStats,
): RowWeights {
  const { mean, scale } = stats;
  let b = standardized.b;
  for (let j = 0; j < out.length; j++) {
    const w = standardized.w[j];
    b -= (w * mean[j]) / scale[j];
    out[j] = w / scale[j];
  }
  return { w: out, b: Math.fround(b) };
}

/**
 * The inverse of `toOriginalUnits`: weights over raw features as weights
 * over standardized ones. w'_j = w_j·scale_j, b' = b + Σ_j w_j·mean_j, each
 * rounded to float32. Writes into `out` (which may be `original.w`); returns
 * `{w: out, b'}`.
 */
export function toStandardizedUnits(
  out: Float32Array,
  original: RowWeights,
  stats: FeatureStats,
): RowWeights {
  const { mean, scale } = stats;
  let b = original.b;
  for (let j = 0; j < out.length; j++) {
    const w = original.w[j];
    b += w * mean[j];
    out[j] = w * scale[j];
  }
  return { w: out, b: Math.fround(b) };
}

/**
 * `initial` (original units, K outputs) over standardized features, written
 * into `params` as [W', b'] (`toStandardizedUnits` row by row); returns
 * `params`.
 */
export function standardizedParams(
  params: Float32Array,
  initial: LinearWeights,
  stats: FeatureStats,
): Float32Array {
  const split = initial.w.length;
  const out = { w: params.subarray(0, split), b: params.subarray(split) };
  rowByRow(out, initial, toStandardizedUnits, stats);
  return params;
}

/**
 * Weights of K outputs learned on standardized features, in original units
 * (`toOriginalUnits` row by row), in new arrays.
 */
export function originalWeights(
  trained: LinearWeights,
  stats: FeatureStats,
): LinearWeights {
  const out = zeroWeights(trained.b.length, stats.scale.length);
  return rowByRow(out, trained, toOriginalUnits, stats);
}

/** `convert` of each output's row of `from`, into the same row of `out`. */
function rowByRow(
  out: LinearWeights,
  from: LinearWeights,
  convert: typeof toOriginalUnits,
  stats: FeatureStats,
): LinearWeights {
  for (let k = 0; k < from.b.length; k++) {
    const row = outputRow(out, k);
    out.b[k] = convert(row.w, outputRow(from, k), stats).b;
  }
  return out;
}

/** `data` with its features standardized, in a new array. */
export function standardizedCopy(data: Dataset, stats: FeatureStats): Dataset {
  const { rows, cols } = data;
  const x = standardize(
    new Float32Array(rows * cols),
    data.x,
    rows,
    cols,
    stats,
  );
  return { x, y: data.y, rows, cols };
}
