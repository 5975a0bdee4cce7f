/**
 * The Workflow that runs a job (binding `JOBS`, one instance per job, its
 * id the job's). `run` reads like the steps it takes: `prepare`, the
 * epochs, `finalize`, `publish`; each step's name is fixed by the job's
 * parameters, so a replay meets the same steps in the same order, and each
 * step's work is one function of train-steps.ts.
 *
 * A step that throws an error of the request's making (the dataset is not
 * valid CSV, an option the rows refuse, a training that diverges) ends
 * the job `failed` with that error's code and message, and is not retried
 * (`NonRetryableError`); any other error is retried as the step's config
 * says, and once the retries are spent the job ends `failed` too.
 */
import {
  WorkflowEntrypoint,
  type WorkflowEvent,
  type WorkflowStep,
} from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { JobError, TrainJobSpec } from "../domain/job";
import type { Bindings } from "../env";
import { AppError } from "../errors";
import { readTrainingOptions } from "../input/train-options";
import { failJob, type JobParams } from "../storage/job-store";
import { finalize, prepare, publish, train } from "./train-steps";

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

export class JobWorkflow extends WorkflowEntrypoint<Bindings, JobParams> {
  override async run(
    event: Readonly<WorkflowEvent<JobParams>>,
    step: WorkflowStep,
  ) {
    const { id, spec } = event.payload;
    const env = this.env;
    const epochs = epochsOf(spec);
    try {
      const prepared = await step.do("prepare", RETRIES, () =>
        guarded(env, id, () => prepare(env, id, spec, epochs)),
      );
      if (prepared.stop) return { state: "cancelled" };
      const trained = await step.do(`epochs 0-${epochs}`, RETRIES, () =>
        guarded(env, id, () => train(env, id, spec)),
      );
      if (trained.stop) return { state: "cancelled" };
      const finalized = await step.do("finalize", RETRIES, () =>
        guarded(env, id, () => finalize(env, id)),
      );
      if (finalized.stop) return { state: "cancelled" };
      const published = await step.do("publish", PUBLISH_RETRIES, () =>
        guarded(env, id, () => publish(env, id, spec)),
      );
      if (published.stop) return { state: "cancelled" };
      const { model, version } = published;
      return { state: "succeeded", model, version };
    } catch (error) {
      await step.do("record the failure", async () => {
        await failJob(env, id, jobErrorOf(error));
        return {};
      });
      throw error;
    }
  }
}

/** The epochs `spec` asks for (its options were checked when it started). */
function epochsOf(spec: TrainJobSpec): number {
  return readTrainingOptions({ ...spec.options }, false).epochs;
}

/**
 * Runs a step's `work`; an error of the request's making (an `AppError`
 * below 500) fails the job at once with its code and message, and is
 * thrown on as a `NonRetryableError`.
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
function jobErrorOf(error: unknown): JobError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: "internal",
    message: `a step failed after its retries: ${message}`,
  };
}
