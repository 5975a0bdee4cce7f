/**
 * A training job as a Workflow runs one, without the Workflow: the
 * preparation pass over shards of rows (membership from the labels, the
 * training rows' feature stats, class counts), then steps of `perStep` shards, each
 * from a checkpoint that went through `structuredClone` (as a Durable
 * Object stores it), and the finish. For the engine's tests of
 * shard-training.ts.
 */
import {
  classCounts,
  classWeightsOfCounts,
} from "../../src/engine/class-weights";
import { indexClasses } from "../../src/engine/class-values";
import type { Dataset } from "../../src/engine/dataset";
import type { FittedModel } from "../../src/engine/fit-model";
import type { ModelOptions } from "../../src/engine/model-options";
import {
  finishShardTraining,
  nextShards,
  startShardTraining,
  trainShards,
  type ShardCheckpoint,
} from "../../src/engine/shard-training";
import type { ShardPlan, ShardRows } from "../../src/engine/shard-plan";
import { splitPart, validationMembership } from "../../src/engine/split";
import { featureStats, type FeatureStats } from "../../src/engine/standardize";

/** `data` cut into shards of `size` rows (the last one shorter), in order. */
export function shardsOf(data: Dataset, size: number): Dataset[] {
  const shards: Dataset[] = [];
  const { cols } = data;
  for (let start = 0; start < data.rows; start += size) {
    const end = Math.min(start + size, data.rows);
    shards.push({
      x: data.x.slice(start * cols, end * cols),
      y: data.y.slice(start, end),
      rows: end - start,
      cols,
    });
  }
  return shards;
}

/** What the preparation pass gives: each shard's parts and the plan. */
export function prepare(
  data: Dataset,
  options: ModelOptions,
  shardSize: number,
): { plan: ShardPlan; rows: ShardRows[] } {
  const held = options.validation;
  // The label column alone decides the split, as a request's.
  const membership = held
    ? validationMembership(data.y, held.fraction, held.seed)
    : new Uint8Array(data.rows);
  const rows = shardsOf(data, shardSize).map((shard, k) => {
    const part = membership.subarray(k * shardSize, k * shardSize + shard.rows);
    return {
      training: splitPart(shard, part, 0),
      validation: held ? splitPart(shard, part, 1) : null,
    };
  });
  const counts = new Array<number>(options.classes).fill(0);
  let trainingRows = 0;
  let validationRows = 0;
  for (const { training, validation } of rows) {
    classCounts(training.y, options.classes, counts);
    trainingRows += training.rows;
    validationRows += validation?.rows ?? 0;
  }
  const spec = options.classWeights;
  const plan: ShardPlan = {
    options,
    start: { init: "zeros" },
    cols: data.cols,
    shards: rows.length,
    trainingRows,
    validationRows,
    // The training rows' stats, as a job's two passes over its shards
    // compute them to the bit (tests/jobs/prepare.test.ts).
    ...(options.standardize && { stats: trainingStats(data, membership) }),
    ...(spec && {
      classWeights: classWeightsOfCounts(
        spec,
        counts,
        options.classValues ?? indexClasses(options.classes),
      ),
    }),
  };
  return { plan, rows };
}

/**
 * Every step of a job from its start, `perStep` shards a step, each from a
 * clone of the last checkpoint; `onStep` sees each checkpoint a step
 * starts from.
 */
export function runJob(
  plan: ShardPlan,
  rows: readonly ShardRows[],
  perStep: number,
  onStep: (checkpoint: ShardCheckpoint) => void = () => {},
): { model: FittedModel; steps: number } {
  let checkpoint = structuredClone(startShardTraining(plan));
  let steps = 0;
  while (checkpoint.phase !== "done") {
    onStep(checkpoint);
    checkpoint = structuredClone(step(plan, checkpoint, rows, perStep));
    steps++;
  }
  return { model: finishShardTraining(plan, checkpoint), steps };
}

/** One step from (a clone of) `checkpoint`. */
export function step(
  plan: ShardPlan,
  checkpoint: ShardCheckpoint,
  rows: readonly ShardRows[],
  perStep: number,
): ShardCheckpoint {
  const mine = structuredClone(checkpoint);
  const shards = nextShards(plan, mine, perStep).map((k) => rows[k]);
  return trainShards(plan, mine, shards);
}

/** `featureStats` of the rows `membership` marks 0 (training). */
function trainingStats(data: Dataset, membership: Uint8Array): FeatureStats {
  const training = splitPart(data, membership, 0);
  return featureStats(training.x, training.rows, training.cols);
}
