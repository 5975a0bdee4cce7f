#!/usr/bin/env node
/**
 * `npm run bench`: the engine (TypeScript and its WebAssembly kernel) against a plain C loop of the same
 * math and against TensorFlow.js's CPU backend, on the lab's data and on
 * synthetic data; then the CPU time of one diabetes training inside workerd.
 *
 * Each engine runs each workload in a fresh process, one at a time, and the
 * table shows the median of several timed trainings after warm-up ones.
 * Options: --only=toy,diabetes,s100k,s1m  --no-tfjs  --no-c  --no-workerd
 */
import { build } from "esbuild";
import { compiledInBundle } from "./wasm-modules.mjs";
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, release, type as osType } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, workload, WORKLOADS } from "./workloads.mjs";

// TF.js two ways (bench/time-tfjs.mjs): the lab's loop with autodiff, and
// the gradient written out by hand.
const TFJS_LAB = "TF.js, lab loop";
const TFJS_MANUAL = "TF.js, by hand";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(here, "out");
const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const want = (flag) => !args.includes(`--no-${flag}`);
mkdirSync(out, { recursive: true });

/** Runs `node <script> ...args` and parses the JSON line it prints. */
function child(script, ...rest) {
  const stdout = execFileSync(process.execPath, [join(here, script), ...rest], {
    cwd: root,
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.toString().trim().split("\n").at(-1));
}

// The lab's diabetes CSV is not committed; the repository's script fetches it.
if (!existsSync(join(root, "data", "data-03-diabetes.csv"))) {
  const fetched = spawnSync(
    process.execPath,
    [join(root, "data", "fetch-diabetes.mjs")],
    { stdio: "inherit" },
  );
  if (fetched.status !== 0) {
    console.log(
      "data/data-03-diabetes.csv is missing and could not be fetched: run `npm run data`; skipping diabetes\n",
    );
  }
}

// (a) The engine as the Worker ships it: src/engine bundled by esbuild.
const engine = join(out, "engine.mjs");
await build({
  entryPoints: [join(root, "src", "engine", "train.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile: engine,
  logLevel: "error",
  plugins: [compiledInBundle()],
});

// (b) The C yardstick (-O3 -march=native, which
// lets gcc fuse multiply-adds), and with -ffp-contract=off, which rounds
// every product as JavaScript does: the same arithmetic, bit for bit.
const cBuilds = [
  { engine: "C", flags: ["-O3", "-march=native"], binary: "logreg" },
  {
    engine: "C, no FMA",
    flags: ["-O3", "-march=native", "-ffp-contract=off"],
    binary: "logreg-no-fma",
  },
];
let cVersion = null;
if (want("c")) {
  for (const c of cBuilds) {
    const gcc = spawnSync(
      "gcc",
      [...c.flags, "-o", join(out, c.binary), join(here, "logreg.c"), "-lm"],
      { stdio: "inherit" },
    );
    c.ok = gcc.status === 0;
  }
  if (cBuilds.some((c) => c.ok)) {
    cVersion = execFileSync("gcc", ["-dumpfullversion"]).toString().trim();
  } else {
    console.log("gcc failed or is missing: the table has no C rows\n");
  }
}

/**
 * Times a C build on data written to `xPath`, `yPath`; the first `warmUps`
 * trainings are not counted.
 */
function timeC(binary, w, xPath, yPath) {
  const warmUps = Math.max(1, Math.round(w.reps.c / 10));
  const { epochs, lr, logEvery } = w.options;
  const lines = execFileSync(
    join(out, binary),
    [
      xPath,
      yPath,
      w.data.rows,
      w.data.cols,
      epochs,
      lr,
      logEvery,
      warmUps + w.reps.c,
    ].map(String),
  )
    .toString()
    .trim()
    .split("\n")
    .slice(warmUps)
    .map((line) => line.split(" ").map(Number));
  return {
    times: lines.map((l) => l[0]),
    cost: lines.at(-1)[1],
    b: lines.at(-1)[2],
  };
}

const rows = [];
for (const spec of WORKLOADS) {
  if (only && !only.includes(spec.id)) continue;
  const w = workload(spec.id, root);
  if (w === null) continue;
  const macs = w.data.rows * w.data.cols * (w.options.epochs + 1);
  const results = [];
  // Progress as it goes: a workload takes from a second to a few minutes.
  const progress = (engine) => console.log(`${w.label}: timing ${engine}…`);
  progress("engine");
  results.push({ engine: "engine", ...child("time-ts.mjs", engine, w.id) });
  const xPath = join(out, `${w.id}.x.f32`);
  const yPath = join(out, `${w.id}.y.f32`);
  writeFileSync(xPath, w.data.x);
  writeFileSync(yPath, w.data.y);
  for (const c of cBuilds.filter((c) => c.ok)) {
    progress(c.engine);
    results.push({ engine: c.engine, ...timeC(c.binary, w, xPath, yPath) });
  }
  rmSync(xPath);
  rmSync(yPath);
  if (want("tfjs")) {
    for (const [engine, mode] of [
      [TFJS_LAB, "lab"],
      [TFJS_MANUAL, "manual"],
    ]) {
      progress(engine);
      results.push({ engine, ...child("time-tfjs.mjs", w.id, mode) });
    }
  }
  const c = results.find((r) => r.engine === "C");
  for (const r of results) {
    const ms = median(r.times);
    rows.push({
      workload: w.label,
      engine: r.engine,
      ms,
      reps: r.times.length,
      macs: macs / (ms / 1000),
      toC: c ? ms / median(c.times) : NaN,
      cost: r.cost,
    });
  }
}

// The table.
const fmtMs = (ms) =>
  ms < 10 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(1);
const fmtRate = (r) =>
  r >= 1e9
    ? `${(r / 1e9).toFixed(2)} G`
    : r >= 1e6
      ? `${(r / 1e6).toFixed(r >= 1e8 ? 0 : 1)} M`
      : `${(r / 1e3).toFixed(0)} k`;
const table = [
  ["workload", "engine", "median ms", "runs", "MAC/s", "× C", "final cost"],
  ...rows.map((r) => [
    r.workload,
    r.engine,
    fmtMs(r.ms),
    String(r.reps),
    fmtRate(r.macs),
    Number.isNaN(r.toC) ? "-" : `${r.toC.toFixed(2)}×`,
    r.cost.toFixed(8),
  ]),
];
const widths = table[0].map((_, i) =>
  Math.max(...table.map((row) => row[i].length)),
);
const line = (row) =>
  row
    .map((cell, i) =>
      i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
    )
    .join("  ");

const cpu = cpus();
console.log(
  `edge-logreg bench, ${new Date().toISOString()}\n` +
    `machine: ${cpu[0].model}, ${cpu.length} cores, ${osType()} ${release()}; node ${process.version}` +
    (cVersion ? `; gcc ${cVersion}` : "") +
    `; @tensorflow/tfjs ${tfjsVersion()} (cpu backend)\n`,
);
console.log(line(table[0]));
console.log(widths.map((n) => "-".repeat(n)).join("  "));
let last = "";
for (const row of table.slice(1)) {
  console.log(line(row[0] === last ? ["", ...row.slice(1)] : row));
  last = row[0];
}
console.log(`
Every engine: loss bce, lr 1, zero start, epochs + 1 full-batch updates, cost
and accuracy on epochs e % logEvery = 0 with logEvery = max(1, ⌊epochs/10⌋);
final cost = the last logged one. MAC/s counts rows × cols × (epochs + 1)
multiply-adds, one per feature value per update (the pass really does two:
one for the logit, one for the gradient). × C is against the "C" build.
The engine (TypeScript, with its multiply-adds in WebAssembly SIMD) and
"C, no FMA" do the same float64 operations in the same order (only exp and
log differ: glibc's, and the engine's own in src/engine/exp-log.ts), so
their costs agree; "C" lets gcc fuse multiply-adds, which may round
otherwise; TF.js works in float32. C is a plain loop over one row at a
time: a yardstick, not a bound.`);

for (const r of rows.filter((r) => r.engine === "engine")) {
  const tf = (engine) =>
    rows.find((o) => o.workload === r.workload && o.engine === engine);
  const parts = [];
  if (!Number.isNaN(r.toC))
    parts.push(`${r.toC.toFixed(2)}× C (target ≤ 1.5×)`);
  const lab = tf(TFJS_LAB);
  const manual = tf(TFJS_MANUAL);
  if (lab && manual)
    parts.push(
      `${(lab.ms / r.ms).toFixed(1)}× faster than TF.js's lab loop, ` +
        `${(manual.ms / r.ms).toFixed(1)}× than its hand-written gradient (target ≥ 10×)`,
    );
  if (parts.length) console.log(`${r.workload}: engine ${parts.join(", ")}`);
}

if (want("workerd") && (!only || only.includes("diabetes"))) {
  console.log("");
  const cpuRun = spawnSync(process.execPath, [join(here, "workerd-cpu.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  if (cpuRun.status !== 0) console.log("workerd CPU measurement failed");
}

function tfjsVersion() {
  const path = join(
    root,
    "node_modules",
    "@tensorflow",
    "tfjs",
    "package.json",
  );
  return existsSync(path)
    ? JSON.parse(readFileSync(path, "utf8")).version
    : "?";
}
