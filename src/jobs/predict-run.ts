/**
 * A prediction job from its start to its end: the spec `POST /v1/jobs`
 * stores (the version pinned), and the Workflow's run of it, which reads
 * like the steps it takes: "prepare 0..", "score 0..", "metrics" (labelled
 * rows), "start output", "part 1..", "complete". Each step's name is fixed
 * by the results of the steps before it, so a replay meets the same steps
 * in the same order.
 */
import type { PredictJobResult, PredictJobSpec } from "../domain/job";
import type { ModelMetrics } from "../engine/linear-model";
import type { Bindings } from "../env";
import { DatasetNotFoundError, ModelNotFoundError } from "../errors";
import type { PredictJobRequest } from "../input/job-request";
import { jobSizesOf } from "../input/job-plan";
import type { Limits } from "../input/limits";
import { headDataset } from "../storage/dataset-store";
import { partCount } from "../storage/job-output";
import { loadModel } from "../storage/model-store";
import {
  completeOutput,
  measurePrediction,
  startOutput,
  uploadOutputPart,
  type OutputPart,
} from "./output-steps";
import type { JobRun } from "./job-run";
import { jobLimits } from "./job-steps";
import { startPreparation } from "./prepare-chunk";
import {
  preparePrediction,
  scorePrediction,
  type PredictPlan,
} from "./predict-steps";

/**
 * The spec of a prediction job `request` asks for, its version pinned to
 * the number the request's version (or alias, or the default) names now,
 * and the job sizes of `limits` fixed.
 *
 * @throws ModelNotFoundError when there is no such model or version
 * @throws DatasetNotFoundError when there is no such dataset
 */
export async function predictJobSpec(
  env: Bindings,
  limits: Limits,
  request: PredictJobRequest,
): Promise<PredictJobSpec> {
  const { dataset, model, version, output, dialect } = request;
  const found = await loadModel(env, model, version);
  if (found === null) throw new ModelNotFoundError(model, version);
  if ((await headDataset(env.DATA, dataset)) === null) {
    throw new DatasetNotFoundError(dataset);
  }
  return {
    kind: "predict",
    dataset,
    model,
    version: found.version,
    output,
    dialect,
    sizes: jobSizesOf(limits),
  };
}

/** How a prediction job's run ends (the Workflow instance's output). */
export type PredictEnd =
  { state: "cancelled" } | ({ state: "succeeded" } & PredictJobResult);

/**
 * Runs prediction job `id` of `spec` to its end: succeeded with its output
 * dataset, or cancelled; or it throws, and the Workflow fails the job and
 * discards its upload and objects (job-workflow.ts).
 */
export async function runPredict(
  run: JobRun,
  spec: PredictJobSpec,
): Promise<PredictEnd> {
  const { env, id } = run;
  const limits = jobLimits(env, spec);
  const cancelled = { state: "cancelled" } as const;
  let cursor = startPreparation();
  let plan: PredictPlan | null = null;
  for (let k = 0; plan === null; k++) {
    const prepared = await run.do(`prepare ${k}`, () =>
      preparePrediction(env, id, spec, cursor, limits),
    );
    if (prepared.stop) return cancelled;
    ({ cursor, plan } = prepared);
  }
  const known: PredictPlan = plan;
  const sizes: number[] = [];
  for (let k = 0; k < known.shards; k++) {
    const scored = await run.do(`score ${k}`, () =>
      scorePrediction(env, id, spec, known, k),
    );
    if (scored.stop) return cancelled;
    sizes.push(scored.bytes);
  }
  let metrics: ModelMetrics | undefined;
  if (known.labelClasses !== null) {
    const measured = await run.do("metrics", () =>
      measurePrediction(env, id, spec, known),
    );
    if (measured.stop) return cancelled;
    metrics = measured.metrics;
  }
  const started = await run.do("start output", () =>
    startOutput(env, id, spec, limits),
  );
  if (started.stop) return cancelled;
  const { stop: _stop, ...upload } = started;
  const parts: OutputPart[] = [];
  for (let n = 1; n <= partCount(sizes, upload.partBytes); n++) {
    const part = await run.do(`part ${n}`, () =>
      uploadOutputPart(env, id, spec, upload, sizes, n),
    );
    if (part.stop) return cancelled;
    parts.push({ partNumber: part.partNumber, etag: part.etag });
  }
  const result: PredictJobResult = {
    dataset: spec.output,
    rows: known.rows,
    ...(metrics !== undefined && { metrics }),
  };
  const completed = await run.do("complete", () =>
    completeOutput(env, id, spec, upload, parts, result),
  );
  if (completed.stop) return cancelled;
  return { state: "succeeded", ...completed.result };
}
