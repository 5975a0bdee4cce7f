/**
 * A training job's `ShardPlan` (engine/shard-plan.ts), made once its first
 * pass is over, from the manifest and the job's options as a training
 * request makes its own from its rows: the options the classes allow
 * (class-options.ts), the warm start loaded as
 * PUT /v1/models loads it (once: later steps read the plan the `plan`
 * step kept, so a version published mid-job changes nothing), class
 * weights from the training rows' counts, and the training rows' feature
 * statistics.
 */
import type { TrainJobSpec } from "../domain/job";
import { classWeightsOfCounts } from "../engine/class-weights";
import type { ShardPlan } from "../engine/shard-plan";
import type { FeatureStats } from "../engine/standardize";
import type { Bindings } from "../env";
import { DatasetError } from "../errors";
import { checkClassOptions } from "../input/class-options";
import { startingPointOf } from "../input/training-request";
import { readTrainingOptions } from "../input/train-options";
import type { ShardManifest } from "../storage/shard-manifest";
import { loadWarmStart } from "../storage/model-store";

/**
 * The plan of job `spec` over the shards `manifest` describes.
 *
 * @throws OptionError, FeatureMismatchError for options the data refuses,
 *   as a training request's (a warm start that does not fit, a softmax
 *   with a two-class option, class weights missing a class)
 * @throws DatasetError for a dataset without labels
 */
export async function buildShardPlan(
  env: Bindings,
  spec: TrainJobSpec,
  manifest: ShardManifest,
): Promise<ShardPlan> {
  const { classValues, trainingCounts, cols } = manifest;
  if (classValues === null || trainingCounts === null) {
    throw new DatasetError("the dataset has no labels to train on");
  }
  const raw = { ...spec.options };
  const options = checkClassOptions(
    Object.keys(raw),
    readTrainingOptions(raw, false),
    classValues,
    cols,
    trainingCounts,
  );
  const start = startingPointOf(
    options,
    cols,
    await loadWarmStart(env, options.init),
  );
  const perClass = options.classWeights;
  return {
    options,
    start,
    cols,
    shards: manifest.shardCount,
    trainingRows: manifest.training,
    validationRows: manifest.validation,
    ...(manifest.stats !== null && { stats: statsOf(manifest.stats) }),
    ...(perClass !== undefined && {
      classWeights: classWeightsOfCounts(perClass, trainingCounts, classValues),
    }),
  };
}

/** The manifest's statistics (JSON numbers, exact) as the engine takes them. */
function statsOf(stats: NonNullable<ShardManifest["stats"]>): FeatureStats {
  return {
    mean: Float64Array.from(stats.mean),
    scale: Float64Array.from(stats.scale),
  };
}
