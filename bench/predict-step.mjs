#!/usr/bin/env node
/**
 * CPU of one `score k` step and of the `metrics` step of a labelled
 * prediction job (src/jobs/predict-steps.ts, output-steps.ts) inside
 * workerd: bench/predict-step-worker.ts, served by bench/workerd-cpu.mjs's
 * `serveWorker`, CPU read from /proc schedstat of every workerd thread
 * before and after each request (workerd-cpu.mjs says why).
 *
 * ROWS rows × 16 features of the bench's seeded synthetic data (CLASSES
 * classes: 2, a sigmoid; more, a softmax), in shards of SHARD_ROWS rows:
 * by default 4 shards of 142,857 rows, what JOB_STEP_VALUES's default
 * 4,000,000 values gives 16 features and one output (predict-steps.ts's
 * `predictShardRows`). R2 and Durable Object round trips are not CPU and
 * are not in it.
 *
 * Usage: node bench/predict-step.mjs  (CLASSES=..., SHARD_ROWS=..., SHARDS=..., RUNS=...)
 */
import { quantile, serveWorker, stepCpu } from "./workerd-cpu.mjs";
import { median, rowsBody, synthetic, syntheticClasses } from "./workloads.mjs";

const COLS = 16;
const CLASSES = Number(process.env.CLASSES ?? 2);
const OUTPUTS = CLASSES === 2 ? 1 : CLASSES;
const SHARD_ROWS = Number(
  process.env.SHARD_ROWS ?? Math.floor(4_000_000 / (COLS + 6 * (OUTPUTS + 1))),
);
const SHARDS = Number(process.env.SHARDS ?? 4);
const RUNS = Number(process.env.RUNS ?? 20);
const ROWS = SHARD_ROWS * SHARDS;

const { x, y } =
  CLASSES === 2
    ? synthetic(ROWS, COLS, 7)
    : syntheticClasses(ROWS, COLS, CLASSES, 7);
const body = rowsBody(x, y);

const { port, pid, stop } = await serveWorker("predict-step-worker.ts");
try {
  let setup = `/setup?cols=${COLS}&classes=${CLASSES}&shardRows=${SHARD_ROWS}`;
  for (const path of ["/step", "/metrics"]) {
    const { ms, answer } = await stepCpu(port, pid, setup, body, path, RUNS);
    setup = null;
    console.log(
      `${path === "/step" ? "one score step" : "the metrics step"} of a prediction job in workerd: ` +
        `${SHARDS} shards × ${SHARD_ROWS} rows × ${COLS} features, ${CLASSES} classes; ${JSON.stringify(answer)}; ` +
        `CPU median ${median(ms).toFixed(1)} ms, p90 ${quantile(ms, 0.9).toFixed(1)} ms, ` +
        `max ${Math.max(...ms).toFixed(1)} ms over ${RUNS} requests after 3 warm-ups`,
    );
  }
} finally {
  stop();
}
