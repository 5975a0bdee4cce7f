/**
 * The Worker that bench/job-step.mjs runs in workerd: the CPU work of one
 * `train k` step of a job (src/jobs/train-steps.ts) without its I/O. R2 and
 * the Durable Object are left out (waiting on them is not CPU); what the
 * step does with their bytes is in: decode the shards (shard-store.ts) and
 * the checkpoint (checkpoint-codec.ts), train on the shards, encode the
 * next checkpoint.
 *
 * - POST /setup?shardRows=N&perStep=S, body: rows × cols float32 features
 *   then rows float32 labels, `cols` in the query: cuts the rows into
 *   shards as a first pass writes them, and the first checkpoint.
 * - POST /step: one full-batch step over shards 0..S − 1 from that
 *   checkpoint (each request from the same one, so each does the same work).
 */
import type { ShardPlan, ShardRows } from "../src/engine/shard-plan";
import {
  startShardTraining,
  trainShards,
  type ShardCheckpoint,
} from "../src/engine/shard-training";
import {
  decodeCheckpoint,
  encodeCheckpoint,
} from "../src/storage/checkpoint-codec";
import { decodeShard } from "../src/storage/shard-store";
import { shardsOf } from "./bench-shards";

let plan: ShardPlan | null = null;
let shards: Uint8Array[] = [];
let checkpoint: Uint8Array | null = null;
let perStep = 0;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === "/setup") {
      perStep = Number(query.perStep);
      const body = await request.arrayBuffer();
      const { rows, cols, shards: cut } = shardsOf(body, query);
      shards = cut;
      plan = {
        options: {
          epochs: 20,
          lr: 1,
          logEvery: 1,
          loss: "bce",
          init: "zeros",
          threshold: 0.5,
          classes: 2,
        },
        start: { init: "zeros" },
        cols,
        shards: shards.length,
        trainingRows: rows,
        validationRows: 0,
      };
      checkpoint = encodeCheckpoint(startShardTraining(plan));
      return Response.json({ shards: shards.length, rows });
    }
    if (plan === null || checkpoint === null) {
      return Response.json({ error: "POST /setup first" }, { status: 400 });
    }
    const state = decodeCheckpoint<ShardCheckpoint>(checkpoint);
    const rows: ShardRows[] = [];
    let values = 0;
    for (let k = 0; k < perStep; k++) {
      const shard = decodeShard(shards[k].slice().buffer);
      const training = {
        x: shard.x,
        y: shard.labels ?? new Float32Array(0),
        rows: shard.rows,
        cols: shard.cols,
      };
      rows.push({ training, validation: null });
      values += shard.rows * shard.cols;
    }
    trainShards(plan, state, rows);
    const next = encodeCheckpoint(state);
    return Response.json({ values, checkpointBytes: next.byteLength });
  },
};
