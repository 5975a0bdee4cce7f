/**
 * Uploads in parts as the routes drive them: R2's multipart upload
 * (dataset-store.ts) and its record in the dataset name's `DatasetUploads`
 * Durable Object (dataset-uploads.ts), which says which uploads are open and
 * which parts they hold. Every refusal is decided before a byte goes to R2,
 * and thrown as the service's error.
 */
import {
  UploadConflictError,
  UploadNotFoundError,
  UploadPartError,
} from "../errors";
import type { DatasetUploads, OpenUpload, PartAnswer } from "./dataset-uploads";
import {
  abortDatasetUpload,
  completeDatasetUpload,
  resumeDatasetUpload,
  startDatasetUpload,
  uploadDatasetPart,
  type DatasetInfo,
} from "./dataset-store";

/** The bindings uploads need: the bucket, and the Durable Object of their state. */
export interface UploadBindings {
  readonly DATA: R2Bucket;
  readonly DATASET_UPLOADS: DurableObjectNamespace<DatasetUploads>;
}

/** An upload as `POST /v1/datasets/{name}/uploads` answers it. */
export interface StartedUpload {
  readonly uploadId: string;
  /** The size in bytes of every part but the last. */
  readonly partSize: number;
}

/** A part as its `PUT` answers it. */
export interface UploadedPart {
  readonly part: number;
  readonly bytes: number;
  readonly etag: string;
}

/** Starts an upload in parts of `partSize` bytes of dataset `name`. */
export async function beginUpload(
  env: UploadBindings,
  name: string,
  partSize: number,
  now: Date = new Date(),
): Promise<StartedUpload> {
  const upload = await startDatasetUpload(env.DATA, name, now);
  const uploadId = crypto.randomUUID();
  await env.DATASET_UPLOADS.getByName(name).open(
    uploadId,
    upload.uploadId,
    partSize,
    now.toISOString(),
  );
  return { uploadId, partSize };
}

/**
 * Uploads part `part` of upload `uploadId`: `body`, `bytes` long.
 *
 * @throws UploadNotFoundError, UploadPartError (over the part size, or a
 *   middle part of another size) or UploadConflictError (a part after the
 *   last), before anything is sent
 */
export async function putPart(
  env: UploadBindings,
  name: string,
  uploadId: string,
  part: number,
  body: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<UploadedPart> {
  const state = env.DATASET_UPLOADS.getByName(name);
  const { upload } = admitted(
    await state.admitPart(uploadId, part, bytes),
    name,
    uploadId,
  );
  const r2 = resumeDatasetUpload(env.DATA, name, upload.r2UploadId);
  const { etag } = await uploadDatasetPart(r2, part, body, bytes);
  admitted(await state.recordPart(uploadId, part, bytes, etag), name, uploadId);
  return { part, bytes, etag };
}

/**
 * Completes upload `uploadId` with the parts recorded, 1 to the last:
 * dataset `name` is then readable, replacing any of that name.
 *
 * @throws UploadNotFoundError, or UploadConflictError when parts are missing
 */
export async function finishUpload(
  env: UploadBindings,
  name: string,
  uploadId: string,
): Promise<DatasetInfo> {
  const state = env.DATASET_UPLOADS.getByName(name);
  const found = await state.completion(uploadId);
  if ("refused" in found) {
    if (found.refused === "upload_not_found") {
      throw new UploadNotFoundError(name, uploadId);
    }
    throw new UploadConflictError(found.message);
  }
  const r2 = resumeDatasetUpload(env.DATA, name, found.upload.r2UploadId);
  const parts = found.parts.map(({ part, etag }) => ({
    partNumber: part,
    etag,
  }));
  const info = await completeDatasetUpload(r2, parts);
  await state.close(uploadId);
  return info;
}

/**
 * Aborts upload `uploadId`: its parts are discarded, nothing is stored.
 *
 * @throws UploadNotFoundError when no such upload is open
 */
export async function cancelUpload(
  env: UploadBindings,
  name: string,
  uploadId: string,
): Promise<void> {
  const state = env.DATASET_UPLOADS.getByName(name);
  const upload = await state.upload(uploadId);
  if (upload === null) throw new UploadNotFoundError(name, uploadId);
  await abortDatasetUpload(
    resumeDatasetUpload(env.DATA, name, upload.r2UploadId),
  );
  await state.close(uploadId);
}

/** The upload a part was admitted to; throws the error of a refused part. */
function admitted(
  answer: PartAnswer,
  name: string,
  uploadId: string,
): { upload: OpenUpload } {
  if ("ok" in answer) return answer;
  if (answer.refused === "upload_not_found") {
    throw new UploadNotFoundError(name, uploadId);
  }
  if (answer.refused === "size") throw new UploadPartError(answer.message);
  throw new UploadConflictError(answer.message);
}
