/**
 * The steps of a training job, each a function the Workflow runs inside one
 * `step.do`: it checks the job's cancel flag first (`enterStep`), does a
 * bounded piece of work, leaves what the next step needs in the job's
 * Durable Object or in R2, and returns only small values. Each may run
 * again from its start (a retry) and lands on the same state.
 *
 * This is the small-data plan: the dataset is read whole in one step (at
 * most MAX_STEP_BYTES, as a request reads its body, parsed by the same
 * reader), and one step runs every epoch with `fitModel`, the engine
 * function a training request calls, so a job's numbers are a request's.
 */
import type { JobResult, TrainJobSpec } from "../domain/job";
import { fitModel } from "../engine/fit-model";
import type { Bindings } from "../env";
import { DatasetNotFoundError } from "../errors";
import { checkJobSteps, checkStepBytes } from "../input/job-plan";
import { readLimits, type Limits } from "../input/limits";
import {
  readTrainingCsv,
  startingPoint,
  type TrainingRequest,
} from "../input/training-request";
import { datasetRequest } from "../storage/dataset-object";
import { draftKey, loadDraft, saveDraft } from "../storage/job-drafts";
import { enterStep, reportProgress, succeedJob } from "../storage/job-store";
import type { StepState } from "../storage/job-state";
import { admitWrite } from "../storage/keyed-writes";
import { loadWarmStart, saveModel } from "../storage/model-store";

/** A step's answer: stop (the job was cancelled), or go on with `T`. */
export type StepOutcome<T> = { stop: true } | ({ stop: false } & T);

/**
 * A step's boundary (`enterStep`): true when the job was cancelled, and
 * then the model it trained, if any, is deleted.
 */
async function cancelled(
  env: Bindings,
  id: string,
  state: StepState,
): Promise<boolean> {
  if (!(await enterStep(env, id, state)).stop) return false;
  await env.DATA.delete(draftKey(id));
  return true;
}

/**
 * Reads dataset `spec.dataset` as a training request with the job's
 * options: every check a request's body and options get.
 */
async function readTraining(
  env: Bindings,
  spec: TrainJobSpec,
): Promise<TrainingRequest> {
  const csv = await datasetRequest(env.DATA, spec.dataset);
  if (csv === null) throw new DatasetNotFoundError(spec.dataset);
  const limits = readLimits(env);
  return readTrainingCsv(
    csv,
    { ...spec.options },
    { ...spec.dialect },
    { ...limits, maxBodyBytes: limits.maxStepBytes },
  );
}

/**
 * `prepare`: reads and checks the dataset (a CSV that is not valid fails
 * the job here, naming the line and field) and records its rows.
 */
export async function prepare(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
  epochs: number,
): Promise<StepOutcome<{ rows: number; cols: number }>> {
  if (await cancelled(env, id, "preparing")) return { stop: true };
  const { dataset } = await readTraining(env, spec);
  const { rows, cols } = dataset;
  await reportProgress(env, id, {
    epoch: null,
    epochs,
    rowsRead: rows,
    rowsTotal: rows,
  });
  return { stop: false, rows, cols };
}

/**
 * `epochs 0-E`: trains as a request trains, on the dataset's rows, and
 * keeps the trained model in R2 for `publish`; records the logged epochs.
 */
export async function train(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
): Promise<StepOutcome<{ cost: number }>> {
  if (await cancelled(env, id, "running")) return { stop: true };
  const request = await readTraining(env, spec);
  const start = startingPoint(
    request,
    await loadWarmStart(env, request.options.init),
  );
  const { dataset, options, warnings, featureNames } = request;
  const fitted = fitModel(dataset, options, start, warnings);
  await saveDraft(env.DATA, id, {
    name: spec.model,
    ...fitted,
    ...(featureNames !== undefined && { featureNames }),
    job: { id, dataset: spec.dataset },
  });
  const { rows } = dataset;
  await reportProgress(
    env,
    id,
    {
      epoch: fitted.stopping?.stoppedAt ?? fitted.epochs,
      epochs: fitted.epochs,
      rowsRead: rows,
      rowsTotal: rows,
    },
    fitted.history,
  );
  return { stop: false, cost: fitted.cost };
}

/**
 * `finalize`: the job is finalizing from here, and a cancel is refused;
 * the trained model must be there.
 */
export async function finalize(
  env: Bindings,
  id: string,
): Promise<StepOutcome<object>> {
  if (await cancelled(env, id, "finalizing")) return { stop: true };
  if ((await env.DATA.head(draftKey(id))) === null) {
    throw new Error(`job ${id} has no trained model to finalize`);
  }
  return { stop: false };
}

/**
 * `publish`: stores the trained model as the next version of `spec.model`,
 * exactly as a training request stores its own, and ends the job
 * succeeded. The version is written under the model's idempotency record
 * keyed by the job's id, in the same step as it is published: a retried
 * `publish` finds the version it stored and stores no second one.
 */
export async function publish(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
): Promise<StepOutcome<JobResult>> {
  const { job, stop } = await enterStep(env, id, "finalizing");
  // A retry of a publish that ended the job: its answer again.
  if (job.state === "succeeded" && job.result !== null) {
    return { stop: false, ...job.result };
  }
  if (stop) return { stop: true };
  const draft = await loadDraft(env.DATA, id);
  if (draft === null) throw new Error(`job ${id} has no trained model`);
  const name = spec.model;
  const scope = { scope: "job", key: id };
  const admission = await admitWrite(env, name, scope, id);
  let version: number;
  if (admission.kind === "replay" && admission.answer.version !== undefined) {
    version = admission.answer.version;
  } else if (admission.kind === "run") {
    version = (await saveModel(env, draft, new Date(), scope)).version;
  } else {
    // A publish of this job that never answered (its Worker died): the
    // step's retries wait out the lease (STORE_LEASE_SECONDS), then run it.
    throw new Error(`job ${id} is storing its model already; retry later`);
  }
  const result = { model: name, version };
  await succeedJob(env, id, result);
  return { stop: false, ...result };
}

/**
 * Checks the plan of a training job over a dataset of `bytes`: this plan
 * reads it whole in `prepare` and again in one step of every epoch, so it
 * takes four steps, and the dataset must fit one step's read.
 *
 * @throws LimitError for a dataset over MAX_STEP_BYTES
 * @throws OptionError for a plan over MAX_JOB_STEPS
 */
export function checkTrainingPlan(
  limits: Limits,
  bytes: number,
  epochs: number,
): void {
  checkStepBytes(limits, bytes);
  checkJobSteps(limits, { prepare: 1, epochs: 1, perIteration: 0 }, epochs);
}
