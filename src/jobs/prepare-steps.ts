/**
 * The first steps of a training job, each the work of one `step.do`: the
 * first pass over its dataset (`prepare k`: one range read each,
 * prepare-chunk.ts; `finish preparation k`: labels, split and feature
 * statistics, finish-preparation.ts), whose cursors are the steps' own
 * small return values, then `plan`: the `ShardPlan` made from the
 * manifest, the plan of steps checked against the rows the pass counted,
 * and the training's first checkpoint. Each is idempotent: run again from
 * the same cursor it writes the same objects and answers the same.
 */
import type { TrainJobSpec } from "../domain/job";
import {
  packShardCheckpoint,
  startShardTraining,
} from "../engine/shard-training";
import type { Bindings } from "../env";
import { readCsvDialect } from "../input/csv-dialect";
import { checkJobPlan, shardsPerStep } from "../input/job-plan";
import { readTrainingOptions } from "../input/train-options";
import { saveStepCheckpoint } from "../storage/job-checkpoints";
import { reportProgress, saveCheckpoint } from "../storage/job-store";
import { readManifest, type ShardManifest } from "../storage/shard-manifest";
import {
  finishPreparation,
  type FinishCursor,
  type FinishSpec,
} from "./finish-preparation";
import { cancelled, jobLimits, type StepOutcome } from "./job-steps";
import { prepareChunk, type PrepareCursor } from "./prepare-chunk";
import { buildShardPlan } from "./train-plan";
import type { ShardPlan } from "../engine/shard-plan";

/** What the `plan` step keeps in the job's Durable Object for the training steps. */
export interface TrainingSetup {
  readonly plan: ShardPlan;
  readonly manifest: ShardManifest;
  /** Shards one training step reads. */
  readonly perStep: number;
}

/** The name of the checkpoint the `plan` step keeps `TrainingSetup` under. */
export const SETUP = "plan";

/** What the first pass of job `spec` reads, and how. */
function finishSpecOf(spec: TrainJobSpec): FinishSpec {
  const options = readTrainingOptions({ ...spec.options }, false);
  return {
    dataset: spec.dataset,
    dialect: readCsvDialect({ ...spec.dialect }, "json").dialect,
    labels: "required",
    shardRows: spec.sizes.jobShardRows,
    ...(options.classes !== undefined && { classes: options.classes }),
    ...(options.positiveClass !== undefined && {
      positiveClass: options.positiveClass,
    }),
    ...(options.validation !== undefined && {
      validation: options.validation,
    }),
    standardize: options.standardize === true,
  };
}

/**
 * `prepare k`: reads the next range of the dataset from `cursor` into
 * shards, and reports the rows read.
 *
 * @throws DatasetError naming the line and field of a value that is not
 *   valid (prepare-chunk.ts)
 */
export async function prepareStep(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
  cursor: PrepareCursor,
): Promise<StepOutcome<{ cursor: PrepareCursor }>> {
  if (await cancelled(env, id, "preparing")) return { stop: true };
  const limits = jobLimits(env, spec);
  const next = await prepareChunk(
    env.DATA,
    id,
    cursor,
    finishSpecOf(spec),
    limits,
  );
  await reportProgress(env, id, {
    epoch: null,
    epochs: readTrainingOptions({ ...spec.options }, false).epochs,
    rowsRead: next.rows,
    rowsTotal: next.done ? next.rows : null,
  });
  return { stop: false, cursor: next };
}

/**
 * `finish preparation k`: the next step of the pass's end from `cursor`
 * (labels and split, then the feature moments); "done" once the manifest
 * is written.
 */
export async function finishPreparationStep(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
  prepared: PrepareCursor,
  cursor: FinishCursor,
): Promise<StepOutcome<{ cursor: FinishCursor }>> {
  if (await cancelled(env, id, "preparing")) return { stop: true };
  const next = await finishPreparation(
    env.DATA,
    id,
    prepared,
    cursor,
    finishSpecOf(spec),
    jobLimits(env, spec),
  );
  return { stop: false, cursor: next };
}

/**
 * `plan`: the training's plan from the manifest, its steps checked against
 * MAX_JOB_STEPS for the rows the pass counted, kept with the manifest for
 * the training steps, and checkpoint 0.
 *
 * @throws OptionError, FeatureMismatchError for options the data refuses,
 *   or a plan over MAX_JOB_STEPS; LimitError for a shard over JOB_STEP_VALUES
 */
export async function planStep(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
  bytes: number,
): Promise<StepOutcome<{ shards: number; perStep: number }>> {
  if (await cancelled(env, id, "running")) return { stop: true };
  const manifest = await readManifest(env.DATA, id);
  if (manifest === null) throw new Error(`job ${id} has no manifest`);
  const plan = await buildShardPlan(env, spec, manifest);
  const { rows, cols } = manifest;
  const sizes = spec.sizes;
  checkJobPlan(sizes, { bytes, rows, cols }, plan.options);
  const perStep = shardsPerStep(sizes, cols);
  const setup: TrainingSetup = { plan, manifest, perStep };
  await saveCheckpoint(env, id, SETUP, setup);
  await saveStepCheckpoint(
    env,
    id,
    0,
    packShardCheckpoint(startShardTraining(plan)),
  );
  return { stop: false, shards: plan.shards, perStep };
}
