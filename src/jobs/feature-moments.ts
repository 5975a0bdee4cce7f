/**
 * The per-feature mean and scale of a job's training rows, in steps over
 * its shards: engine/standardize.ts `featureStats`'s two passes (the sums,
 * then the corrected sums of squares about the mean), each split across
 * calls at shard boundaries. The sums run over the training rows in file
 * order in float64 exactly as `featureStats` runs over the training rows of
 * `stratifiedSplit`, and the running sums travel between calls as JSON
 * numbers, which round-trip exactly: so the statistics are the same bits,
 * not merely close.
 *
 * A call reads whole shards until it has read `limits.jobStepValues`
 * values (rows × features), at least one shard.
 */
import { statsOfMoments } from "../engine/feature-moments";
import type { Limits } from "../input/limits";
import { readMembership } from "../storage/shard-manifest";
import { readShard } from "../storage/shard-store";

/** Where a pass over the shards is: small JSON data. */
export interface MomentsCursor {
  /** "mean": summing x; "variance": summing t and t² about `mean`. */
  readonly pass: "mean" | "variance";
  /** The next shard to read. */
  readonly shard: number;
  /** Σ x per feature ("mean"), or the mean ("variance"). */
  readonly sums: readonly number[];
  /** Σ (x − mean) per feature ("variance"; empty before). */
  readonly correction: readonly number[];
  /** Σ (x − mean)² per feature ("variance"; empty before). */
  readonly squares: readonly number[];
}

/** What the shards are: their count, size and the rows' width. */
export interface ShardLayout {
  readonly shards: number;
  readonly shardRows: number;
  readonly rows: number;
  readonly cols: number;
  /** How many rows are training rows (membership 0). */
  readonly training: number;
}

/** The cursor the passes start from. */
export function startMoments(cols: number): MomentsCursor {
  return {
    pass: "mean",
    shard: 0,
    sums: new Array<number>(cols).fill(0),
    correction: [],
    squares: [],
  };
}

/**
 * Reads the next shards of job `jobId` from `cursor` and returns the
 * cursor after them, or the statistics once the second pass is over.
 */
export async function stepMoments(
  bucket: R2Bucket,
  jobId: string,
  layout: ShardLayout,
  cursor: MomentsCursor,
  limits: Limits,
): Promise<
  | { readonly cursor: MomentsCursor }
  | { readonly mean: number[]; readonly scale: number[] }
> {
  const { shards, shardRows, rows, cols, training } = layout;
  const sums = [...cursor.sums];
  const correction = [...cursor.correction];
  const squares = [...cursor.squares];
  const mean = cursor.pass === "variance" ? cursor.sums : null;
  let k = cursor.shard;
  let read = 0;
  const first = k * shardRows;
  const last = Math.min(rows, first + stepShards(layout, limits) * shardRows);
  const membership = await readMembership(bucket, jobId, first, last - first);
  while (k < shards && read < limits.jobStepValues) {
    const shard = await readShard(bucket, jobId, k);
    const x = shard.x;
    const start = k * shardRows - first;
    for (let i = 0; i < shard.rows; i++) {
      if (membership[start + i] !== 0) continue;
      const offset = i * cols;
      if (mean === null) {
        for (let j = 0; j < cols; j++) sums[j] += x[offset + j];
      } else {
        for (let j = 0; j < cols; j++) {
          const t = x[offset + j] - mean[j];
          correction[j] += t;
          squares[j] += t * t;
        }
      }
    }
    read += shard.rows * cols;
    k++;
  }
  if (k < shards) {
    return { cursor: { ...cursor, shard: k, sums, correction, squares } };
  }
  if (mean === null) {
    const zeros = () => new Array<number>(cols).fill(0);
    const means = sums.map((sum) => sum / training);
    const next = { pass: "variance" as const, shard: 0, sums: means };
    return { cursor: { ...next, correction: zeros(), squares: zeros() } };
  }
  // M2 = Σ t² − (Σ t)² / n, as featureMoments corrects it: the same bits.
  const m2 = Float64Array.from(
    squares,
    (sum, j) => sum - (correction[j] * correction[j]) / training,
  );
  const stats = statsOfMoments({
    rows: training,
    mean: Float64Array.from(mean),
    m2,
  });
  return { mean: [...stats.mean], scale: [...stats.scale] };
}

/** How many shards one call reads: enough for `jobStepValues`, at least one. */
function stepShards(layout: ShardLayout, limits: Limits): number {
  const perShard = layout.shardRows * layout.cols;
  return Math.max(1, Math.ceil(limits.jobStepValues / perShard));
}
