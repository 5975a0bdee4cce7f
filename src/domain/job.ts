/**
 * What the service keeps of a job (work past one request, run by a
 * Workflow): its record, its progress, the epochs it logged and the events a
 * client may follow. Storage keeps these (job-state.ts, job-registry.ts),
 * the Workflow's steps change them, reports render them.
 */
import type { EpochLog } from "../engine/epoch-history";
import type { ModelMetrics } from "../engine/linear-model";

/**
 * Where a job is. `queued` until its Workflow's first step runs, then
 * `preparing` (reading the dataset), `running` (epochs), `finalizing`
 * (final metrics and storing the version: no cancel from there), and one
 * of the three ends. `cancelling`: a cancel was asked while a step ran;
 * the next step boundary ends the job `cancelled`.
 */
export type JobStatus =
  | "queued"
  | "preparing"
  | "running"
  | "finalizing"
  | "succeeded"
  | "failed"
  | "cancelling"
  | "cancelled";

/** The states a job never leaves. */
export const FINISHED: readonly JobStatus[] = [
  "succeeded",
  "failed",
  "cancelled",
];

/** True when `state` is one a job never leaves. */
export function isFinished(state: JobStatus): boolean {
  return FINISHED.includes(state);
}

/** The kinds of job there are. */
export type JobKind = "train" | "predict";

/**
 * The sizes a job runs with (input/limits.ts's job limits), fixed when it
 * starts: the plan of steps checked then is the plan it runs.
 */
export interface JobSizes {
  readonly jobRangeBytes: number;
  readonly jobStepValues: number;
  readonly jobShardRows: number;
  readonly maxJobRows: number;
  readonly maxSplitRows: number;
  readonly maxJobSteps: number;
}

/**
 * What a training job was asked: train `model` on dataset `dataset` with
 * `options` (a training request's options, as JSON, validated when the
 * job was started) and the CSV `dialect` the dataset is written in; and
 * the `sizes` it runs with.
 */
export interface TrainJobSpec {
  readonly kind: "train";
  readonly dataset: string;
  readonly model: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly dialect: Readonly<Record<string, string>>;
  readonly sizes: JobSizes;
}

/**
 * What a prediction job was asked: score every row of dataset `dataset`
 * (written in the CSV `dialect`) with version `version` of `model` (the
 * number the start resolved, pinned) and write the answers as dataset
 * `output`.
 */
export interface PredictJobSpec {
  readonly kind: "predict";
  readonly dataset: string;
  readonly model: string;
  readonly version: number;
  readonly output: string;
  readonly dialect: Readonly<Record<string, string>>;
  /** The job limits when it started: the plan it runs under. */
  readonly sizes: JobSizes;
}

/** What a job was asked. */
export type JobSpec = TrainJobSpec | PredictJobSpec;

/** Why a job failed: an error code and message as the API's errors carry them. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** What a training job stored: version `version` of `model`. */
export interface JobResult {
  readonly model: string;
  readonly version: number;
}

/**
 * What a prediction job stored: dataset `dataset`, one line a row of the
 * `rows` it scored; with labelled rows, the metrics `/evaluate` gives.
 */
export interface PredictJobResult {
  readonly dataset: string;
  readonly rows: number;
  readonly metrics?: ModelMetrics;
}

/**
 * How far a job has come. `epoch` is the last iteration run (the lab's
 * "Epoch e/epochs"), null before the first; `rowsRead` the dataset's rows
 * read so far, `rowsTotal` its rows once they are known (null before);
 * `fraction` the share of the job done, 0 to 1 (`progressFraction`).
 */
export interface JobProgress {
  readonly epoch: number | null;
  readonly epochs: number;
  readonly rowsRead: number;
  readonly rowsTotal: number | null;
  readonly fraction: number;
}

/** The record of one job. `revision` counts its changes, from 1. */
export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobStatus;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601: its last change of state, progress or result. */
  readonly updatedAt: string;
  readonly spec: JobSpec;
  readonly error: JobError | null;
  readonly result: JobResult | PredictJobResult | null;
  readonly revision: number;
}

/** A job as a read shows it: its record, progress and the epochs logged so far. */
export interface Job extends JobRecord {
  readonly progress: JobProgress;
  readonly history: readonly EpochLog[];
}

/** What the listing of jobs keeps of each (job-registry.ts). */
export interface JobSummary {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobStatus;
  readonly model: string;
  readonly dataset: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
}

/** The summary of `job` the listing keeps. */
export function jobSummary(job: JobRecord): JobSummary {
  const { id, kind, state, createdAt, updatedAt, revision, spec } = job;
  const { model, dataset } = spec;
  return { id, kind, state, model, dataset, createdAt, updatedAt, revision };
}

/**
 * The kinds of event a job's log holds: `state` for a change of state,
 * `progress` for a change of progress (with the epochs it logged), and
 * `end`, the last, once the job is finished.
 */
export type JobEventType = "state" | "progress" | "end";

/** One event of a job's log; `id` counts from 1, in order. */
export interface JobEvent {
  readonly id: number;
  readonly type: JobEventType;
  readonly data: unknown;
}

/**
 * The share of a job done, 0 to 1: reading the dataset counts for a tenth
 * (rowsRead / rowsTotal), the iterations 0..epochs for the rest (the
 * iterations run over epochs + 1). A finished job's is set apart (1 when it
 * succeeded, as it was when it failed or was cancelled). A prediction job
 * has no iterations: its share is the rows scored (`rowsRead` once
 * `rowsTotal` is known, after the dataset is read) over its rows.
 */
export function progressFraction(
  progress: Omit<JobProgress, "fraction">,
  kind: JobKind = "train",
): number {
  const { epoch, epochs, rowsRead, rowsTotal } = progress;
  const read = rowsTotal === null || rowsTotal === 0 ? 0 : rowsRead / rowsTotal;
  if (kind === "predict") return Math.min(1, read);
  const ran = epoch === null ? 0 : (epoch + 1) / (epochs + 1);
  return 0.1 * Math.min(1, read) + 0.9 * Math.min(1, ran);
}
