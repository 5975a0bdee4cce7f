/**
 * The Worker that bench/predict-step.mjs runs in workerd: the CPU work of
 * one `score k` step of a labelled prediction job (src/jobs/predict-steps.ts)
 * and of its `metrics` step (output-steps.ts), without their I/O. R2 and the
 * Durable Object are left out (waiting on them is not CPU); what the steps
 * do with their bytes is in: decode the shard (shard-store.ts) and the
 * measures' checkpoint (checkpoint-codec.ts), predict the shard once, write
 * its CSV lines and add it to the measures (`scoreShard`), encode the next
 * checkpoint; `metrics` decodes the last one and finishes it.
 *
 * - POST /setup?cols=D&classes=K&shardRows=N, body: rows × D float32
 *   features then rows float32 labels 0..K−1: cuts the rows into shards as
 *   a first pass writes them, a model of fixed weights, and the measures'
 *   checkpoints before the last shard and after it.
 * - POST /step: `score k` for the last shard k from checkpoint k (each
 *   request from the same one, so each does the same work).
 * - POST /metrics: the `metrics` step from the last checkpoint.
 */
import type { ModelVersion } from "../src/domain/model-version";
import { rowMeasures, type RowMeasures } from "../src/engine/final-pass";
import {
  packRowMeasures,
  unpackRowMeasures,
  type PackedRowMeasures,
} from "../src/engine/final-pass-codec";
import { measures } from "../src/engine/finish-fit";
import { scoreShard, type PredictPlan } from "../src/jobs/predict-steps";
import {
  decodeCheckpoint,
  encodeCheckpoint,
} from "../src/storage/checkpoint-codec";
import { decodeShard } from "../src/storage/shard-store";
import { shardsOf } from "./bench-shards";

let model: ModelVersion | null = null;
let plan: PredictPlan | null = null;
let shards: Uint8Array[] = [];
let before: Uint8Array | null = null;
let after: Uint8Array | null = null;

/** The measures checkpoint `bytes` holds. */
function measuresOf(bytes: Uint8Array): RowMeasures {
  return unpackRowMeasures(decodeCheckpoint<PackedRowMeasures>(bytes));
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === "/setup") {
      const classes = Number(query.classes);
      const shardRows = Number(query.shardRows);
      const outputs = classes === 2 ? 1 : classes;
      const body = await request.arrayBuffer();
      const { rows, cols, shards: cut } = shardsOf(body, query);
      shards = cut;
      // Fixed weights in [−0.5, 0.5]: the work does not depend on them.
      const w = Float32Array.from(
        { length: outputs * cols },
        (_, i) => 0.5 * Math.sin(i + 1),
      );
      const b = Float32Array.from({ length: outputs }, (_, k) => 0.1 * k);
      const classValues = Array.from({ length: classes }, (_, k) => k);
      model = { weights: { w, b }, classValues } as unknown as ModelVersion;
      plan = {
        rows,
        shards: shards.length,
        shardRows,
        outputs,
        labelClasses: classValues,
        order: null,
      };
      const kept = rowMeasures(outputs, rows, 0.5);
      for (let k = 0; k < shards.length; k++) {
        if (k === shards.length - 1)
          before = encodeCheckpoint(packRowMeasures(kept));
        await scoreShard(
          model,
          plan,
          decodeShard(shards[k].slice().buffer),
          k,
          kept,
        );
      }
      after = encodeCheckpoint(packRowMeasures(kept));
      return Response.json({ shards: shards.length, rows });
    }
    if (model === null || plan === null || before === null || after === null) {
      return Response.json({ error: "POST /setup first" }, { status: 400 });
    }
    if (url.pathname === "/metrics") {
      const { metrics } = measures(measuresOf(after), 0.5);
      return Response.json({
        checkpointBytes: after.byteLength,
        accuracy: metrics.accuracy,
      });
    }
    const k = shards.length - 1;
    const shard = decodeShard(shards[k].slice().buffer);
    const kept = measuresOf(before);
    const chunks = await scoreShard(model, plan, shard, k, kept);
    const next = encodeCheckpoint(packRowMeasures(kept));
    const text = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    return Response.json({
      rows: shard.rows,
      textBytes: text,
      checkpointBytes: next.byteLength,
    });
  },
};
