/**
 * What a prediction job writes before its output dataset exists: the one
 * module that knows these keys under the job's prefix (shard-store.ts's
 * `jobPrefix`, so `deleteJobObjects` removes them with the shards).
 *
 * - `jobs/<id>/out/<k>`: the CSV text score step k wrote (step 0's starts
 *   with the header), UTF-8.
 *
 * The output dataset is an R2 multipart upload whose every part but the
 * last has the same size P (R2's rule): part n (1-based) is bytes
 * [(n−1)·P, n·P) of the chunks put end to end, found from the chunks'
 * sizes (`partPieces`), so the chunks may have any sizes.
 */
import { jobPrefix } from "./shard-store";

/** The key of the CSV text of job `jobId`'s score step `k`. */
export function outputChunkKey(jobId: string, k: number): string {
  return `${jobPrefix(jobId)}out/${k}`;
}

/** Writes the bytes of score step `k`'s text; returns their size. */
export async function writeOutputChunk(
  bucket: R2Bucket,
  jobId: string,
  k: number,
  chunks: readonly Uint8Array[],
): Promise<number> {
  const body = new Blob(chunks as Uint8Array<ArrayBuffer>[]);
  await bucket.put(outputChunkKey(jobId, k), body);
  return body.size;
}

/** A range of one chunk: bytes [offset, offset + length) of chunk `chunk`. */
export interface ChunkPiece {
  readonly chunk: number;
  readonly offset: number;
  readonly length: number;
}

/** How many parts of `partBytes` the chunks of `sizes` bytes make (at least 1). */
export function partCount(sizes: readonly number[], partBytes: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.ceil(total / partBytes));
}

/**
 * The pieces of chunks that make part `n` (1-based) of `partBytes`: bytes
 * [(n−1)·partBytes, n·partBytes) of the chunks of `sizes` end to end (the
 * last part shorter), in order.
 *
 * @throws RangeError for a part past the last
 */
export function partPieces(
  sizes: readonly number[],
  partBytes: number,
  n: number,
): ChunkPiece[] {
  const count = partCount(sizes, partBytes);
  if (!Number.isInteger(n) || n < 1 || n > count) {
    throw new RangeError(`part ${n} of ${count}`);
  }
  const from = (n - 1) * partBytes;
  const to = from + partBytes;
  const pieces: ChunkPiece[] = [];
  let start = 0;
  sizes.forEach((size, chunk) => {
    const end = start + size;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (b > a) pieces.push({ chunk, offset: a - start, length: b - a });
    start = end;
  });
  return pieces;
}

/** The bytes of part `n` of job `jobId`'s output (`partPieces`), read by ranges. */
export async function readOutputPart(
  bucket: R2Bucket,
  jobId: string,
  sizes: readonly number[],
  partBytes: number,
  n: number,
): Promise<Uint8Array> {
  const pieces = partPieces(sizes, partBytes, n);
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const { chunk, offset, length: size } of pieces) {
    const object = await bucket.get(outputChunkKey(jobId, chunk), {
      range: { offset, length: size },
    });
    if (object === null) {
      throw new Error(`job ${jobId} has no output chunk ${chunk}`);
    }
    const bytes = new Uint8Array(await object.arrayBuffer());
    if (bytes.length !== size) {
      throw new Error(
        `job ${jobId}'s output chunk ${chunk} has fewer bytes than recorded`,
      );
    }
    out.set(bytes, at);
    at += size;
  }
  return out;
}
