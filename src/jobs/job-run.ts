/**
 * A job's Workflow steps as its step functions run them: `do(name, work)`
 * is `step.do` with the job's retries, and an error of the request's
 * making (an `AppError` below 500: the dataset is not valid CSV, an option
 * the rows refuse, a training that diverges) fails the job at once with
 * its code and message and is not retried (`NonRetryableError`); any other
 * error is retried, and once the retries are spent the Workflow fails the
 * job (job-workflow.ts).
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
  return {
    env,
    id,
    do: (name, work, retries = "step") =>
      step.do(name, retries === "publish" ? PUBLISH_RETRIES : RETRIES, () =>
        guarded(env, id, work),
      ),
  };
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
