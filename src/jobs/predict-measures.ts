/**
 * A prediction job's measures of its labelled rows between its steps: the
 * engine's accumulator of one set of rows (final-pass.ts's `rowMeasures`,
 * the one a training's final pass keeps for each set), kept as the job's
 * checkpoint n after n score steps (job-checkpoints.ts: in the job's
 * Durable Object up to `INLINE_BYTES`, else in R2, as an exact set keeps 5
 * bytes a row, up to EXACT_SCORE_ROWS rows). Score step k reads checkpoint
 * k and writes k + 1, never the one it read, so a retried step adds its
 * rows once; "metrics" finishes checkpoint n with finish-fit.ts's
 * `measures`, as `/evaluate` measures rows.
 */
import {
  packRowMeasures,
  unpackRowMeasures,
  type PackedRowMeasures,
} from "../engine/final-pass-codec";
import { rowMeasures, type RowMeasures } from "../engine/final-pass";
import type { Bindings } from "../env";
import {
  dropStepCheckpoint,
  loadStepCheckpoint,
  saveStepCheckpoint,
} from "../storage/job-checkpoints";

/**
 * Job `id`'s measures after `k` score steps: empty before the first (room
 * for `rows` rows of a model of `outputs` outputs at `threshold`), else
 * checkpoint k.
 *
 * @throws Error when checkpoint k was never saved
 */
export async function measuresBefore(
  env: Bindings,
  id: string,
  k: number,
  set: { outputs: number; rows: number; threshold: number },
): Promise<RowMeasures> {
  if (k === 0) return rowMeasures(set.outputs, set.rows, set.threshold);
  const packed = await loadStepCheckpoint<PackedRowMeasures>(env, id, k);
  if (packed === null) throw new Error(`job ${id} has no measures ${k}`);
  return unpackRowMeasures(packed);
}

/**
 * Keeps `measures` as job `id`'s checkpoint `k + 1`, after score step `k`,
 * and drops checkpoint k − 1, which no step reads any more.
 */
export async function keepMeasures(
  env: Bindings,
  id: string,
  k: number,
  measures: RowMeasures,
): Promise<void> {
  await saveStepCheckpoint(env, id, k + 1, packRowMeasures(measures));
  if (k > 0) await dropStepCheckpoint(env, id, k - 1);
}
