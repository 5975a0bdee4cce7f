#!/usr/bin/env node
/**
 * `npm run bench`: the engine against a C loop of the same work, PyTorch's
 * lab loop and TensorFlow.js's CPU backend, on the lab's data and synthetic
 * data; softmax regression against PyTorch; the CPU of a diabetes training
 * request inside workerd.
 *
 * The work, the same for every contender: full-batch gradient descent from
 * zero, the cost computed every epoch, and the cost at the returned weights
 * once at the end, as a training request computes it for its metrics. The
 * engine runs as the Worker ships it: bench/engine-entry.ts (`fitModel`, what
 * a training request calls) bundled by esbuild with its WebAssembly, on a
 * fresh Dataset each call; and, as "engine, training + cost", the training
 * alone and the engine's pass for the final cost, to show what the metrics
 * of a request add. Beside it, the same work with the cost on the
 * lab's cadence only (logEvery max(1, ⌊epochs/10⌋)).
 *
 * Every contender is a process of its own (bench/contender.mjs), warmed up
 * by one training, then timed in interleaved rounds; the tables give medians.
 * Options: --only=toy,diabetes,s100k,s1m,zoo,s100k10  --rounds=N  --no-c
 *   --no-torch  --no-tfjs  --no-workerd
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, type as osType } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildC } from "./c-yardstick.mjs";
import { Contender, interleave } from "./contender.mjs";
import * as report from "./report.mjs";
import { bundleForNode } from "./wasm-modules.mjs";
import { workerdCpu } from "./workerd-cpu.mjs";
import { SOFTMAX_WORKLOADS, workload, WORKLOADS } from "./workloads.mjs";

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(here, "out");
const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const roundsArg = Number(
  args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? NaN,
);
const want = (flag) => !args.includes(`--no-${flag}`);
const say = (line) => console.log(line);
const PYTHON = "/usr/bin/python3";
const EVERY = "cost every epoch";
mkdirSync(out, { recursive: true });

// The lab's diabetes CSV is not committed; the repository's script fetches it.
if (!existsSync(join(root, "data", "data-03-diabetes.csv"))) {
  spawnSync(process.execPath, [join(root, "data", "fetch-diabetes.mjs")], {
    stdio: "inherit",
  });
}

// The engine as the Worker ships it: bundled by esbuild, its WebAssembly in.
const bundle = join(out, "engine.mjs");
await bundleForNode(join(here, "engine-entry.ts"), bundle);
const cBuilds = want("c") ? buildC(join(here, "logreg.c"), out, say) : [];
const torch = want("torch") ? torchVersion() : null;
if (want("torch") && torch === null) {
  say(
    `${PYTHON} has no torch (apt-get install python3-torch): PyTorch left out`,
  );
}

/** Rounds of a kind of contender on `spec`: its own, or --rounds (TF.js: at most its own). */
const roundsOf = (spec, kind) =>
  Number.isNaN(roundsArg)
    ? spec.rounds[kind]
    : kind === "tfjs"
      ? Math.min(roundsArg, spec.rounds.tfjs)
      : roundsArg;

/** Writes the workload's rows where the contenders read them; returns their argv tail. */
function dataArgs(w) {
  const x = join(out, `${w.id}.x.f32`);
  const y = join(out, `${w.id}.y.f32`);
  writeFileSync(x, w.data.x);
  writeFileSync(y, w.data.y);
  return [x, y, w.data.rows, w.data.cols, w.epochs, w.options.lr].map(String);
}

const node = (script, ...rest) => [
  process.execPath,
  [join(here, script), ...rest],
];
const python = (...rest) => [PYTHON, [join(here, "time-torch.py"), ...rest]];

const labResults = [];
for (const spec of WORKLOADS) {
  if (only && !only.includes(spec.id)) continue;
  const w = workload(spec.id, root);
  if (w === null) {
    say(`${spec.label}: no data (npm run data), left out`);
    continue;
  }
  const data = dataArgs(w);
  const lab = {
    name: `cost every ${w.options.logEvery} epochs`,
    logEvery: w.options.logEvery,
  };
  // With fewer than 20 epochs the lab's cadence is every epoch: one mode.
  const modes =
    lab.logEvery > 1
      ? [{ name: EVERY, logEvery: 1 }, lab]
      : [{ name: EVERY, logEvery: 1 }];
  const fast = roundsOf(spec, "engine");
  const contenders = [
    new Contender(
      report.ENGINE,
      ...node("time-engine.mjs", "request", bundle, ...data, "2"),
      fast,
    ),
    new Contender(
      report.ENGINE_TRAINING,
      ...node("time-engine.mjs", "training", bundle, ...data, "2"),
      fast,
    ),
    ...cBuilds.map((c) => new Contender(c.name, c.path, data, fast)),
  ];
  if (torch)
    contenders.push(
      new Contender(
        report.TORCH,
        ...python("lab", ...data, "2"),
        roundsOf(spec, "torch"),
      ),
    );
  if (want("tfjs")) {
    contenders.push(
      new Contender(
        report.TFJS_LAB,
        ...node("time-tfjs.mjs", "lab", ...data),
        roundsOf(spec, "tfjs"),
      ),
      new Contender(
        report.TFJS_MANUAL,
        ...node("time-tfjs.mjs", "manual", ...data),
        roundsOf(spec, "tfjs"),
      ),
    );
  }
  const times = await interleave(w.label, contenders, modes, say);
  await Promise.all(contenders.map((c) => c.close()));
  const stats = report.statsOf(times);
  if (modes.length === 1)
    for (const s of Object.values(stats)) s[lab.name] = s[EVERY];
  labResults.push({ label: w.label, stats, lab });
}

const softmaxResults = [];
for (const spec of SOFTMAX_WORKLOADS) {
  if (only && !only.includes(spec.id)) continue;
  if (!torch) {
    say(`${spec.label}: left out, it is timed against PyTorch only`);
    continue;
  }
  const w = workload(spec.id, root);
  const data = dataArgs(w);
  const classes = String(w.classes);
  const contenders = [
    new Contender(
      report.ENGINE,
      ...node("time-engine.mjs", "request", bundle, ...data, classes),
      roundsOf(spec, "engine"),
    ),
    new Contender(
      report.ENGINE_TRAINING,
      ...node("time-engine.mjs", "training", bundle, ...data, classes),
      roundsOf(spec, "engine"),
    ),
    new Contender(
      report.TORCH_SOFTMAX,
      ...python("softmax", ...data, classes),
      roundsOf(spec, "torch"),
    ),
  ];
  const times = await interleave(
    w.label,
    contenders,
    [{ name: EVERY, logEvery: 1 }],
    say,
  );
  await Promise.all(contenders.map((c) => c.close()));
  softmaxResults.push({ label: w.label, stats: report.statsOf(times) });
}

let cpu = null;
if (want("workerd") && (!only || only.includes("diabetes"))) {
  say("");
  try {
    cpu = await workerdCpu(say);
  } catch (error) {
    say(`workerd CPU measurement failed: ${error.message}`);
  }
}

// The report: how it was run, the checks, then the tables to paste.
const machine = cpus();
const gcc = cBuilds.length
  ? `; gcc ${spawnSync("gcc", ["-dumpfullversion"]).stdout.toString().trim()}`
  : "";
say(`
edge-logreg bench, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}
machine: ${machine[0].model}, ${machine.length} cores, ${osType()} ${release()}; node ${process.version}${gcc}${torch ? `; PyTorch ${torch} (1 thread)` : ""}; @tensorflow/tfjs ${tfjsVersion()} (cpu backend)
Every contender: full-batch gradient descent from zero, loss bce (PyTorch's lab
loop: its own cost, the same where no h saturates), epochs + 1 updates, the
cost computed every epoch, then the cost and accuracy at the returned weights.
Medians of interleaved rounds, after one warm-up training each.
`);
for (const line of report.costChecks(
  [...labResults, ...softmaxResults],
  EVERY,
  1e-6,
))
  say(line);
if (labResults.length) {
  say(
    `\nTime over the C yardstick's (lower is faster); the last column with the cost every logEvery epochs only, the lab's cadence:\n`,
  );
  say(report.ratioTable(labResults, EVERY));
  say(`\nTargets (✓ met, ✗ not), cost every epoch:\n`);
  say(report.targetTable(labResults, EVERY));
}
if (softmaxResults.length) {
  say(
    `\nSoftmax regression (nn.Linear(d, K), F.cross_entropy, optim.SGD; zero start, full batch, cost every epoch):\n`,
  );
  say(report.softmaxTable(softmaxResults, EVERY));
}
if (cpu) {
  say(
    `\nworkerd CPU of a diabetes training request (CSV, 100 epochs, its metrics): warm ${cpu.warm.toFixed(2)} ms ` +
      `(median; p90 ${cpu.p90.toFixed(2)} ms; target ≤ 3.33 ms, a third of the Free plan's 10 ms: ${cpu.warm <= 10 / 3 ? "✓" : "✗"}), ` +
      `first request ${cpu.first.toFixed(1)} ms`,
  );
}
say(`\nThe bench took ${((performance.now() - started) / 1000).toFixed(0)} s.`);

function torchVersion() {
  const probe = spawnSync(PYTHON, [
    "-c",
    "import torch; print(torch.__version__)",
  ]);
  return probe.status === 0 ? probe.stdout.toString().trim() : null;
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
