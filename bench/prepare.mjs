#!/usr/bin/env node
/**
 * CPU of a job's first-pass steps (src/jobs/prepare-chunk.ts,
 * finish-preparation.ts) in Node's V8, the engine workerd embeds.
 *
 * Writes ROWS rows × 16 features of the bench's seeded synthetic data as CSV
 * ("-0.1234", label last), then runs the first pass over it with the
 * default limits (4 MiB ranges, 4,000,000 values a moments step) and
 * SHARD_ROWS rows a shard, and prints the CPU (process.cpuUsage, user +
 * system) of each kind of step: median and max over the steps.
 *
 * The bucket is a Map behind the three R2 calls the steps make (get with a
 * range, put, list): a stand-in for timing the CPU of parsing and encoding,
 * not R2's latency. The tests run the same steps against miniflare's R2.
 *
 * Usage: node_modules/.bin/node bench/prepare.mjs  (ROWS=..., SHARD_ROWS=...)
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./wasm-modules.mjs";
import { median, synthetic } from "./workloads.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROWS = Number(process.env.ROWS ?? 300_000);
const SHARD_ROWS = Number(process.env.SHARD_ROWS ?? 10_000);
const COLS = 16;

const bundle = join(root, "bench", "out", "prepare-bundle.mjs");
await bundleForNode(
  {
    root,
    exports: [
      'export { prepareChunk, startPreparation } from "./src/jobs/prepare-chunk";',
      'export { finishPreparation, startFinishing } from "./src/jobs/finish-preparation";',
      'export { DEFAULT_LIMITS } from "./src/input/limits";',
      'export { DEFAULT_DIALECT } from "./src/input/csv-dialect";',
    ],
  },
  bundle,
);
const jobs = await import(pathToFileURL(bundle).href);

/** The R2 calls the steps make, over a Map of byte arrays. */
class MapBucket {
  objects = new Map();
  async put(key, value) {
    const bytes =
      typeof value === "string"
        ? new TextEncoder().encode(value)
        : new Uint8Array(value);
    this.objects.set(key, bytes);
  }
  async get(key, options) {
    const bytes = this.objects.get(key);
    if (bytes === undefined) return null;
    const { offset = 0, length = bytes.length } = options?.range ?? {};
    const part = bytes.slice(offset, offset + length);
    // R2's object body: `body` marks a body (an unmet `onlyIf` has none),
    // the etag is fixed: nothing is uploaded again in the bench.
    return {
      size: bytes.length,
      etag: "bench",
      body: null,
      arrayBuffer: async () => part.buffer,
      json: async () => JSON.parse(new TextDecoder().decode(part)),
    };
  }
  async list({ prefix }) {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix));
    return { objects: keys.map((key) => ({ key })), truncated: false };
  }
  async delete(keys) {
    for (const key of [].concat(keys)) this.objects.delete(key);
  }
}

const data = synthetic(ROWS, COLS, 1);
let csv = "";
for (let i = 0; i < ROWS; i++) {
  const row = [];
  for (let j = 0; j < COLS; j++) row.push(data.x[i * COLS + j].toFixed(4));
  row.push(data.y[i]);
  csv += row.join(",") + "\n";
}
const bucket = new MapBucket();
await bucket.put("datasets/bench", csv);
console.log(
  `${ROWS} rows × ${COLS} features, ${(csv.length / 2 ** 20).toFixed(1)} MiB; shards of ${SHARD_ROWS} rows`,
);

const spec = {
  dataset: "bench",
  dialect: jobs.DEFAULT_DIALECT,
  labels: "required",
  shardRows: SHARD_ROWS,
  validation: { fraction: 0.2, seed: 1 },
  standardize: true,
};
const limits = jobs.DEFAULT_LIMITS;
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const chunkMs = [];
let cursor = jobs.startPreparation();
while (!cursor.done) {
  const start = cpu();
  const before = cursor.offset;
  cursor = await jobs.prepareChunk(bucket, "b", cursor, spec, limits);
  chunkMs.push({ ms: cpu() - start, bytes: cursor.offset - before });
}
const full = chunkMs.filter((c) => c.bytes > limits.jobRangeBytes * 0.9);
const ms = full.map((c) => c.ms);
console.log(
  `prepareChunk: ${chunkMs.length} steps; on a full ${limits.jobRangeBytes} byte range, CPU median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (the first step included)`,
);

const finishMs = [];
let end = jobs.startFinishing();
while (end.phase !== "done") {
  const start = cpu();
  const phase = end.phase;
  end = await jobs.finishPreparation(bucket, "b", cursor, end, spec, limits);
  finishMs.push({ phase, ms: cpu() - start });
}
const labels = finishMs.filter((s) => s.phase === "labels").map((s) => s.ms);
const moments = finishMs.filter((s) => s.phase !== "labels").map((s) => s.ms);
console.log(
  `finishPreparation: labels + split step ${labels[0].toFixed(0)} ms over ${ROWS} rows; ${moments.length} moments steps of up to ${limits.jobStepValues} values, CPU median ${median(moments).toFixed(0)} ms, max ${Math.max(...moments).toFixed(0)} ms`,
);
const memory = process.memoryUsage();
console.log(
  `heap used at the end ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB (the bucket's Map holds the CSV and the shards)`,
);
