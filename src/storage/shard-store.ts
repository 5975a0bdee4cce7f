/**
 * A job's binary copy of its dataset in R2: the rows as float32 shards, the
 * validation membership and a manifest, all under `jobs/<jobId>/`.
 *
 * Keys:
 * - `jobs/<jobId>/shards/<k>`: shard k (0-based, decimal), the rows
 *   k·shardRows .. of the file in order; every shard but the last holds
 *   exactly `shardRows` rows.
 * - `jobs/<jobId>/membership`: one byte a row of the whole file, 0 training,
 *   1 validation (written only with a validation split).
 * - `jobs/<jobId>/manifest`: the `ShardManifest`, JSON.
 *
 * A shard, little-endian throughout:
 *
 * | bytes            | what                                                  |
 * | ---------------- | ----------------------------------------------------- |
 * | 0-3              | magic `ELS1`                                          |
 * | 4-7              | rows r (uint32)                                       |
 * | 8-11             | cols d (uint32)                                       |
 * | 12-15            | flags (uint32): bit 0 set when the shard has labels   |
 * | 16 .. 16+4r      | labels (float32), when it has them: each row's        |
 * |                  | provisional label code (class-coder.ts), an index     |
 * |                  | into the preparation's label texts                    |
 * | then r·d × 4     | features (float32), row-major                         |
 *
 * Labels come first so that a range read of 4r bytes at 16 gets them alone.
 * Codes, not class indices, because the classes are known only once the
 * whole label column is read; the manifest's `labelClasses` maps them
 * (shard-manifest.ts, which reads and writes the manifest and membership).
 */

/** The rows of one shard. */
export interface Shard {
  readonly rows: number;
  readonly cols: number;
  /** Row-major features, `rows` × `cols`. */
  readonly x: Float32Array;
  /** Each row's provisional label code, or null without labels. */
  readonly labels: Float32Array | null;
}

const MAGIC = 0x31534c45; // "ELS1" read as a little-endian uint32
const HEADER_BYTES = 16;
const HAS_LABELS = 1;

/** Where every object of job `jobId` lives. */
export function jobPrefix(jobId: string): string {
  return `jobs/${jobId}/`;
}

/** The key of shard `k` of job `jobId`. */
export function shardKey(jobId: string, k: number): string {
  return `${jobPrefix(jobId)}shards/${k}`;
}

/** The key of job `jobId`'s manifest. */
export function manifestKey(jobId: string): string {
  return `${jobPrefix(jobId)}manifest`;
}

/** The key of job `jobId`'s validation membership. */
export function membershipKey(jobId: string): string {
  return `${jobPrefix(jobId)}membership`;
}

/** The bytes of `shard` in the format above. */
export function encodeShard(shard: Shard): Uint8Array {
  const { rows, cols, x, labels } = shard;
  const labelBytes = labels === null ? 0 : rows * 4;
  const bytes = new Uint8Array(HEADER_BYTES + labelBytes + rows * cols * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, rows, true);
  view.setUint32(8, cols, true);
  view.setUint32(12, labels === null ? 0 : HAS_LABELS, true);
  if (labels !== null) {
    putFloats(bytes, HEADER_BYTES, labels.subarray(0, rows));
  }
  putFloats(bytes, HEADER_BYTES + labelBytes, x.subarray(0, rows * cols));
  return bytes;
}

/**
 * The shard `bytes` hold.
 *
 * @throws Error when they are not a shard: a store that is broken, not input
 */
export function decodeShard(bytes: ArrayBuffer): Shard {
  const view = new DataView(bytes);
  if (bytes.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) {
    throw new Error("a stored shard does not start with ELS1");
  }
  const rows = view.getUint32(4, true);
  const cols = view.getUint32(8, true);
  const hasLabels = (view.getUint32(12, true) & HAS_LABELS) !== 0;
  const labelBytes = hasLabels ? rows * 4 : 0;
  if (bytes.byteLength !== HEADER_BYTES + labelBytes + rows * cols * 4) {
    throw new Error(
      `a stored shard of ${rows} × ${cols} has ${bytes.byteLength} bytes`,
    );
  }
  const labels = hasLabels ? takeFloats(bytes, HEADER_BYTES, rows) : null;
  const x = takeFloats(bytes, HEADER_BYTES + labelBytes, rows * cols);
  return { rows, cols, x, labels };
}

/** Writes shard `k` of job `jobId` (a rewrite of a partial shard extends it). */
export async function writeShard(
  bucket: R2Bucket,
  jobId: string,
  k: number,
  shard: Shard,
): Promise<void> {
  await bucket.put(shardKey(jobId, k), encodeShard(shard));
}

/**
 * Shard `k` of job `jobId`.
 *
 * @throws Error when it is not stored
 */
export async function readShard(
  bucket: R2Bucket,
  jobId: string,
  k: number,
): Promise<Shard> {
  const object = await bucket.get(shardKey(jobId, k));
  if (object === null) throw new Error(`job ${jobId} has no shard ${k}`);
  return decodeShard(await object.arrayBuffer());
}

/**
 * The provisional label codes of the `rows` rows of shard `k`: one range
 * read of 4 × rows bytes.
 *
 * @throws Error when the shard is not stored
 */
export async function readShardLabels(
  bucket: R2Bucket,
  jobId: string,
  k: number,
  rows: number,
): Promise<Float32Array> {
  const object = await bucket.get(shardKey(jobId, k), {
    range: { offset: HEADER_BYTES, length: rows * 4 },
  });
  if (object === null) throw new Error(`job ${jobId} has no shard ${k}`);
  return new Float32Array(await object.arrayBuffer());
}

/** Deletes every object of job `jobId`, a listed page (up to 1,000) at a time. */
export async function deleteJobObjects(
  bucket: R2Bucket,
  jobId: string,
): Promise<void> {
  const prefix = jobPrefix(jobId);
  for (;;) {
    // Each page is listed after the last was deleted, so no cursor is kept.
    const page = await bucket.list({ prefix, limit: 1000 });
    if (page.objects.length === 0) return;
    await bucket.delete(page.objects.map((object) => object.key));
    if (!page.truncated) return;
  }
}

/** Copies `values` into `bytes` at `offset` as little-endian float32. */
function putFloats(bytes: Uint8Array, offset: number, values: Float32Array) {
  assertLittleEndian();
  const raw = new Uint8Array(
    values.buffer,
    values.byteOffset,
    values.length * 4,
  );
  bytes.set(raw, offset);
}

/** `count` little-endian float32 values of `bytes` from `offset`, in a new array. */
function takeFloats(
  bytes: ArrayBuffer,
  offset: number,
  count: number,
): Float32Array {
  assertLittleEndian();
  return new Float32Array(bytes.slice(offset, offset + count * 4));
}

/** The format is little-endian; typed arrays use the host's order, which for workerd and Node on x86-64 and arm64 is little-endian. */
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error("shards need a little-endian host");
  }
}
