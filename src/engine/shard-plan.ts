/**
 * What a training over shards keeps the same from its first step to its
 * last (shard-training.ts): the options and start as a request takes them,
 * and what the preparation pass found over the training rows.
 */
import { sampleWeights } from "./class-weights";
import type { Dataset } from "./dataset";
import type { StartingPoint } from "./fitted-model";
import type { FitBlock } from "./fit-state";
import { startingWeights } from "./init";
import type { ModelOptions } from "./model-options";
import type { FeatureStats } from "./standardize";
import { outputsFor, type LinearWeights } from "./weights";

/** One shard's rows in original units, split by the training's membership. */
export interface ShardRows {
  readonly training: Dataset;
  /** Its validation rows; null (or no rows) when it has none. */
  readonly validation: Dataset | null;
}

/**
 * What stays the same through a training over shards: the options and
 * start as a request takes them, and what the preparation pass found.
 */
export interface ShardPlan {
  readonly options: ModelOptions;
  readonly start: StartingPoint;
  readonly cols: number;
  readonly shards: number;
  /** Training and validation rows over all shards. */
  readonly trainingRows: number;
  readonly validationRows: number;
  /** With standardize: the training rows' `featureStats` (a job sums them over its shards in steps: jobs/feature-moments.ts). */
  readonly stats?: FeatureStats;
  /** With class weights: `classWeightsOfCounts` of the training counts. */
  readonly classWeights?: readonly number[];
}

/** The weights `plan` starts from, in original units. */
export function initialWeightsOf(plan: ShardPlan): LinearWeights {
  const { start, options, cols } = plan;
  return "weights" in start
    ? start.weights
    : startingWeights(start.init, outputsFor(options.classes), cols);
}

/** A shard's raw training rows with their sample weights (class weights), as the loop takes them. */
export function rawBlock(plan: ShardPlan, data: Dataset): FitBlock {
  const perClass = plan.classWeights;
  return {
    data,
    weights:
      perClass === undefined
        ? null
        : sampleWeights(new Float32Array(data.rows), data.y, perClass),
  };
}

/**
 * The steps a training over `plan.shards` shards takes at `perStep` shards
 * a step, when it runs every iteration (early stopping can only end it
 * sooner): g = ⌈shards / perStep⌉ steps a pass over the shards; each
 * iteration one pass (full batch), or with mini-batches one pass of
 * batches plus, on a logged iteration, one pass for its cost; then one
 * final pass. What a job compares with the Workflow's step limit.
 */
export function plannedSteps(
  plan: {
    readonly options: Pick<ModelOptions, "epochs" | "logEvery" | "batchSize">;
    readonly shards: number;
    readonly trainingRows: number;
  },
  perStep: number,
): number {
  const { epochs, logEvery, batchSize } = plan.options;
  const group = Math.ceil(plan.shards / perStep);
  const iterations = epochs + 1;
  const batched = (batchSize ?? plan.trainingRows) < plan.trainingRows;
  const logged = Math.floor(epochs / logEvery) + 1;
  const passes = batched ? iterations + logged : iterations;
  return (passes + 1) * group;
}
