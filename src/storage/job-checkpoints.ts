/**
 * A job's step checkpoints, numbered: the step that reads checkpoint n
 * (a training step, or a prediction job's score step) writes checkpoint
 * n + 1 and never the one it read, so a step retried after a crash starts
 * again from n and lands on the same n + 1. Each is checkpoint-codec.ts's
 * bytes: up to `INLINE_BYTES` kept in the job's Durable Object (under the
 * name `train <n>`, which jobs already running keep reading), larger ones
 * (a set's per-row scores, 5 bytes a row) in R2 under
 * `jobs/<id>/checkpoints/<n>`, the object recording where.
 */
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec";
import {
  deleteCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type JobBindings,
} from "./job-store";
import { jobPrefix } from "./shard-store";

/** The bindings checkpoints live in: the job's Durable Object and R2. */
export interface CheckpointBindings extends JobBindings {
  readonly DATA: R2Bucket;
}

/**
 * The most bytes a checkpoint kept in the job's Durable Object may have
 * (its values may reach 2 MB; a small one saves an R2 write a step).
 */
export const INLINE_BYTES = 128 * 1024;

/** What the Durable Object keeps of checkpoint n: its bytes, or where in R2 they are. */
type Stored = Uint8Array | { readonly r2: string };

/** The R2 key of job `jobId`'s checkpoint `n`, when it is kept in R2. */
export function checkpointKey(jobId: string, n: number): string {
  return `${jobPrefix(jobId)}checkpoints/${n}`;
}

function nameOf(n: number): string {
  return `train ${n}`;
}

/** Saves `value` as job `id`'s checkpoint `n` (again, the same bytes, on a retry). */
export async function saveStepCheckpoint(
  env: CheckpointBindings,
  id: string,
  n: number,
  value: unknown,
): Promise<void> {
  const bytes = encodeCheckpoint(value);
  let stored: Stored = bytes;
  if (bytes.byteLength > INLINE_BYTES) {
    const key = checkpointKey(id, n);
    await env.DATA.put(key, bytes);
    stored = { r2: key };
  }
  await saveCheckpoint(env, id, nameOf(n), stored);
}

/**
 * Job `id`'s checkpoint `n`, decoded; null when it was never saved.
 *
 * @throws Error when the object names R2 bytes that are gone
 */
export async function loadStepCheckpoint<T>(
  env: CheckpointBindings,
  id: string,
  n: number,
): Promise<T | null> {
  const stored = (await loadCheckpoint(env, id, nameOf(n))) as Stored | null;
  if (stored === null) return null;
  if (stored instanceof Uint8Array) return decodeCheckpoint<T>(stored);
  const object = await env.DATA.get(stored.r2);
  if (object === null) {
    throw new Error(`job ${id} lost checkpoint ${n} (${stored.r2})`);
  }
  return decodeCheckpoint<T>(new Uint8Array(await object.arrayBuffer()));
}

/** Deletes job `id`'s checkpoint `n`, wherever it is kept; none is fine. */
export async function dropStepCheckpoint(
  env: CheckpointBindings,
  id: string,
  n: number,
): Promise<void> {
  await env.DATA.delete(checkpointKey(id, n));
  await deleteCheckpoint(env, id, nameOf(n));
}
