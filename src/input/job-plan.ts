/**
 * The plan of a job's Workflow steps, checked against the limits a job
 * runs under (limits.ts: MAX_JOB_STEPS, MAX_STEP_BYTES) before anything
 * is stored.
 */
import { LimitError, OptionError } from "../errors";
import type { Limits } from "./limits";

/**
 * The Workflow steps a training job takes: `prepare` reading the dataset,
 * `epochs` running iterations 0..epochs, then one to finalize and one to
 * publish. `perIteration` is the steps each iteration takes when the
 * iterations have steps of their own, 0 when `epochs` steps run them all.
 */
export interface JobPlan {
  readonly prepare: number;
  readonly epochs: number;
  readonly perIteration: number;
}

/** The steps of `plan`, all told: prepare + epochs + finalize + publish. */
export function jobSteps(plan: JobPlan): number {
  return plan.prepare + plan.epochs + 2;
}

/**
 * Refuses a training job of `epochs` whose plan takes more Workflow steps
 * than MAX_JOB_STEPS, saying what it needs and what fits.
 *
 * @throws OptionError naming the steps, the limit and the epochs that fit
 */
export function checkJobSteps(
  limits: Limits,
  plan: JobPlan,
  epochs: number,
): void {
  const steps = jobSteps(plan);
  const max = limits.maxJobSteps;
  if (steps <= max) return;
  const left = max - plan.prepare - 2;
  const fit =
    plan.perIteration > 0 ? Math.floor(left / plan.perIteration) - 1 : -1;
  throw new OptionError(
    `the job needs ${steps} Workflow steps (prepare ${plan.prepare} + epochs ${plan.epochs} + finalize 1 + publish 1), ` +
      `over MAX_JOB_STEPS ${max}: ` +
      (fit >= 0
        ? `use at most ${fit} epochs`
        : `not even epochs 0 fits; raise MAX_JOB_STEPS to ${steps} (the Paid plan allows up to 25,000 steps an instance)`),
  );
}

/**
 * Refuses a dataset of `bytes` that one job step would read whole, over
 * MAX_STEP_BYTES: until preparation reads datasets in range reads, a job
 * reads its dataset in one step, as a request reads its body.
 *
 * @throws LimitError naming the size and the bound
 */
export function checkStepBytes(limits: Limits, bytes: number): void {
  if (bytes <= limits.maxStepBytes) return;
  throw new LimitError(
    `the dataset has ${bytes} bytes, and a job reads it whole in one step of at most MAX_STEP_BYTES ${limits.maxStepBytes}`,
  );
}
