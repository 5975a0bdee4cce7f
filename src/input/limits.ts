/**
 * Every limit on what one request may ask, in one place.
 *
 * Defaults suit the Workers Paid plan's default CPU limit of 30 s per request
 * and the isolate's 128 MB of memory; each can be changed with a `[vars]`
 * entry of the same name in wrangler.toml (or a `--var` to `wrangler dev`).
 *
 * Sizing: training ran at about 270 million multiply-adds a second in workerd
 * under `wrangler dev` on the development machine (20,000 × 32 CSV, 200 more
 * epochs took 0.44-0.49 s more), so the work budget of 4e9 is about 15 s of
 * CPU, half the limit. An 8 MiB body holds at most about 4 million numbers
 * ("0," per value): 16 MB as float32, a few copies of which fit in memory.
 *
 * Predict and evaluate are public, so they are held to a few seconds of CPU
 * and to memory that does not grow with their answer. Measured in workerd
 * under `wrangler dev` on the same machine (CPU from the schedstat of
 * workerd's threads, one request at a time):
 * - A JSON answer is built whole: in Node, the answer of 250,000 numbers
 *   held 12-22 MB at its peak (the object, its JSON and its UTF-8 bytes:
 *   48-86 bytes a number), and took 70-180 ms of CPU in workerd; so at most
 *   250,000 numbers, which leaves the body's arrays room.
 * - A streamed answer holds one block of rows: 10.1 million numbers (100,000
 *   rows of 100 classes, 219 MB of CSV) streamed within a 64 MB Node heap
 *   whose JSON answer ran out of memory, and workerd's memory grew by 2-33
 *   MB. Its CPU grows with it: 90-150 ns a number for probabilities, up to
 *   345 ns with explanations (500,000 rows of 8 features as NDJSON: 1.8-2.1
 *   s), so at most 15 million numbers, about 5 s at the slowest.
 * - Evaluating is rows × features × classes multiply-adds and, per row and
 *   class, an exponential, which costs more than the multiply-adds when the
 *   rows are narrow: 1,000,000 rows of 1 feature on 100 classes took
 *   3.6-3.7 s of CPU (36 ns a unit), 10,000 rows of 100 features 0.26-0.66 s
 *   (3-7 ns). The budget of 5e7 is sized for the narrow rows, about 1.8 s.
 *   Predictions are held to it too: the same pass over the rows.
 *
 * Datasets are streamed into R2, never held, so their limits are the
 * platform's: a single PUT takes at most MAX_DATASET_BYTES, 100 MB (100 ×
 * 1000 × 1000 bytes, at or under the 100 MB request body limit of Free and
 * Pro zones, however a megabyte is counted; Business allows 200 MB,
 * Enterprise 500 MB). Larger files go up in parts of DATASET_PART_BYTES, 8 MiB
 * by default: R2 wants every part but the last of one size and at least
 * 5 MiB, and at most 10,000 parts, so a dataset in parts of 8 MiB may reach
 * about 78 GiB.
 *
 * Jobs (src/jobs/) take a step at a time. In V8 under Node (`node
 * bench/prepare.mjs`, 16 features): parsing a 4 MiB range took 117-137 ms
 * of CPU (median; at most about 6 × the range in memory), reading 4e6 values
 * of shards 28-33 ms, drawing classes and split 319 ms a million rows at
 * about 9 bytes a row: 8e6 rows is about 72 MB and 2.5 s.
 */
import { LimitError } from "../errors";

/** The limits in force for a request. */
export interface Limits {
  /** Largest request body, in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Most rows in one training, evaluation or prediction body. */
  readonly maxRows: number;
  /** Most features per row. */
  readonly maxCols: number;
  /**
   * Most multiply-adds one training may do: rows × cols × (epochs + 1), the
   * size of the gradient pass summed over every iteration.
   */
  readonly maxWork: number;
  /**
   * Most numbers in a prediction answered as one JSON document: rows ×
   * `valuesPerRow`.
   */
  readonly maxPredictionValues: number;
  /** Most numbers in a prediction streamed as CSV or NDJSON. */
  readonly maxStreamedValues: number;
  /**
   * Most multiply-adds of running a model over the rows of one evaluation or
   * prediction: rows × cols × outputs.
   */
  readonly maxEvaluationWork: number;
  /**
   * Jobs (src/jobs/): the most bytes of a dataset one preparation step
   * reads and parses (one R2 range read).
   */
  readonly jobRangeBytes: number;
  /** Jobs: the most rows a dataset may have. */
  readonly maxJobRows: number;
  /**
   * Jobs: the most stored values (rows × features) one step after the
   * parse reads from its shards.
   */
  readonly jobStepValues: number;
  /**
   * Jobs: the most rows a validation split is drawn over; the step that
   * draws it holds about 9 bytes a row (a label, a row index, a membership
   * byte).
   */
  readonly maxSplitRows: number;
  /** Largest dataset one `PUT /v1/datasets/{name}` takes, in bytes (413 above it). */
  readonly maxDatasetBytes: number;
  /**
   * The size of every part of an upload in parts but the last, in bytes;
   * fixed for an upload when it starts. At least `MIN_PART_BYTES`.
   */
  readonly datasetPartBytes: number;
  /**
   * Most Workflow steps one job may plan: the Workers Paid plan's default
   * of 10,000 steps an instance (configurable there up to 25,000).
   */
  readonly maxJobSteps: number;
  /**
   * Jobs: rows in each shard the first pass writes (every shard but the
   * last); a training step reads whole shards, as many as `jobStepValues`
   * allows.
   */
  readonly jobShardRows: number;
}

/** R2's smallest part of a multipart upload but the last: 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** R2's most parts in one multipart upload. */
export const MAX_PARTS = 10_000;

/** The defaults, used where wrangler.toml sets nothing. */
export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxRows: 1_000_000,
  maxCols: 1_000,
  maxWork: 4_000_000_000,
  maxPredictionValues: 250_000,
  maxStreamedValues: 15_000_000,
  maxEvaluationWork: 50_000_000,
  jobRangeBytes: 4 * 1024 * 1024,
  maxJobRows: 50_000_000,
  jobStepValues: 4_000_000,
  maxSplitRows: 8_000_000,
  maxDatasetBytes: 100 * 1000 * 1000,
  datasetPartBytes: 8 * 1024 * 1024,
  maxJobSteps: 10_000,
  jobShardRows: 65_536,
};

/** The wrangler var of each limit. */
const VARS = {
  maxBodyBytes: "MAX_BODY_BYTES",
  maxRows: "MAX_ROWS",
  maxCols: "MAX_COLS",
  maxWork: "MAX_WORK",
  maxPredictionValues: "MAX_PREDICTION_VALUES",
  maxStreamedValues: "MAX_STREAMED_VALUES",
  maxEvaluationWork: "MAX_EVALUATION_WORK",
  jobRangeBytes: "JOB_RANGE_BYTES",
  maxJobRows: "MAX_JOB_ROWS",
  jobStepValues: "JOB_STEP_VALUES",
  maxSplitRows: "MAX_SPLIT_ROWS",
  maxDatasetBytes: "MAX_DATASET_BYTES",
  datasetPartBytes: "DATASET_PART_BYTES",
  maxJobSteps: "MAX_JOB_STEPS",
  jobShardRows: "JOB_SHARD_ROWS",
} as const satisfies Record<keyof Limits, string>;

/** The name of a limit's wrangler var. */
export type LimitVar = (typeof VARS)[keyof Limits];

/**
 * The limits configured in `vars` (the Worker's env), over the defaults.
 *
 * @throws Error when a var is set but is not a positive integer: a broken
 *   deployment should fail loudly, not run without limits
 */
export function readLimits(vars: Partial<Record<LimitVar, unknown>>): Limits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(VARS) as [string, LimitVar][]) {
    const raw = vars[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(
        `wrangler var ${name} must be a positive integer, got ${String(raw)}`,
      );
    }
    limits[key] = value;
  }
  if (limits.datasetPartBytes < MIN_PART_BYTES) {
    throw new Error(
      `wrangler var DATASET_PART_BYTES must be at least ${MIN_PART_BYTES} (R2's smallest part), got ${limits.datasetPartBytes}`,
    );
  }
  return limits as unknown as Limits;
}

/** Refuses a body of more rows or features than the limits allow. */
export function checkShape(limits: Limits, rows: number, cols: number): void {
  if (rows > limits.maxRows) {
    throw new LimitError(
      `the body has ${rows} rows, at most ${limits.maxRows} are allowed`,
    );
  }
  if (cols > limits.maxCols) {
    throw new LimitError(
      `rows have ${cols} features, at most ${limits.maxCols} are allowed`,
    );
  }
}

/**
 * `checkShape` for a job's dataset: `maxJobRows` rows, `maxCols` features.
 *
 * @throws LimitError naming the limit
 */
export function checkJobShape(limits: Limits, rows: number, cols: number) {
  if (rows > limits.maxJobRows) {
    throw new LimitError(
      `the dataset has more than ${limits.maxJobRows} rows, at most ${limits.maxJobRows} are allowed in a job`,
    );
  }
  checkShape(limits, 0, cols);
}

/**
 * Refuses a training whose work, rows × cols × outputs × (epochs + 1), is
 * over budget, saying by how much and what to do instead. `outputs` is 1 for
 * the two-class model, K for a softmax model of K classes.
 */
export function checkWork(
  limits: Limits,
  rows: number,
  cols: number,
  epochs: number,
  outputs = 1,
): void {
  const perEpoch = rows * cols * outputs;
  const work = perEpoch * (epochs + 1);
  if (work <= limits.maxWork) return;
  const fitEpochs = Math.floor(limits.maxWork / perEpoch) - 1;
  const classes = outputs === 1 ? "" : ` × classes ${outputs}`;
  throw new LimitError(
    `training needs ${work} multiply-adds (rows ${rows} × features ${cols}${classes} × (epochs ${epochs} + 1)), ` +
      `${(work / limits.maxWork).toFixed(1)}× the budget of ${limits.maxWork}: ` +
      (fitEpochs >= 0
        ? `use at most ${fitEpochs} epochs, or fewer rows`
        : `send fewer rows (at most ${Math.floor(limits.maxWork / (cols * outputs))} with these features)`),
  );
}
