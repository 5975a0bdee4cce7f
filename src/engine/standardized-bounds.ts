/**
 * What standardize can overflow: float32 holds the rows and weights, and
 * (x − mean) / scale or w / scale of a feature whose scale is tiny can pass
 * its largest. Each check names the number and the feature, so a training
 * refuses it with a message rather than answering NaN.
 */
import { TrainingDivergedError } from "../errors";
import type { Dataset } from "./dataset";
import { parameterName } from "./finite-model";
import type { FeatureStats } from "./standardize";
import type { LinearWeights } from "./weights";

/**
 * `weights`, once every one is finite. A feature whose spread is below
 * float32's normal range (a scale of 7e-46, say, which scikit-learn computes
 * too) trains fine in standardized units, but w / scale overflows float32 in
 * original units: a model that would predict null.
 *
 * @throws TrainingDivergedError naming the feature
 */
export function finiteInOriginalUnits(
  weights: LinearWeights,
  stats: FeatureStats,
): LinearWeights {
  const { w, b } = weights;
  const { scale } = stats;
  const refuse = (what: string) =>
    new TrainingDivergedError(
      `${what}: standardize cannot undo a feature this narrow; rescale it or train without standardize`,
    );
  for (let q = 0; q < w.length; q++) {
    if (Number.isFinite(w[q])) continue;
    const j = q % scale.length;
    throw refuse(
      `the weight of feature ${j + 1} in original units is ${w[q]} (its scale is ${scaleOf(stats, j)})`,
    );
  }
  for (let k = 0; k < b.length; k++) {
    if (!Number.isFinite(b[k])) {
      throw refuse(`the bias in original units is ${b[k]}`);
    }
  }
  return weights;
}

/** The scale of feature `j`, as messages show it. */
function scaleOf(stats: FeatureStats, j: number): string {
  return stats.scale[j].toPrecision(2);
}

/**
 * `params` (the starting [W, b] of `outputs` outputs in standardized units),
 * once every one is finite. w·scale and b + Σ w·mean overflow float32 when
 * a start in original units is near float32's largest: training from there
 * could only answer NaN.
 *
 * @throws TrainingDivergedError naming the weight or bias
 */
export function finiteStart(
  params: Float32Array,
  outputs: number,
  stats: FeatureStats,
): Float32Array {
  const q = params.findIndex((value) => !Number.isFinite(value));
  if (q === -1) return params;
  const cols = stats.scale.length;
  const what = parameterName(q, outputs, params.length, "starting ");
  const why =
    q < outputs * cols ? ` (its scale is ${scaleOf(stats, q % cols)})` : "";
  throw new TrainingDivergedError(
    `${what} is ${params[q]} in standardized units${why}: start from smaller weights or train without standardize`,
  );
}

/**
 * `heldOut` (validation rows standardized by the training rows' mean and
 * scale), once every value is finite. A feature the training rows barely
 * vary in has a tiny scale, and a held-out row far from them overflows
 * float32: its cost would be NaN.
 *
 * @throws TrainingDivergedError naming the feature
 */
export function finiteHeldOut(heldOut: Dataset, stats: FeatureStats): Dataset {
  const i = heldOut.x.findIndex((value) => !Number.isFinite(value));
  if (i === -1) return heldOut;
  const j = i % heldOut.cols;
  throw new TrainingDivergedError(
    `a held-out row's feature ${j + 1} is ${heldOut.x[i]} once standardized by the training rows (its scale is ${scaleOf(stats, j)}): rescale the feature or train without standardize`,
  );
}
