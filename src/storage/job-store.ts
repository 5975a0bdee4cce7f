/**
 * Jobs: starting one, reading, listing and cancelling them, and the changes
 * a Workflow step makes. The one module that knows where a job lives: its
 * own Durable Object (`JobState`, named by the job's id), the listing
 * (`JobRegistry`, one object named "jobs"), and its Workflow instance
 * (`JOBS`, whose instance id is the job's id). Every change is made in the
 * job's object first, then recorded in the listing; a crash between the two
 * leaves the listing one change behind until the next (a retried step, or
 * the job's next change, records it).
 */
import {
  jobSummary,
  type Job,
  type JobError,
  type JobEvent,
  type JobProgress,
  type JobResult,
  type PredictJobResult,
  type JobSpec,
  type JobSummary,
} from "../domain/job";
import type { EpochLog } from "../engine/epoch-history";
import { OptionError } from "../errors";
import type { JobPosition, JobRegistry } from "./job-registry";
import type {
  CancelOutcome,
  JobState,
  StepEntry,
  StepState,
} from "./job-state";

/** What a job's Workflow instance is started with. */
export interface JobParams {
  readonly id: string;
  readonly spec: JobSpec;
}

/** The bindings jobs need. */
export interface JobBindings {
  readonly JOB_STATE: DurableObjectNamespace<JobState>;
  readonly JOB_REGISTRY: DurableObjectNamespace<JobRegistry>;
  readonly JOBS: Workflow<JobParams>;
}

/** The one listing object's name. */
const REGISTRY = "jobs";

/**
 * A Durable Object's methods as a stub calls them: each answers a promise
 * of what the method returns. (The generated RPC types turn `unknown`
 * members, such as a job's options, into `never`; the values themselves
 * are plain data and cross as they are.)
 */
type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

function jobObject(store: JobBindings, id: string): Remote<JobState> {
  return store.JOB_STATE.getByName(id) as unknown as Remote<JobState>;
}

async function listed(store: JobBindings, job: Job): Promise<Job> {
  await store.JOB_REGISTRY.getByName(REGISTRY).record(jobSummary(job));
  return job;
}

/**
 * Starts job `id` doing `spec`, of `epochs` epochs: its record (queued),
 * its row in the listing, then its Workflow instance. Starting an `id`
 * that exists already (a retried start) starts nothing new and answers it;
 * a job whose instance cannot be created is failed, and the error thrown.
 */
export async function startJob(
  store: JobBindings,
  id: string,
  spec: JobSpec,
  epochs: number,
  now: Date = new Date(),
): Promise<Job> {
  const at = now.toISOString();
  const record = {
    id,
    kind: spec.kind,
    state: "queued" as const,
    createdAt: at,
    updatedAt: at,
    spec,
    error: null,
    result: null,
    revision: 1,
  };
  const progress: JobProgress = {
    epoch: null,
    epochs,
    rowsRead: 0,
    rowsTotal: null,
    fraction: 0,
  };
  const job = await listed(
    store,
    await jobObject(store, id).create(record, progress),
  );
  try {
    await store.JOBS.create({ id, params: { id, spec } });
  } catch (error) {
    // An instance of that id exists: this is a retried start. Otherwise
    // the job can never run: it is failed, not left queued.
    const exists = await store.JOBS.get(id).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const message = error instanceof Error ? error.message : String(error);
      await failJob(store, id, {
        code: "internal",
        message: `the job's Workflow could not be started: ${message}`,
      });
      throw error;
    }
  }
  return job;
}

/** Job `id`, or null when there is none. */
export async function loadJob(
  store: JobBindings,
  id: string,
): Promise<Job | null> {
  return jobObject(store, id).job();
}

/** What a listing of jobs asks for: `cursor` as a previous page gave it. */
export interface JobListing {
  readonly model?: string;
  readonly state?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * A page of jobs, newest first, with the cursor of the next (null: none).
 *
 * @throws OptionError for a cursor no page gave
 */
export async function listJobs(
  store: JobBindings,
  listing: JobListing,
): Promise<{ jobs: JobSummary[]; cursor: string | null }> {
  const { cursor, ...filter } = listing;
  const after = cursor === undefined ? undefined : readCursor(cursor);
  const page = await store.JOB_REGISTRY.getByName(REGISTRY).list({
    ...filter,
    ...(after && { after }),
  });
  const { next } = page;
  return {
    jobs: page.jobs,
    cursor: next === null ? null : String(next),
  };
}

function readCursor(cursor: string): JobPosition {
  if (!/^[1-9]\d{0,15}$/.test(cursor)) {
    throw new OptionError(
      `cursor ${cursor} is not one a page of jobs gave: send the cursor of the previous page, or none for the first`,
    );
  }
  return Number(cursor);
}

/**
 * Asks job `id` to stop (job-state.ts says how); null when there is no
 * such job.
 */
export async function cancelJob(
  store: JobBindings,
  id: string,
  now: Date = new Date(),
): Promise<{ outcome: CancelOutcome; job: Job } | null> {
  const object = jobObject(store, id);
  if ((await object.job()) === null) return null;
  const { outcome, job } = await object.cancel(now.toISOString());
  return {
    outcome,
    job: outcome === "cancelled" ? await listed(store, job) : job,
  };
}

/**
 * A step's boundary: whether job `id` is to stop (it was cancelled), or
 * moves on to `state`.
 */
export async function enterStep(
  store: JobBindings,
  id: string,
  state: StepState,
): Promise<StepEntry> {
  const entry = await jobObject(store, id).enter(
    state,
    new Date().toISOString(),
  );
  await listed(store, entry.job);
  return entry;
}

/** Records job `id`'s progress and the epochs it logged. */
export async function reportProgress(
  store: JobBindings,
  id: string,
  progress: Omit<JobProgress, "fraction">,
  logs: readonly EpochLog[] = [],
): Promise<Job> {
  const now = new Date().toISOString();
  return listed(store, await jobObject(store, id).report(progress, logs, now));
}

/** Ends job `id` succeeded with `result`. */
export async function succeedJob(
  store: JobBindings,
  id: string,
  result: JobResult | PredictJobResult,
): Promise<Job> {
  const now = new Date().toISOString();
  return listed(store, await jobObject(store, id).succeed(result, now));
}

/** Ends job `id` failed with `error` (a finished job is left as it is). */
export async function failJob(
  store: JobBindings,
  id: string,
  error: JobError,
): Promise<Job> {
  const now = new Date().toISOString();
  return listed(store, await jobObject(store, id).fail(error, now));
}

/** Saves plain data under `name` for job `id`'s later steps. */
export async function saveCheckpoint(
  store: JobBindings,
  id: string,
  name: string,
  value: unknown,
): Promise<void> {
  await jobObject(store, id).saveCheckpoint(name, value);
}

/** The checkpoint job `id` saved under `name`, or null. */
export async function loadCheckpoint(
  store: JobBindings,
  id: string,
  name: string,
): Promise<unknown> {
  return jobObject(store, id).checkpoint(name);
}

/** Deletes job `id`'s checkpoint `name`, if any. */
export async function deleteCheckpoint(
  store: JobBindings,
  id: string,
  name: string,
): Promise<void> {
  await jobObject(store, id).deleteCheckpoint(name);
}

/** Deletes every checkpoint of job `id` (once it has ended). */
export async function clearCheckpoints(
  store: JobBindings,
  id: string,
): Promise<void> {
  await jobObject(store, id).clearCheckpoints();
}

/** Up to `limit` events of job `id` after event `after` (0: from its first). */
export async function jobEvents(
  store: JobBindings,
  id: string,
  after: number,
  limit = 100,
): Promise<JobEvent[]> {
  return jobObject(store, id).eventsAfter(after, limit);
}
