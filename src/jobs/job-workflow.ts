/**
 * The Workflow that runs a job (binding `JOBS`, one instance per job, its
 * id the job's). `run` takes the job's steps (train-job.ts), then deletes
 * the job's objects in R2 (shards, manifest, checkpoints, the trained
 * model's draft) and the checkpoints in its Durable Object, however it ended: succeeded, cancelled or failed. A job
 * that failed is recorded failed (a step's error of the request's making
 * did so already, job-run.ts) and the instance ends errored.
 */
import {
  WorkflowEntrypoint,
  type WorkflowEvent,
  type WorkflowStep,
} from "cloudflare:workers";
import type { Bindings } from "../env";
import {
  clearCheckpoints,
  failJob,
  type JobParams,
} from "../storage/job-store";
import { deleteJobObjects } from "../storage/shard-store";
import { jobErrorOf, jobRun } from "./job-run";
import { trainJob, type JobOutcome } from "./train-job";

export class JobWorkflow extends WorkflowEntrypoint<Bindings, JobParams> {
  override async run(
    event: Readonly<WorkflowEvent<JobParams>>,
    step: WorkflowStep,
  ): Promise<JobOutcome> {
    const { id, spec } = event.payload;
    const run = jobRun(this.env, id, step);
    let outcome: JobOutcome | null = null;
    let failure: { error: unknown } | null = null;
    try {
      outcome = await trainJob(run, spec);
    } catch (error) {
      failure = { error };
      await step.do("record the failure", async () => {
        await failJob(this.env, id, jobErrorOf(error));
        return {};
      });
    }
    await run.do("delete the job's objects", async () => {
      await deleteJobObjects(this.env.DATA, id);
      await clearCheckpoints(this.env, id);
      return {};
    });
    if (failure !== null) throw failure.error;
    return outcome as JobOutcome;
  }
}
