#!/usr/bin/env node
// Load check: starts the Worker under `wrangler dev` on a free local port with
// its local KV, trains the lab's toy model, then drives one-row predictions
// with autocannon at 50 connections for a bounded time. Prints requests/s and
// latency percentiles; exits non-zero on any error or non-2xx answer.
//   npm run load                 (10 s)
//   LOAD_SECONDS=30 npm run load
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import autocannon from "autocannon";

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const token = "load-check-token";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function startWorker(port) {
  const child = spawn(
    "wrangler",
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--var",
      `API_TOKEN:${token}`,
      "--var",
      "LOG_LEVEL:silent",
      "--persist-to",
      "bench/out/load-state",
      "--show-interactive-dev-session=false",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`wrangler dev did not start:\n${output}`)),
      60_000,
    );
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Ready on")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) =>
      reject(new Error(`wrangler dev exited with ${code}:\n${output}`)),
    );
  });
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const port = await freePort();
const worker = await startWorker(port);
const base = `http://127.0.0.1:${port}`;
let failed = false;
try {
  const trained = await fetch(`${base}/v1/models/load-toy`, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      x: [
        [1, 2],
        [2, 3],
        [3, 1],
        [4, 3],
        [5, 3],
        [6, 2],
      ],
      y: [0, 0, 0, 1, 1, 1],
      epochs: 1000,
    }),
  });
  if (trained.status !== 201)
    throw new Error(
      `training answered ${trained.status}: ${await trained.text()}`,
    );

  const url = `${base}/v1/models/load-toy/predict?x=4,3`;
  await run({ url, connections, duration: 2 }); // warm-up, not reported
  const result = await run({ url, connections, duration: seconds });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `load check: GET /v1/models/{name}/predict?x=4,3 under wrangler dev (${new Date().toISOString().slice(0, 10)})`,
  );
  console.log(
    `connections ${connections}, ${seconds} s, ${result.requests.total} requests`,
  );
  console.log(`requests/s  mean ${result.requests.average.toFixed(0)}`);
  console.log(
    `latency ms  p50 ${result.latency.p50}  p90 ${result.latency.p90}  p99 ${result.latency.p99}  max ${result.latency.max}`,
  );
  console.log(
    `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  failed = errors > 0;
} finally {
  process.kill(-worker.pid, "SIGTERM");
}
process.exit(failed ? 1 : 0);
