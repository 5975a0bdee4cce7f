/**
 * The shards a job's first pass would write of a /setup body of the bench's
 * step Workers (job-step-worker.ts, predict-step-worker.ts): rows × `cols`
 * float32 features then rows float32 labels (workloads.mjs's `rowsBody`),
 * cut every `shardRows` rows and encoded as shard-store.ts stores them.
 */
import { encodeShard } from "../src/storage/shard-store";

/**
 * The rows of `body` and their shards, encoded, from the /setup query's
 * `cols` (features) and `shardRows` (rows a shard).
 */
export function shardsOf(
  body: ArrayBuffer,
  query: Record<string, string>,
): { rows: number; cols: number; shards: Uint8Array[] } {
  const cols = Number(query.cols);
  const shardRows = Number(query.shardRows);
  const rows = body.byteLength / 4 / (cols + 1);
  const x = new Float32Array(body, 0, rows * cols);
  const y = new Float32Array(body, rows * cols * 4, rows);
  const shards: Uint8Array[] = [];
  for (let start = 0; start < rows; start += shardRows) {
    const end = Math.min(rows, start + shardRows);
    shards.push(
      encodeShard({
        rows: end - start,
        cols,
        x: x.slice(start * cols, end * cols),
        labels: y.slice(start, end),
      }),
    );
  }
  return { rows, cols, shards };
}
