/**
 * What every job step shares: its answer (stop, or go on with small
 * values), the limits it runs under (the job's own sizes over the
 * Worker's), and the boundary where a cancel is seen.
 */
import type { JobSpec } from "../domain/job";
import type { Bindings } from "../env";
import { readLimits, type Limits } from "../input/limits";
import { enterStep } from "../storage/job-store";
import type { StepState } from "../storage/job-state";

/** A step's answer: stop (the job was cancelled), or go on with `T`. */
export type StepOutcome<T> = { stop: true } | ({ stop: false } & T);

/**
 * The limits job `spec` runs under: the Worker's, with the sizes fixed
 * when the job started (so the plan checked then is the plan it runs).
 */
export function jobLimits(env: Bindings, spec: JobSpec): Limits {
  return { ...readLimits(env), ...spec.sizes };
}

/**
 * A step's boundary (`enterStep`): true when job `id` was cancelled, and
 * is to stop; otherwise it is now in `state`.
 */
export async function cancelled(
  env: Bindings,
  id: string,
  state: StepState,
): Promise<boolean> {
  return (await enterStep(env, id, state)).stop;
}
