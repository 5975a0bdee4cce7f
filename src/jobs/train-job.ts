/**
 * The steps of a training job in the order its Workflow takes them, each
 * named by what it reads so that a replay meets the same names in the same
 * order: `prepare k` (the k-th range of the dataset) until the first pass
 * has read the file, `finish preparation k` until the manifest is written,
 * `plan`, `train k` (from checkpoint k) until training is done, `finish`
 * and `publish`. Any step may find the job cancelled and stop it.
 */
import type { JobResult, TrainJobSpec } from "../domain/job";
import type { Bindings } from "../env";
import { readCsvDialect } from "../input/csv-dialect";
import { checkJobPlan, jobSizesOf } from "../input/job-plan";
import type { TrainJobRequest } from "../input/job-request";
import type { Limits } from "../input/limits";
import { startFinishing } from "./finish-preparation";
import type { JobRun } from "./job-run";
import { estimateShape } from "./plan-estimate";
import { startPreparation } from "./prepare-chunk";
import { finishPreparationStep, planStep, prepareStep } from "./prepare-steps";
import { finishTrainingStep, publish, trainStep } from "./train-steps";

/** How a job's steps ended: the result it stored, or cancelled. */
export type JobOutcome =
  | { readonly state: "cancelled" }
  | ({ readonly state: "succeeded" } & JobResult);

const CANCELLED = { state: "cancelled" } as const;

/** Runs training job `spec` a step at a time. */
export async function trainJob(
  run: JobRun,
  spec: TrainJobSpec,
): Promise<JobOutcome> {
  const { env, id } = run;
  let prepared = startPreparation();
  for (let k = 0; !prepared.done; k++) {
    const from = prepared;
    const step = await run.do(`prepare ${k}`, () =>
      prepareStep(env, id, spec, from),
    );
    if (step.stop) return CANCELLED;
    prepared = step.cursor;
  }
  let finishing = startFinishing();
  for (let k = 0; finishing.phase !== "done"; k++) {
    const from = finishing;
    const step = await run.do(`finish preparation ${k}`, () =>
      finishPreparationStep(env, id, spec, prepared, from),
    );
    if (step.stop) return CANCELLED;
    finishing = step.cursor;
  }
  const bytes = prepared.size ?? 0;
  const planned = await run.do("plan", () => planStep(env, id, spec, bytes));
  if (planned.stop) return CANCELLED;
  let k = 0;
  for (;;) {
    const from = k;
    const step = await run.do(`train ${from}`, () => trainStep(env, id, from));
    if (step.stop) return CANCELLED;
    k = step.next;
    if (step.done) break;
  }
  const last = k;
  const finished = await run.do("finish", () =>
    finishTrainingStep(env, id, spec, last),
  );
  if (finished.stop) return CANCELLED;
  const published = await run.do(
    "publish",
    () => publish(env, id, spec),
    "publish",
  );
  if (published.stop) return CANCELLED;
  const { model, version } = published;
  return { state: "succeeded", model, version };
}

/**
 * The spec of the training job `request` asks for, and its epochs: its
 * plan (Workflow steps, a step's values) checked against `limits` from the
 * dataset's size and first rows, with the sizes it will run under fixed.
 *
 * @throws DatasetNotFoundError when there is no such dataset
 * @throws OptionError for a plan over MAX_JOB_STEPS (saying what fits)
 * @throws LimitError for a shard over a step's values
 */
export async function trainJobSpec(
  env: Bindings,
  limits: Limits,
  request: TrainJobRequest,
): Promise<{ spec: TrainJobSpec; epochs: number }> {
  const { read, ...asked } = request;
  const { dialect } = readCsvDialect(asked.dialect, "json");
  const shape = await estimateShape(env.DATA, asked.dataset, dialect);
  const sizes = jobSizesOf(limits);
  checkJobPlan(sizes, shape, read);
  return { spec: { ...asked, sizes }, epochs: read.epochs };
}
