/**
 * Datasets in R2 (binding `DATA`): the one module that knows their keys and
 * touches their objects.
 *
 * A dataset `name` is the object `datasets/<name>`: its bytes as sent (CSV,
 * never parsed here), `httpMetadata.contentType` "text/csv", and
 * `customMetadata.createdAt`, the ISO time its write started. Writing a name
 * again replaces the object whole, as R2 and S3 do (a put is atomic: a
 * reader sees the old bytes or the new, never a mix).
 *
 * A job that reads a dataset in many range reads must not see it replaced
 * half-way: it takes the `etag` of `headDataset` once and passes it to every
 * `readDatasetRange`, which reads with `onlyIf: {etagMatches}` and throws
 * DatasetChangedError when the object is no longer that one.
 *
 * Files larger than one request go up in parts (R2 multipart uploads):
 * `startDatasetUpload`, then `uploadDatasetPart` for parts 1, 2, … (every
 * part but the last the same size, at least 5 MiB: R2's rules; at most
 * 10,000 parts), then `completeDatasetUpload`, or `abortDatasetUpload`. A
 * later request (or a Workflow step) picks an upload up again with
 * `resumeDatasetUpload` and R2's `uploadId`. Nothing is readable under the
 * name until the upload completes.
 */
import { DatasetChangedError, DatasetNotFoundError } from "../errors";
import { issueCursor, readIssuedCursor } from "./page-cursor";

/** The prefix of every dataset's key. */
export const DATASET_PREFIX = "datasets/";

/** What is known of a stored dataset without reading its bytes. */
export interface DatasetInfo {
  readonly name: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** "text/csv". */
  readonly contentType: string;
  /** When its write started, ISO 8601. */
  readonly createdAt: string;
  /** R2's ETag of these bytes (unquoted), for `onlyIf: {etagMatches}`. */
  readonly etag: string;
}

/** The R2 key of dataset `name`. */
export function datasetKey(name: string): string {
  return DATASET_PREFIX + name;
}

/** What every dataset object is written with. */
function writeOptions(now: Date): R2PutOptions & R2MultipartOptions {
  return {
    httpMetadata: { contentType: "text/csv" },
    customMetadata: { createdAt: now.toISOString() },
  };
}

/** A dataset's info from its R2 object. */
function infoOf(object: R2Object): DatasetInfo {
  return {
    name: object.key.slice(DATASET_PREFIX.length),
    bytes: object.size,
    contentType: object.httpMetadata?.contentType ?? "text/csv",
    createdAt:
      object.customMetadata?.createdAt ?? object.uploaded.toISOString(),
    etag: object.etag,
  };
}

/** Dataset `name`'s info, or null when there is no such dataset. */
export async function headDataset(
  bucket: R2Bucket,
  name: string,
): Promise<DatasetInfo | null> {
  const object = await bucket.head(datasetKey(name));
  return object === null ? null : infoOf(object);
}

/**
 * Stores `body`, a stream of exactly `bytes` bytes (the request's
 * Content-Length), as dataset `name`, replacing any dataset of that name.
 * The bytes stream through to R2, never held whole.
 *
 * @throws Error when the stream ends before `bytes` or goes past it; then
 *   nothing is stored
 */
export async function putDataset(
  bucket: R2Bucket,
  name: string,
  body: ReadableStream<Uint8Array>,
  bytes: number,
  now: Date = new Date(),
): Promise<DatasetInfo> {
  // R2 takes a stream only of known length: FixedLengthStream declares it,
  // and fails the write when the body does not keep to it.
  const fixed = new FixedLengthStream(bytes);
  const [object] = await Promise.all([
    bucket.put(datasetKey(name), fixed.readable, writeOptions(now)),
    body.pipeTo(fixed.writable),
  ]);
  return infoOf(object);
}

/** A range of a dataset's bytes, with the whole object's size and etag. */
export interface DatasetRange {
  readonly bytes: Uint8Array;
  /** The dataset's size in bytes. */
  readonly size: number;
  /** Its R2 etag, which changes when it is uploaded again. */
  readonly etag: string;
}

/**
 * `length` bytes of dataset `name` from byte `offset` (a ranged get), as
 * stored; fewer when the dataset ends first (`offset` must be below its
 * `bytes`, as `headDataset` gives them). With `etag`, only from the object
 * of that ETag.
 *
 * @throws DatasetNotFoundError when there is no such dataset,
 *   DatasetChangedError when it is no longer the object of `etag`
 */
export async function readDatasetRange(
  bucket: R2Bucket,
  name: string,
  offset: number,
  length: number,
  etag?: string,
): Promise<DatasetRange> {
  const object = await bucket.get(datasetKey(name), {
    range: { offset, length },
    ...(etag !== undefined && { onlyIf: { etagMatches: etag } }),
  });
  if (object === null) throw new DatasetNotFoundError(name);
  if (!("body" in object)) {
    throw new DatasetChangedError(
      `dataset ${name} was replaced while it was being read (it is no longer the object of etag ${etag})`,
    );
  }
  return {
    bytes: new Uint8Array(await object.arrayBuffer()),
    size: object.size,
    etag: object.etag,
  };
}

/**
 * Dataset `name`'s info and its bytes as a stream.
 *
 * @throws DatasetNotFoundError when there is no such dataset
 */
export async function readDataset(
  bucket: R2Bucket,
  name: string,
): Promise<{ info: DatasetInfo; body: ReadableStream<Uint8Array> }> {
  const object = await bucket.get(datasetKey(name));
  if (object === null) throw new DatasetNotFoundError(name);
  return { info: infoOf(object), body: object.body };
}

/**
 * A page of datasets in name order: at most `limit`, after `cursor` (the
 * previous page's), and the next page's cursor or null on the last
 * (page-cursor.ts).
 *
 * @throws OptionError for a cursor no page of datasets gave
 */
export async function listDatasets(
  bucket: R2Bucket,
  limit: number,
  cursor?: string,
): Promise<{ datasets: DatasetInfo[]; cursor: string | null }> {
  const page = await bucket.list({
    prefix: DATASET_PREFIX,
    limit,
    cursor: await readIssuedCursor("datasets", cursor),
    include: ["httpMetadata", "customMetadata"],
  });
  return {
    datasets: page.objects.map(infoOf),
    cursor: page.truncated ? await issueCursor("datasets", page.cursor) : null,
  };
}

/** Deletes dataset `name`; false when there was none. */
export async function deleteDataset(
  bucket: R2Bucket,
  name: string,
): Promise<boolean> {
  const key = datasetKey(name);
  if ((await bucket.head(key)) === null) return false;
  await bucket.delete(key);
  return true;
}

/**
 * Starts an upload in parts of dataset `name`, created at `now`; keep its
 * `uploadId` to resume it. Nothing is readable under the name until it
 * completes.
 */
export function startDatasetUpload(
  bucket: R2Bucket,
  name: string,
  now: Date = new Date(),
): Promise<R2MultipartUpload> {
  return bucket.createMultipartUpload(datasetKey(name), writeOptions(now));
}

/** The upload `uploadId` (R2's) of dataset `name`, started earlier. */
export function resumeDatasetUpload(
  bucket: R2Bucket,
  name: string,
  uploadId: string,
): R2MultipartUpload {
  return bucket.resumeMultipartUpload(datasetKey(name), uploadId);
}

/**
 * Uploads part `part` (1-10,000) of `upload`: `body`, a stream of exactly
 * `bytes` bytes or the bytes themselves. Every part but the last must be of
 * one size, at least 5 MiB; uploading a number again replaces that part.
 *
 * @returns the part's number and ETag, which completing needs
 */
export async function uploadDatasetPart(
  upload: R2MultipartUpload,
  part: number,
  body: ReadableStream<Uint8Array> | Uint8Array,
  bytes: number,
): Promise<R2UploadedPart> {
  if (body instanceof Uint8Array) return upload.uploadPart(part, body);
  const fixed = new FixedLengthStream(bytes);
  const [uploaded] = await Promise.all([
    upload.uploadPart(part, fixed.readable),
    body.pipeTo(fixed.writable),
  ]);
  return uploaded;
}

/**
 * Completes `upload` with `parts` in order (1, 2, … with no gap): the
 * dataset is then readable, replacing any of its name.
 */
export async function completeDatasetUpload(
  upload: R2MultipartUpload,
  parts: readonly R2UploadedPart[],
): Promise<DatasetInfo> {
  return infoOf(await upload.complete([...parts]));
}

/** Aborts `upload`: its parts are discarded and nothing is stored. */
export function abortDatasetUpload(upload: R2MultipartUpload): Promise<void> {
  return upload.abort();
}
