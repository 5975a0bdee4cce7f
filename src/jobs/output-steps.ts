/**
 * The last steps of a prediction job: the metrics of labelled rows, and
 * the output dataset written as an R2 multipart upload (dataset-store.ts)
 * from the chunks the score steps wrote (job-output.ts).
 *
 * - "metrics": what the score steps kept, read back: one output, every
 *   row's probability and class (5 bytes a row), measured by the function
 *   `/evaluate` ends in (`binaryModelMetrics`), exactly up to
 *   EXACT_SCORE_ROWS rows; past them, as a training's final pass, from a
 *   score histogram of fixed size (score-summary.ts: ROC AUC within its
 *   stated `rocAucError`, every sum-based metric exact); K outputs, the
 *   summed confusion counts and cross-entropy (`metricsOfConfusion`).
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
import { EXACT_SCORE_ROWS } from "../engine/final-pass";
import { binaryModelMetrics, type ModelMetrics } from "../engine/linear-model";
import {
  addToSummary,
  scoreSummary,
  summaryMeasures,
} from "../engine/score-summary";
import { metricsOfConfusion } from "../engine/multiclass-metrics";
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
import { readOutputPart, readScores } from "../storage/job-output";
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
import type { PredictPlan } from "./predict-steps";

/** A part uploaded: what completing needs. */
export interface OutputPart {
  readonly partNumber: number;
  readonly etag: string;
}

/**
 * "metrics": the metrics `/evaluate` gives of the model on the job's
 * labelled rows, from what its `plan.shards` score steps kept.
 */
export async function measurePrediction(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  plan: PredictPlan,
): Promise<StepOutcome<{ metrics: ModelMetrics }>> {
  if (await predictCancelled(env, id, "running")) return { stop: true };
  const model = await pinnedModel(env, spec);
  const { outputs, rows } = plan;
  if (outputs === 1 && rows > EXACT_SCORE_ROWS) {
    // Past the exact bound, as a training job's final pass: a score
    // histogram of fixed size and exact sums (score-summary.ts), its ROC
    // AUC within the `rocAucError` it states.
    const summary = scoreSummary(model.threshold ?? 0.5);
    for (let k = 0; k < plan.shards; k++) {
      const scores = await readScores(env.DATA, id, k, outputs);
      if (!("labels" in scores)) throw new Error(`scores ${k} have no rows`);
      addToSummary(summary, scores.probabilities, scores.labels);
    }
    return { stop: false, metrics: summaryMeasures(summary).metrics };
  }
  if (outputs === 1) {
    const probabilities = new Float32Array(rows);
    const labels = new Uint8Array(rows);
    for (let k = 0; k < plan.shards; k++) {
      const scores = await readScores(env.DATA, id, k, outputs);
      if (!("labels" in scores)) throw new Error(`scores ${k} have no rows`);
      probabilities.set(scores.probabilities, k * plan.shardRows);
      labels.set(scores.labels, k * plan.shardRows);
    }
    const threshold = model.threshold ?? 0.5;
    const metrics = binaryModelMetrics(probabilities, labels, threshold);
    return { stop: false, metrics };
  }
  const confusion = Array.from({ length: outputs }, () =>
    new Array<number>(outputs).fill(0),
  );
  let cost = 0;
  for (let k = 0; k < plan.shards; k++) {
    const scores = await readScores(env.DATA, id, k, outputs);
    if (!("confusion" in scores)) throw new Error(`scores ${k} have no counts`);
    scores.confusion.forEach((row, a) =>
      row.forEach((n, p) => (confusion[a][p] += n)),
    );
    cost += scores.cost;
  }
  return { stop: false, metrics: metricsOfConfusion(confusion, cost / rows) };
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
