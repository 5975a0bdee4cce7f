/**
 * `/v1/jobs`: start a training job on a stored dataset, read it, list
 * jobs, follow a job's events, cancel it. Starting and cancelling need the
 * API token; every read needs API_TOKEN or READ_TOKEN, since a job names
 * its dataset.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../env";
import { JobConflictError, JobNotFoundError, OptionError } from "../errors";
import { isFinished } from "../domain/job";
import { keyedJobId } from "../input/idempotency-key";
import {
  readJobId,
  readJobQuery,
  readLastEventId,
  readJobRequest,
} from "../input/job-request";
import { predictJobSpec } from "../jobs/predict-run";
import { trainJobSpec } from "../jobs/train-job";
import { OPERATIONS } from "../openapi/operations";
import { documented } from "../openapi/documented";
import { jobJson, jobSummaryJson } from "../reports/job-json";
import {
  cancelJob,
  jobEvents,
  listJobs,
  loadJob,
  startJob,
} from "../storage/job-store";
import { recordAnswer } from "../storage/keyed-writes";
import { privateReadAccess, writeAccess } from "./access";
import { limitBody } from "./body-limit";
import { idempotent } from "./idempotency";

export const jobs = new Hono<AppEnv>();

/** How often an open event stream looks for new events, in ms. */
const POLL_MS = 500;
/** How long one event stream stays open, in ms; the client resumes with Last-Event-ID. */
const STREAM_MS = 10 * 60 * 1000;

jobs.post(
  "/",
  writeAccess,
  limitBody,
  idempotent,
  documented(OPERATIONS.startJob, async (c) => {
    const request = await readJobRequest(c.req.raw, c.var.limits);
    const { spec, epochs } =
      request.kind === "predict"
        ? {
            spec: await predictJobSpec(c.env, c.var.limits, request),
            epochs: 0,
          }
        : await trainJobSpec(c.env, c.var.limits, request);
    const keyed = c.var.idempotency;
    const id = keyed ? await keyedJobId(keyed.scope.key) : crypto.randomUUID();
    const job = await startJob(c.env, id, spec, epochs);
    if (keyed) {
      await recordAnswer(c.env, keyed.name, keyed.scope, {
        status: 202,
        job: id,
      });
    }
    return c.json(jobJson(job), 202, { Location: `/v1/jobs/${id}` });
  }),
);

jobs.get(
  "/",
  privateReadAccess,
  documented(OPERATIONS.listJobs, async (c) => {
    const page = await listJobs(c.env, readJobQuery(c.req.query()));
    return c.json({
      jobs: page.jobs.map(jobSummaryJson),
      cursor: page.cursor,
    });
  }),
);

jobs.get(
  "/:id",
  privateReadAccess,
  documented(OPERATIONS.getJob, async (c) =>
    c.json(jobJson(await foundJob(c.env, c.req.param("id")))),
  ),
);

jobs.get(
  "/:id/events",
  privateReadAccess,
  documented(OPERATIONS.jobEvents, async (c) => {
    const after = readLastEventId(c.req.header("last-event-id"));
    const { id } = await foundJob(c.env, c.req.param("id"));
    // An id this stream never sent (past its last event) is a client's
    // mistake, refused as a malformed one is, not a stream that waits.
    if (after > 0) {
      const [sent] = await jobEvents(c.env, id, after - 1, 1);
      if (sent?.id !== after) {
        throw new OptionError(
          `Last-Event-ID must be the id of an event this stream sent, got ${after}, an id job ${id}'s stream has not sent`,
        );
      }
    }
    return streamSSE(c, async (stream) => {
      const deadline = Date.now() + STREAM_MS;
      let last = after;
      while (Date.now() < deadline) {
        const events = await jobEvents(c.env, id, last);
        for (const event of events) {
          await stream.writeSSE({
            id: String(event.id),
            event: event.type,
            data: JSON.stringify(event.data),
          });
          last = event.id;
          if (event.type === "end") return;
        }
        if (events.length > 0) continue;
        // Nothing new: a finished job's stream ends here (its end event
        // was sent before Last-Event-ID).
        const job = await loadJob(c.env, id);
        if (job === null || isFinished(job.state)) return;
        await stream.sleep(POLL_MS);
      }
    });
  }),
);

jobs.post(
  "/:id/cancel",
  writeAccess,
  documented(OPERATIONS.cancelJob, async (c) => {
    const id = readJobId(c.req.param("id"));
    const cancelled = await cancelJob(c.env, id);
    if (cancelled === null) throw new JobNotFoundError(id);
    const { outcome, job } = cancelled;
    if (outcome === "conflict") {
      throw new JobConflictError(
        job.state === "finalizing"
          ? `job ${id} is finalizing: it stores its model and can no longer be cancelled`
          : `job ${id} has ${job.state}: there is nothing to cancel`,
      );
    }
    return c.json(jobJson(job), 202);
  }),
);

/**
 * The job the path's `id` names.
 *
 * @throws JobNotFoundError when there is none
 */
async function foundJob(env: AppEnv["Bindings"], param: string) {
  const id = readJobId(param);
  const job = await loadJob(env, id);
  if (job === null) throw new JobNotFoundError(id);
  return job;
}
