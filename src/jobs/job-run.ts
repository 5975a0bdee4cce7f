/**
 * A job's Workflow steps as its step functions run them: `do(name, work)`
 * is `step.do` with the job's retries, and an error of the request's
 * making (an `AppError` below 500: the dataset is not valid CSV, an option
 * the rows refuse, a training that diverges) fails the job at once with
 * its code and message and is not retried (`NonRetryableError`); any other
 * error is retried, and once the retries are spent the Workflow fails the
 * job (job-workflow.ts). With the var JOB_STEP_YIELD "true" (`wrangler dev`
 * only), a step is preceded by `yieldToSockets()` when the last was at
 * least 100 ms before (the first step always is).
 */
import type { WorkflowStep } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { JobError } from "../domain/job";
import type { Bindings } from "../env";
import { AppError } from "../errors";
import { failJob } from "../storage/job-store";

/** Retries of a step: a few, soon (a fault of R2 or a Durable Object). */
const RETRIES = {
  retries: { limit: 3, delay: "1 second", backoff: "exponential" },
} as const;

/**
 * Retries of `publish`, long enough to outlast the store's lease (300 s by
 * default) when a first attempt died while storing the version.
 */
const PUBLISH_RETRIES = {
  retries: { limit: 8, delay: "10 seconds", backoff: "exponential" },
} as const;

/**
 * The least time between two `yieldToSockets()` of a run, in ms: a request
 * sent while a job runs waits about this long, or one step if longer; each
 * yield costs at least 1 ms and a wake-up of the process.
 */
const YIELD_EVERY_MS = 100;

/** The retry policies of job steps. */
export type StepRetries = "step" | "publish";

/** One job's run: its bindings, its id, and its steps. */
export interface JobRun {
  readonly env: Bindings;
  readonly id: string;
  /** Runs `work` as the step `name` (retried as `retries` says, "step" by default). */
  do<T extends Rpc.Serializable<T>>(
    name: string,
    work: () => Promise<T>,
    retries?: StepRetries,
  ): Promise<T>;
}

/** The run of job `id` in the Workflow step API `step`. */
export function jobRun(env: Bindings, id: string, step: WorkflowStep): JobRun {
  const yields = env.JOB_STEP_YIELD === "true";
  let yielded = 0;
  return {
    env,
    id,
    do: async (name, work, retries = "step") => {
      if (yields && Date.now() - yielded >= YIELD_EVERY_MS) {
        await yieldToSockets();
        yielded = Date.now();
      }
      return step.do(
        name,
        retries === "publish" ? PUBLISH_RETRIES : RETRIES,
        () => guarded(env, id, work),
      );
    },
  };
}

/**
 * Lets a local workerd (`wrangler dev`) read and write its sockets: waits
 * on two 1 ms timers, one after the other. Resolves after 1 to 2 ms.
 *
 * Why: under `wrangler dev` the Worker, the Workflow engine, the Durable
 * Objects and local R2 share one workerd thread and call one another in
 * process, so a running job always has work queued. workerd's event loop
 * (KJ on kj-rs's tokio event port) polls its sockets, accepting, reading
 * and writing every HTTP connection, only when that queue is empty and it
 * sleeps until its next timer; and its timer clock moves on only when it
 * sleeps or polls. A timer set during the job is therefore already due on that
 * stale clock, and fires with no sleep and no poll (why a single 1 ms
 * timer changed nothing). Firing it brings the clock up to date, so the
 * second timer is due 1 ms ahead, the loop sleeps, and tokio serves the
 * sockets meanwhile. Measured under `wrangler dev` over the lab's 759
 * rows: without it a `GET /health` sent while a 1,000-step job ran waited
 * until the job ended; with it, tens of ms (README, "Datasets and jobs").
 * Deployed, the engine, R2 and Durable Objects are other services, which
 * is why the var is for local development only.
 */
export async function yieldToSockets(): Promise<void> {
  await scheduler.wait(1);
  await scheduler.wait(1);
}

/**
 * Runs a step's `work`; an error of the request's making fails the job at
 * once with its code and message, and is thrown on as a `NonRetryableError`.
 */
async function guarded<T>(
  env: Bindings,
  id: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      await failJob(env, id, jobErrorOf(error));
      throw new NonRetryableError(`${error.code}: ${error.message}`);
    }
    throw error;
  }
}

/** What a job that failed with `error` says: its code and message. */
export function jobErrorOf(error: unknown): JobError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: "internal",
    message: `a step failed after its retries: ${message}`,
  };
}
