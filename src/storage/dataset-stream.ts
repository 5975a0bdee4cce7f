/**
 * A dataset from a stream whose length is known only at its end (a body
 * converted to UTF-8 as it comes, input/dataset-charset.ts). R2 takes a
 * stream only of known length, so the bytes are cut into parts of
 * `partSize` held in memory one at a time: a body that ends within the
 * first is one put, a longer one an R2 multipart upload of parts of that
 * size (R2's rule: every part but the last the same size, at least 5 MiB).
 * Either way the dataset appears whole or not at all: an error of the
 * stream aborts the upload, and the dataset of that name, if any, stays.
 */
import {
  abortDatasetUpload,
  completeDatasetUpload,
  putDataset,
  startDatasetUpload,
  uploadDatasetPart,
  type DatasetInfo,
} from "./dataset-store";

/**
 * Stores `body` as dataset `name`, replacing any dataset of that name, in
 * parts of `partSize` bytes (at least 5 MiB). At most one part is held in
 * memory.
 *
 * @throws what `body` throws as it is read (then nothing is stored, and an
 *   upload in parts begun is aborted)
 */
export async function putDatasetStream(
  bucket: R2Bucket,
  name: string,
  body: ReadableStream<Uint8Array>,
  partSize: number,
  now: Date = new Date(),
): Promise<DatasetInfo> {
  const parts = partsOf(body, partSize);
  const first = await parts.next();
  const firstBytes = first.done ? new Uint8Array(0) : first.value;
  if (firstBytes.length < partSize) {
    return putDataset(
      bucket,
      name,
      streamOf(firstBytes),
      firstBytes.length,
      now,
    );
  }
  const upload = await startDatasetUpload(bucket, name, now);
  try {
    const uploaded = [await uploadDatasetPart(upload, 1, firstBytes, partSize)];
    for await (const bytes of parts) {
      const n = uploaded.length + 1;
      uploaded.push(await uploadDatasetPart(upload, n, bytes, bytes.length));
    }
    return await completeDatasetUpload(upload, uploaded);
  } catch (error) {
    await abortDatasetUpload(upload).catch(() => undefined);
    throw error;
  }
}

/**
 * The bytes of `body` in parts of exactly `size` bytes, the last shorter
 * (or, when the body is a whole number of parts, of `size` too).
 */
async function* partsOf(
  body: ReadableStream<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let part = new Uint8Array(size);
  let filled = 0;
  const reader = body.getReader();
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      ended = done;
      if (done) break;
      let offset = 0;
      while (offset < value.length) {
        const taken = Math.min(size - filled, value.length - offset);
        part.set(value.subarray(offset, offset + taken), filled);
        filled += taken;
        offset += taken;
        if (filled === size) {
          yield part;
          part = new Uint8Array(size);
          filled = 0;
        }
      }
    }
  } finally {
    // Stopped early (a part failed to upload): the rest is not wanted.
    if (!ended) reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
  if (filled > 0) yield part.subarray(0, filled);
}

/** `bytes` as a stream of one chunk. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new Blob([bytes]).stream();
}
