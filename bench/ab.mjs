#!/usr/bin/env node
/**
 * `npm run bench:ab -- <rev>`: the engine of this work tree against the
 * engine of git revision <rev> (main before a change, say), on the bench's
 * workloads, in one process, round by round: each round times one training
 * of each engine in turn (which goes first alternates), so the machine's noise (which moves whole runs of
 * `npm run bench` by 2× here) falls on both alike, and the ratio is of
 * medians over the same stretch of time.
 *
 * Both trainings are what a request runs: a fresh Dataset's rows, the
 * service's defaults (bce, lr 1, zero start, logEvery ⌊epochs/10⌋), through
 * the engine bundled as the Worker ships it (its WebAssembly kernel
 * included). A revision with the one training loop exports `trainLinear`
 * (weights {w, b: Float32Array}); an older one `trainLogistic` (b a number,
 * the lab's workloads only). The softmax workloads (zoo, s100k10) train K
 * outputs from zero, lr as bench/workloads.mjs gives it.
 *
 * With --request, each training is a whole training request's work instead
 * (`trainAsRequest` of bench/engine-entry.ts: `fitModel` with its metrics,
 * warnings and score curves), for changes to what comes after the epochs.
 * With --cost, the work of `npm run bench`'s "training + cost" column
 * (`trainAndMeasure`: the training, then the cost and accuracy at the
 * returned weights, the kernel's memory left as a request leaves it), for
 * changes to how the rows are held; both revisions must have it.
 *
 * The mini-batch and class-weighted workloads (diabetes-b64, diabetes-b64w,
 * s100k-b64w, s100k-w) train with `batchSize` and sample weights; with
 * --request or --cost those options are not passed, so leave them out there.
 *
 * With --log-every=N, the cost is logged every N epochs instead (1: every
 * epoch, as the bench's yardstick and the lab's C loop log it).
 *
 * With --cold, each training starts as `npm run bench`'s rounds start an
 * engine's: the process idle for 3 ms and its caches emptied (a 32 MiB walk),
 * as when other contenders ran in between; a small workload's time there is
 * mostly what a training touches for the first time.
 *
 * Options: --only=toy,diabetes,s100k,s1m,zoo,s100k10,diabetes-b64,...
 *   --rounds=N (default: each workload's `rounds.engine`)  --request | --cost
 *   --log-every=N  --cold
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./wasm-modules.mjs";
import {
  median,
  MINIBATCH_WORKLOADS,
  SOFTMAX_WORKLOADS,
  workload,
  WORKLOADS,
} from "./workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const rev = args.find((a) => !a.startsWith("--"));
if (rev === undefined) {
  console.error("usage: npm run bench:ab -- <git revision> [--only=toy,...]");
  process.exit(2);
}
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const rounds = Number(
  args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? NaN,
);
const logEvery = Number(
  args.find((a) => a.startsWith("--log-every="))?.slice(12) ?? NaN,
);
const request = args.includes("--request");
const cold = args.includes("--cold");
const walked = cold ? new Float64Array(4 << 20) : null;
const idle = new Int32Array(new SharedArrayBuffer(4));

/** With --cold: 3 ms idle, then 32 MiB walked, so no cache holds what a training uses. */
function coldStart() {
  if (walked === null) return;
  Atomics.wait(idle, 0, 0, 3);
  for (let i = 0; i < walked.length; i += 8) walked[i] += 1;
}
const cost = args.includes("--cost");
const out = join(here, "out");
mkdirSync(out, { recursive: true });

/**
 * The engine of the tree at `dir`, bundled, as train(data, options,
 * outputs): one output for the lab's workloads, K for softmax ones.
 */
async function engineOf(dir, name) {
  const stub = join(out, `ab-${name}.ts`);
  const entry = JSON.stringify(join(dir, "bench", "engine-entry.ts"));
  writeFileSync(
    stub,
    request
      ? `import { trainAsRequest } from ${entry};
export function train(data: any, options: any, outputs = 1) {
  return trainAsRequest(data, { ...options, classes: outputs === 1 ? 2 : outputs });
}
`
      : cost
        ? `import { trainAndMeasure } from ${entry};
export function train(data: any, options: any, outputs = 1) {
  const { cost } = trainAndMeasure(data, { ...options, classes: outputs === 1 ? 2 : outputs });
  return { history: [{ cost }] };
}
`
        : `import * as engine from ${JSON.stringify(join(dir, "src", "engine", "train.ts"))};
const e: any = engine;
export function train(data: any, options: any, outputs = 1) {
  const w = new Float32Array(outputs * data.cols);
  const b = new Float32Array(outputs);
  return e.trainLinear
    ? e.trainLinear(data, { ...options, initial: { w, b } })
    : e.trainLogistic(data, { ...options, initial: { w, b: 0 } });
}
`,
  );
  const outfile = join(out, `ab-${name}.mjs`);
  await bundleForNode(stub, outfile);
  return (await import(pathToFileURL(outfile).href)).train;
}

const checkout = mkdtempSync(join(tmpdir(), "edge-logreg-ab-"));
let sha;
try {
  sha = execFileSync("git", ["rev-parse", "--short", rev], { cwd: root })
    .toString()
    .trim();
  execFileSync("git", ["worktree", "add", "--detach", checkout, rev], {
    cwd: root,
    stdio: "ignore",
  });
  const engines = {
    [sha]: await engineOf(checkout, "base"),
    "this tree": await engineOf(root, "tree"),
  };
  const names = Object.keys(engines);
  const what = request
    ? "whole training requests"
    : cost
      ? "trainings and their final cost"
      : "trainings";
  console.log(`engine of ${sha} against this tree's, ${what}, interleaved:\n`);
  for (const spec of [
    ...WORKLOADS,
    ...SOFTMAX_WORKLOADS,
    ...MINIBATCH_WORKLOADS,
  ]) {
    if (only && !only.includes(spec.id)) continue;
    const found = workload(spec.id, root);
    if (found === null) continue;
    const w = Number.isNaN(logEvery)
      ? found
      : { ...found, options: { ...found.options, logEvery } };
    const fresh = () => ({ ...w.data, x: w.data.x.slice() });
    const outputs = w.classes === 2 ? 1 : w.classes;
    // Warm-up: V8 optimises each engine before any round is timed.
    for (const name of names) {
      const until = performance.now() + 300;
      for (let k = 0; k < 3 || performance.now() < until; k++) {
        engines[name](fresh(), w.options, outputs);
      }
    }
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const costs = {};
    const n = Number.isNaN(rounds) ? w.rounds.engine : rounds;
    for (let r = 0; r < n; r++) {
      // Each engine goes first in every other round: neither always runs
      // on the caches (or the clock) the other left.
      for (const name of r % 2 === 0 ? names : [...names].reverse()) {
        coldStart();
        const data = fresh();
        const start = performance.now();
        const { history } = engines[name](data, w.options, outputs);
        times[name].push(performance.now() - start);
        // An array of logs, or (since epoch-history.ts) their numbers.
        costs[name] = Array.isArray(history)
          ? history.at(-1).cost
          : history.values.at(
              1 - 3 - (history.dataCost ? 1 : 0) - (history.validation ? 2 : 0),
            );
      }
    }
    const [base, tree] = names.map((name) => median(times[name]));
    const same = costs[names[0]] === costs[names[1]] ? "same" : "DIFFERENT";
    console.log(
      `${w.label.padEnd(34)} ${sha} ${base.toFixed(3).padStart(8)} ms  ` +
        `this tree ${tree.toFixed(3).padStart(8)} ms  ` +
        `ratio ${(tree / base).toFixed(3)}  (${n} rounds; final costs ${same})`,
    );
  }
} finally {
  execFileSync("git", ["worktree", "remove", "--force", checkout], {
    cwd: root,
    stdio: "ignore",
  });
  rmSync(checkout, { recursive: true, force: true });
}
