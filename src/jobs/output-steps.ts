/**
 * The last steps of a prediction job: the metrics of labelled rows, and
 * the output dataset written as an R2 multipart upload (dataset-store.ts)
 * from the chunks the score steps wrote (job-output.ts).
 *
 * - "metrics": the measures the score steps added their labelled rows to
 *   (the engine's per-set accumulator, final-pass.ts's `rowMeasures`),
 *   finished as a training finishes each set (finish-fit.ts's `measures`):
 *   one output, exactly up to EXACT_SCORE_ROWS rows, past them from a score
 *   histogram of fixed size (score-summary.ts: ROC AUC within its stated
 *   `rocAucError`, every sum-based metric exact); K outputs, the confusion
 *   counts and the summed cross-entropy (`metricsOfConfusion`).
 * - "start output": starts the upload, once: its id, start time and part
 *   size are saved in the job's Durable Object, and a retry reuses them.
 * - "part n": uploads part n, bytes [(n−1)·P, n·P) of the chunks; a retry
 *   uploads the same bytes under the same number, which replaces them.
 * - "complete": completes the upload (the dataset appears whole, at once),
 *   ends the job succeeded, and deletes the job's temporary objects.
 *
 * A job cancelled or failed on the way aborts its upload and deletes its
 * objects (`discardOutput`): no output dataset appears.
 */
import type { PredictJobResult, PredictJobSpec } from "../domain/job";
import { measures } from "../engine/finish-fit";
import type { ModelMetrics } from "../engine/linear-model";
import type { Bindings } from "../env";
import type { Limits } from "../input/limits";
import {
  completeDatasetUpload,
  headDataset,
  resumeDatasetUpload,
  startDatasetUpload,
  uploadDatasetPart,
} from "../storage/dataset-store";
import { storeStep } from "../storage/faults";
import { readOutputPart } from "../storage/job-output";
import { enterStep, succeedJob } from "../storage/job-store";
import { deleteJobObjects } from "../storage/shard-store";
import {
  discardOutput,
  pinnedModel,
  predictCancelled,
  savedUpload,
  saveUpload,
  type OutputUpload,
} from "./predict-boundary";
import type { StepOutcome } from "./job-steps";
import { measuresBefore } from "./predict-measures";
import type { PredictPlan } from "./predict-steps";

/** A part uploaded: what completing needs. */
export interface OutputPart {
  readonly partNumber: number;
  readonly etag: string;
}

/**
 * "metrics": the metrics `/evaluate` gives of the model on the job's
 * labelled rows, from the measures its `plan.shards` score steps kept
 * (predict-measures.ts), finished by finish-fit.ts's `measures`.
 */
export async function measurePrediction(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  plan: PredictPlan,
): Promise<StepOutcome<{ metrics: ModelMetrics }>> {
  if (await predictCancelled(env, id, "running")) return { stop: true };
  const model = await pinnedModel(env, spec);
  const threshold = model.threshold ?? 0.5;
  const { outputs, rows, shards } = plan;
  const set = { outputs, rows, threshold };
  const kept = await measuresBefore(env, id, shards, set);
  return { stop: false, metrics: measures(kept, threshold).metrics };
}

/** "start output": the output's upload, started once. */
export async function startOutput(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  limits: Limits,
): Promise<StepOutcome<OutputUpload>> {
  if (await predictCancelled(env, id, "running")) return { stop: true };
  const saved = await savedUpload(env, id);
  if (saved !== null) return { stop: false, ...saved };
  const now = new Date();
  const upload = await startDatasetUpload(env.DATA, spec.output, now);
  const started: OutputUpload = {
    output: spec.output,
    uploadId: upload.uploadId,
    createdAt: now.toISOString(),
    partBytes: limits.datasetPartBytes,
  };
  await saveUpload(env, id, started);
  return { stop: false, ...started };
}

/**
 * "part n": uploads part `n` of the output, cut from the chunks of
 * `sizes` bytes.
 */
export async function uploadOutputPart(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  upload: OutputUpload,
  sizes: readonly number[],
  n: number,
): Promise<StepOutcome<OutputPart>> {
  if (await predictCancelled(env, id, "running")) return { stop: true };
  const bytes = await readOutputPart(env.DATA, id, sizes, upload.partBytes, n);
  const resumed = resumeDatasetUpload(env.DATA, spec.output, upload.uploadId);
  const part = await uploadDatasetPart(resumed, n, bytes, bytes.length);
  return { stop: false, partNumber: part.partNumber, etag: part.etag };
}

/**
 * "complete": completes the upload with `parts`, ends the job succeeded
 * with `result`, and deletes its temporary objects. A retry after the
 * upload completed finds the dataset it made (by its start time) and goes
 * on; a job that succeeded already answers its result.
 */
export async function completeOutput(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  upload: OutputUpload,
  parts: readonly OutputPart[],
  result: PredictJobResult,
): Promise<StepOutcome<{ result: PredictJobResult }>> {
  const { job, stop } = await enterStep(env, id, "finalizing");
  if (
    job.state === "succeeded" &&
    job.result !== null &&
    "rows" in job.result
  ) {
    return { stop: false, result: job.result };
  }
  if (stop) {
    await discardOutput(env, id);
    return { stop: true };
  }
  const resumed = resumeDatasetUpload(env.DATA, spec.output, upload.uploadId);
  try {
    await completeDatasetUpload(resumed, parts);
  } catch (error) {
    const made = await headDataset(env.DATA, spec.output);
    if (made?.createdAt !== upload.createdAt) throw error;
  }
  await storeStep("output:completed", spec.output);
  await succeedJob(env, id, result);
  await deleteJobObjects(env.DATA, id);
  return { stop: false, result };
}
