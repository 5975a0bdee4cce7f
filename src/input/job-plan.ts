/**
 * The plan of a training job's Workflow steps, counted from the dataset's
 * shape and the job's sizes (limits.ts: JOB_RANGE_BYTES, JOB_SHARD_ROWS,
 * JOB_STEP_VALUES), and checked against MAX_JOB_STEPS: at the start (from
 * an estimate of the rows, jobs/plan-estimate.ts) before anything is
 * stored, and again once the first pass has counted them.
 *
 * Steps: `prepare k`, ⌈bytes / JOB_RANGE_BYTES⌉ range reads; `finish
 * preparation k`, 1 (the labels), or with `standardize` the two passes of
 * the feature moments, 2 × ⌈shards / ⌈JOB_STEP_VALUES / (shard rows ×
 * features)⌉⌉; `plan`, 1; `train k`, engine/shard-plan.ts's
 * `plannedSteps` at `shardsPerStep` shards a step; `finish`, `publish`,
 * and the step that deletes the job's objects.
 */
import type { ModelOptions } from "../engine/model-options";
import { plannedSteps } from "../engine/shard-plan";
import { LimitError, OptionError } from "../errors";
import type { Limits } from "./limits";

/**
 * The sizes a job runs with, fixed when it starts (domain/job.ts's
 * `JobSizes` is this shape).
 */
export type JobSizes = Pick<
  Limits,
  | "jobRangeBytes"
  | "jobStepValues"
  | "jobShardRows"
  | "maxJobRows"
  | "maxSplitRows"
  | "maxJobSteps"
>;

/** The sizes a job started now runs with: the job limits of `limits`. */
export function jobSizesOf(limits: Limits): JobSizes {
  const { jobRangeBytes, jobStepValues, jobShardRows } = limits;
  const { maxJobRows, maxSplitRows, maxJobSteps } = limits;
  return {
    jobRangeBytes,
    jobStepValues,
    jobShardRows,
    maxJobRows,
    maxSplitRows,
    maxJobSteps,
  };
}

/** What the steps are counted from: the file's bytes, rows and features. */
export interface PlanShape {
  readonly bytes: number;
  readonly rows: number;
  readonly cols: number;
}

/** The options the count reads. */
export type PlanOptions = Pick<
  ModelOptions,
  "epochs" | "logEvery" | "batchSize" | "standardize" | "validation"
>;

/** A job's steps by kind. */
export interface JobSteps {
  readonly prepare: number;
  readonly train: number;
  /** prepare + plan 1 + train + finish 1 + publish 1 + clean up 1. */
  readonly total: number;
}

/**
 * The shards one training step reads: as many whole shards as keep it
 * within `jobStepValues` values (rows × features).
 *
 * @throws LimitError when one shard alone is over it
 */
export function shardsPerStep(sizes: JobSizes, cols: number): number {
  const perShard = sizes.jobShardRows * cols;
  if (perShard > sizes.jobStepValues) {
    throw new LimitError(
      `a shard of ${sizes.jobShardRows} rows × ${cols} features holds ${perShard} values, over the JOB_STEP_VALUES ${sizes.jobStepValues} one step reads: lower JOB_SHARD_ROWS or raise JOB_STEP_VALUES`,
    );
  }
  return Math.floor(sizes.jobStepValues / perShard);
}

/** The steps a training job of `options` over `shape` takes. */
export function jobSteps(
  sizes: JobSizes,
  shape: PlanShape,
  options: PlanOptions,
): JobSteps {
  const shards = Math.max(1, Math.ceil(shape.rows / sizes.jobShardRows));
  const ranges = Math.max(1, Math.ceil(shape.bytes / sizes.jobRangeBytes));
  const perShard = sizes.jobShardRows * shape.cols;
  const momentShards = Math.max(1, Math.ceil(sizes.jobStepValues / perShard));
  const finishing = options.standardize
    ? 2 * Math.ceil(shards / momentShards)
    : 1;
  const held = options.validation?.fraction ?? 0;
  const trainingRows = Math.max(1, Math.floor(shape.rows * (1 - held)));
  const train = plannedSteps(
    { options, shards, trainingRows },
    shardsPerStep(sizes, shape.cols),
  );
  const prepare = ranges + finishing;
  return { prepare, train, total: prepare + 1 + train + 3 };
}

/**
 * Refuses a training job whose plan takes more Workflow steps than
 * `sizes.maxJobSteps`, saying what it needs and how many epochs fit.
 *
 * @throws OptionError naming the steps, the limit and the epochs that fit
 * @throws LimitError when one shard is over JOB_STEP_VALUES
 */
export function checkJobPlan(
  sizes: JobSizes,
  shape: PlanShape,
  options: PlanOptions,
): void {
  const steps = jobSteps(sizes, shape, options);
  const max = sizes.maxJobSteps;
  if (steps.total <= max) return;
  const fits = (epochs: number) =>
    jobSteps(sizes, shape, { ...options, epochs }).total <= max;
  // The most epochs that fit: steps grow with the epochs.
  let low = -1;
  let high = options.epochs;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid;
  }
  throw new OptionError(
    `the job needs ${steps.total} Workflow steps (prepare ${steps.prepare} + plan 1 + train ${steps.train} + finish 1 + publish 1 + clean up 1) ` +
      `for about ${shape.rows} rows of ${shape.cols} features, over MAX_JOB_STEPS ${max}: ` +
      (low >= 0
        ? `at most ${low} epochs fit`
        : `not even epochs 0 fits; raise MAX_JOB_STEPS (the Paid plan allows up to 25,000 steps an instance) or JOB_STEP_VALUES`),
  );
}
