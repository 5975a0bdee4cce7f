#!/usr/bin/env node
/**
 * CPU of one training step of a job (src/jobs/train-steps.ts) inside
 * workerd: bench/job-step-worker.ts, served by bench/workerd-cpu.mjs's
 * `serveWorker`, CPU read from /proc schedstat of every workerd thread
 * before and after each request (workerd-cpu.mjs says why).
 *
 * ROWS rows × 16 features of the bench's seeded synthetic data, in shards
 * of SHARD_ROWS rows, PER_STEP shards a step: by default 4 shards of
 * 62,500 rows, the 4,000,000 values of JOB_STEP_VALUES's default. A step
 * decodes its shards and the checkpoint, sums one full-batch pass's
 * gradient over them, and encodes the next checkpoint; R2 and Durable
 * Object round trips are not CPU and are not in it.
 *
 * Usage: node bench/job-step.mjs  (SHARD_ROWS=..., PER_STEP=..., RUNS=...)
 */
import { quantile, serveWorker, stepCpu } from "./workerd-cpu.mjs";
import { median, rowsBody, synthetic } from "./workloads.mjs";

const COLS = 16;
const SHARD_ROWS = Number(process.env.SHARD_ROWS ?? 62_500);
const PER_STEP = Number(process.env.PER_STEP ?? 4);
const RUNS = Number(process.env.RUNS ?? 30);
const ROWS = SHARD_ROWS * PER_STEP;

const { x, y } = synthetic(ROWS, COLS, 7);
const body = rowsBody(x, y);

const { port, pid, stop } = await serveWorker("job-step-worker.ts");
try {
  const query = `cols=${COLS}&shardRows=${SHARD_ROWS}&perStep=${PER_STEP}`;
  const { ms, answer } = await stepCpu(
    port,
    pid,
    `/setup?${query}`,
    body,
    "/step",
    RUNS,
  );
  console.log(
    `one training step in workerd: ${PER_STEP} shards × ${SHARD_ROWS} rows × ${COLS} features = ${answer.values} values, ` +
      `checkpoint ${answer.checkpointBytes} bytes; CPU median ${median(ms).toFixed(1)} ms, ` +
      `p90 ${quantile(ms, 0.9).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms over ${RUNS} steps after 3 warm-ups`,
  );
} finally {
  stop();
}
