/**
 * A job's manifest and validation membership in R2 (keys and shard format
 * in shard-store.ts), and a shard as the engine takes it.
 *
 * The manifest is JSON; the membership is one byte a row of the whole file
 * (0 training, 1 validation), written only with a validation split, so a
 * range of it is read beside each shard.
 */
import type { ClassValue } from "../engine/class-values";
import type { Dataset } from "../engine/dataset";
import type { TrainingWarning } from "../engine/warnings";
import { manifestKey, membershipKey, readShard } from "./shard-store";

/** What a job's first pass found, stored once it is over (jobs/finish-preparation.ts). */
export interface ShardManifest {
  readonly format: 1;
  /** The dataset the shards were cut from. */
  readonly dataset: string;
  readonly rows: number;
  readonly cols: number;
  /** Rows in every shard but the last (which holds the rest, 1..shardRows). */
  readonly shardRows: number;
  readonly shardCount: number;
  /** The header's names, trimmed and checked (feature-names.ts), or null. */
  readonly featureNames: readonly string[] | null;
  /** What `header=auto` decided (csv-first-row.ts). */
  readonly warnings: readonly TrainingWarning[];
  /** The model's classes, resolved as a training request resolves them; null without labels. */
  readonly classValues: readonly ClassValue[] | null;
  /** For each provisional label code, its class index; null without labels. */
  readonly labelClasses: readonly number[] | null;
  /** Rows of each class (by class index); null without labels. */
  readonly classCounts: readonly number[] | null;
  /** Training rows of each class (by class index); null without labels. */
  readonly trainingCounts: readonly number[] | null;
  readonly training: number;
  readonly validation: number;
  /** The seeded split, when there is one. */
  readonly split: { readonly fraction: number; readonly seed: number } | null;
  /**
   * Mean and scale of each feature over the training rows, exactly as
   * engine/standardize.ts `featureStats` gives them; null when not asked.
   */
  readonly stats: {
    readonly mean: readonly number[];
    readonly scale: readonly number[];
  } | null;
}

/** Writes job `jobId`'s membership: a byte a row, 1 for validation. */
export async function writeMembership(
  bucket: R2Bucket,
  jobId: string,
  membership: Uint8Array,
): Promise<void> {
  await bucket.put(membershipKey(jobId), membership);
}

/**
 * The membership of rows `first` .. `first + rows − 1`: all 0 (training)
 * when the job has no validation split.
 */
export async function readMembership(
  bucket: R2Bucket,
  jobId: string,
  first: number,
  rows: number,
): Promise<Uint8Array> {
  const object = await bucket.get(membershipKey(jobId), {
    range: { offset: first, length: rows },
  });
  if (object === null) return new Uint8Array(rows);
  return new Uint8Array(await object.arrayBuffer());
}

/** Writes job `jobId`'s manifest. */
export async function writeManifest(
  bucket: R2Bucket,
  jobId: string,
  manifest: ShardManifest,
): Promise<void> {
  await bucket.put(manifestKey(jobId), JSON.stringify(manifest), {
    httpMetadata: { contentType: "application/json" },
  });
}

/** Job `jobId`'s manifest, or null before its first pass is over. */
export async function readManifest(
  bucket: R2Bucket,
  jobId: string,
): Promise<ShardManifest | null> {
  const object = await bucket.get(manifestKey(jobId));
  return object === null ? null : await object.json<ShardManifest>();
}

/** The index of shard `k`'s first row in the file. */
export function shardFirstRow(manifest: ShardManifest, k: number): number {
  return k * manifest.shardRows;
}

/** How many rows shard `k` holds. */
export function shardRowCount(manifest: ShardManifest, k: number): number {
  return Math.min(manifest.shardRows, manifest.rows - k * manifest.shardRows);
}

/**
 * Shard `k` as the engine takes it: a `Dataset` whose `y` holds class
 * indices (empty without labels), and each row's membership.
 */
export async function readShardDataset(
  bucket: R2Bucket,
  jobId: string,
  manifest: ShardManifest,
  k: number,
): Promise<{ dataset: Dataset; membership: Uint8Array }> {
  const shard = await readShard(bucket, jobId, k);
  const { rows, cols, x, labels } = shard;
  const y = new Float32Array(labels === null ? 0 : rows);
  const classOf = manifest.labelClasses;
  if (labels !== null && classOf !== null) {
    for (let i = 0; i < rows; i++) y[i] = classOf[labels[i]];
  }
  const first = shardFirstRow(manifest, k);
  const membership = await readMembership(bucket, jobId, first, rows);
  return { dataset: { x, y, rows, cols }, membership };
}
