/**
 * The JSON the API returns for a job: what it was asked (kind, dataset,
 * model, its options as given), where it is (state, progress, the epochs
 * logged so far), and how it ended (error, result), all at the top level
 * as `GET /v1/jobs/{id}` documents them.
 */
import type { Job, JobSummary } from "../domain/job";

/**
 * A job as `POST /v1/jobs` and `GET /v1/jobs/{id}` answer it; a prediction
 * job says the version it pinned and its output dataset after `model`, and
 * its `options` are its CSV dialect.
 */
export function jobJson(job: Job) {
  const { id, kind, state, createdAt, updatedAt, spec } = job;
  const { progress, history, error, result } = job;
  const { dataset, model, dialect } = spec;
  const asked =
    spec.kind === "predict"
      ? { version: spec.version, output: spec.output, options: { ...dialect } }
      : { options: { ...spec.options, ...dialect } };
  return {
    id,
    kind,
    state,
    dataset,
    model,
    ...asked,
    createdAt,
    updatedAt,
    progress,
    history,
    error,
    result,
  };
}

/** A job as `GET /v1/jobs` lists it. */
export function jobSummaryJson(job: JobSummary) {
  const { id, kind, state, dataset, model, createdAt, updatedAt } = job;
  return { id, kind, state, dataset, model, createdAt, updatedAt };
}
