/**
 * The JSON the API returns for a job: what it was asked (kind, dataset,
 * model, its options as given), where it is (state, progress, the epochs
 * logged so far), and how it ended (error, result), all at the top level
 * as `GET /v1/jobs/{id}` documents them.
 */
import type { Job, JobSummary } from "../domain/job";

/** A job as `POST /v1/jobs` and `GET /v1/jobs/{id}` answer it. */
export function jobJson(job: Job) {
  const { id, kind, state, createdAt, updatedAt, spec } = job;
  const { progress, history, error, result } = job;
  const { dataset, model, options, dialect } = spec;
  return {
    id,
    kind,
    state,
    dataset,
    model,
    options: { ...options, ...dialect },
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
