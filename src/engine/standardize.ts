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
  featureMoments,
  statsOfMoments,
  type FeatureStats,
} from "./feature-moments";
import {
  outputRow,
  zeroWeights,
  type LinearWeights,
  type RowWeights,
} from "./weights";

export type { FeatureStats } from "./feature-moments";

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
