/**
 * What every step of a prediction job starts with: its boundary (the
 * cancel flag, and on a cancel its output discarded), the version it
 * pinned, and its output's upload as the job's Durable Object keeps it.
 */
import type { PredictJobSpec } from "../domain/job";
import type { ModelVersion } from "../domain/model-version";
import type { Bindings } from "../env";
import { ModelNotFoundError } from "../errors";
import {
  abortDatasetUpload,
  resumeDatasetUpload,
} from "../storage/dataset-store";
import { loadCheckpoint, saveCheckpoint } from "../storage/job-store";
import type { StepState } from "../storage/job-state";
import { loadModel } from "../storage/model-store";
import { deleteJobObjects } from "../storage/shard-store";
import { cancelled } from "./job-steps";

/** The output's upload, as the job's Durable Object keeps it. */
export interface OutputUpload {
  /** The dataset it writes. */
  readonly output: string;
  /** R2's id of the multipart upload. */
  readonly uploadId: string;
  /** When it started, ISO 8601: the dataset's `createdAt`. */
  readonly createdAt: string;
  /** P, the size of every part but the last, in bytes. */
  readonly partBytes: number;
}

/** The checkpoint that keeps the upload. */
const UPLOAD = "output";

/** The upload job `id` started, or null. */
export async function savedUpload(
  env: Bindings,
  id: string,
): Promise<OutputUpload | null> {
  return (await loadCheckpoint(env, id, UPLOAD)) as OutputUpload | null;
}

/** Keeps `upload` as job `id`'s output upload. */
export async function saveUpload(
  env: Bindings,
  id: string,
  upload: OutputUpload,
): Promise<void> {
  await saveCheckpoint(env, id, UPLOAD, upload);
}

/**
 * The step boundary of a prediction job: true when it was cancelled, and
 * then what it wrote is discarded (its upload aborted, its objects deleted).
 */
export async function predictCancelled(
  env: Bindings,
  id: string,
  state: StepState,
): Promise<boolean> {
  if (!(await cancelled(env, id, state))) return false;
  await discardOutput(env, id);
  return true;
}

/**
 * The version the job pinned.
 *
 * @throws ModelNotFoundError when it was deleted since the job started
 */
export async function pinnedModel(
  env: Bindings,
  spec: PredictJobSpec,
): Promise<ModelVersion> {
  const model = await loadModel(env, spec.model, spec.version);
  if (model === null) throw new ModelNotFoundError(spec.model, spec.version);
  return model;
}

/**
 * Aborts job `id`'s output upload, if it started one, and deletes the
 * job's temporary objects.
 */
export async function discardOutput(env: Bindings, id: string): Promise<void> {
  const saved = await savedUpload(env, id);
  if (saved !== null) {
    const { output, uploadId } = saved;
    const upload = resumeDatasetUpload(env.DATA, output, uploadId);
    // An upload aborted already (a retry) refuses a second abort: nothing
    // is left to undo.
    await abortDatasetUpload(upload).catch(() => undefined);
  }
  await deleteJobObjects(env.DATA, id);
}
