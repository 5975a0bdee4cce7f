#!/usr/bin/env node
// Load check: starts the Worker under `wrangler dev` on a free local port with
// its local KV, trains the lab's toy model, then drives one-row predictions
// and, as the baseline, the Worker's empty /health route with autocannon at 50
// connections for a bounded time, alternating the two. Prints requests/s and
// latency percentiles and the ratio of the two. Then the mixed run
// (mixed-load.mjs): trainings, predictions, reads and deletes of the same
// names at once, and a check of the store afterwards. Exits non-zero on any
// error (a non-2xx answer in the first part; in the mixed run a 5xx, a
// network error or a status the route must not give) or lost, duplicated or
// resurrected version.
//   npm run load                         (10 s, then the mixed run's 15 s)
//   LOAD_SECONDS=30 LOAD_MIXED_SECONDS=30 LOAD_MIXED_LOOPS=32 npm run load
//   LOAD_RUN=mixed npm run load          (only the mixed run; or predict)
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { startDevServer } from "./dev-server.mjs";
import { mixedRun } from "./mixed-load.mjs";

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const runs = process.env.LOAD_RUN ?? "all";
const mixed = {
  seconds: Number(process.env.LOAD_MIXED_SECONDS ?? 15),
  loops: Number(process.env.LOAD_MIXED_LOOPS ?? 16),
};
const token = "load-check-token";

/** A progress line, so no stretch of the run is silent. */
function progress(line) {
  console.log(`... ${line}`);
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * Predictions against the empty route, with autocannon; prints the table and
 * resolves to the number of errors and non-2xx answers.
 */
async function predictRun(base) {
  const trained = await fetch(`${base}/v1/models/load-toy`, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    },
    body: readFileSync(new URL("../data/toy.json", import.meta.url)),
  });
  if (trained.status !== 201)
    throw new Error(
      `training answered ${trained.status}: ${await trained.text()}`,
    );

  const targets = [
    ["empty route", `${base}/health`],
    ["predict", `${base}/v1/models/load-toy/predict?x=4,3`],
  ];
  progress("warming up both routes, 2 s each");
  for (const [, url] of targets) await run({ url, connections, duration: 2 });
  // Two rounds of each, alternating, so a slow patch of the machine hits both.
  const results = new Map(targets.map(([name]) => [name, []]));
  for (let round = 0; round < 2; round++) {
    for (const [name, url] of targets) {
      progress(`round ${round + 1} of 2: ${name}, ${seconds / 2} s`);
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
  return errors;
}

progress("starting wrangler dev (about 10 s)");
const worker = await startDevServer({ API_TOKEN: token, LOG_LEVEL: "silent" });
progress(`serving at ${worker.url}`);
let failures = 0;
try {
  if (runs !== "mixed") failures += await predictRun(worker.url);
  if (runs !== "predict") {
    progress(
      `mixed run: trainings, predictions, reads and deletes at once, ${mixed.seconds} s`,
    );
    const report = await mixedRun(worker.url, token, mixed);
    console.log(report.lines.join("\n"));
    failures += report.failures;
  }
} finally {
  worker.stop();
}
process.exit(failures > 0 ? 1 : 0);
