#!/usr/bin/env node
// Load check: starts the Worker under `wrangler dev` on a free local port with
// its local KV, trains the lab's toy model, then drives one-row predictions
// and, as the baseline, the Worker's empty /health route with autocannon at 50
// connections for a bounded time, alternating the two. Prints requests/s and
// latency percentiles and the ratio of the two; exits non-zero on any error
// or non-2xx answer.
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

  const targets = [
    ["empty route", `${base}/health`],
    ["predict", `${base}/v1/models/load-toy/predict?x=4,3`],
  ];
  for (const [, url] of targets) await run({ url, connections, duration: 2 }); // warm-up
  // Two rounds of each, alternating, so a slow patch of the machine hits both.
  const results = new Map(targets.map(([name]) => [name, []]));
  for (let round = 0; round < 2; round++) {
    for (const [name, url] of targets) {
      results
        .get(name)
        .push(await run({ url, connections, duration: seconds / 2 }));
    }
  }
  console.log(
    `load check under wrangler dev, ${connections} connections, ${seconds} s per route (${new Date().toISOString().slice(0, 10)})`,
  );
  console.log("route         requests  req/s   p50 ms  p99 ms  errors");
  const rates = {};
  let errors = 0;
  for (const [name] of targets) {
    const rounds = results.get(name);
    const total = rounds.reduce((n, r) => n + r.requests.total, 0);
    const rate =
      rounds.reduce((n, r) => n + r.requests.average, 0) / rounds.length;
    const p50 = Math.max(...rounds.map((r) => r.latency.p50));
    const p99 = Math.max(...rounds.map((r) => r.latency.p99));
    const failed = rounds.reduce(
      (n, r) => n + r.errors + r.timeouts + r.non2xx,
      0,
    );
    rates[name] = rate;
    errors += failed;
    console.log(
      `${name.padEnd(13)} ${String(total).padStart(8)}  ${rate.toFixed(0).padStart(5)}  ${String(p50).padStart(6)}  ${String(p99).padStart(6)}  ${failed}`,
    );
  }
  console.log(
    `predict reaches ${((100 * rates.predict) / rates["empty route"]).toFixed(0)}% of the empty route's requests/s (p50/p99: worst of the rounds)`,
  );
  failed = errors > 0;
} finally {
  process.kill(-worker.pid, "SIGTERM");
}
process.exit(failed ? 1 : 0);
