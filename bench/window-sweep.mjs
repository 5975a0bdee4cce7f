#!/usr/bin/env node
/**
 * `node bench/window-sweep.mjs [rows,cols,epochs] [rounds]`: how big the
 * window of rows over the kernel's bound should be (src/engine/
 * kernel-rows.ts's `windowRows`). Times `trainAndMeasure` (bench/
 * engine-entry.ts: the training, then the cost at the returned weights) on
 * synthetic rows (1,000,000×16, 5 epochs by default) held whole, as the
 * engine did before windows (a fresh memory a training, released after it),
 * against windows of 32 KiB to 1 MiB, round by round in turn so the
 * machine's noise falls on all alike; prints each median and its ratio to
 * the held one, and whether the costs are the same bits. The window is set
 * through kernel.ts's bound (a window is a 128th of it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./wasm-modules.mjs";
import { median, synthetic } from "./workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), "edge-logreg-window-"));
const bundle = join(out, "engine.mjs");
await bundleForNode(join(here, "engine-entry.ts"), bundle);
const engine = await import(pathToFileURL(bundle).href);
rmSync(out, { recursive: true, force: true });

const [rows, cols, epochs] = (process.argv[2] ?? "1000000,16,5")
  .split(",")
  .map(Number);
const rounds = Number(process.argv[3] ?? 15);
const data = synthetic(rows, cols, 2);
const options = {
  epochs,
  lr: 1,
  logEvery: Math.max(1, Math.floor(epochs / 10)),
  classes: 2,
};
// The bound of each: 2^30 holds the rows whole; else a window is bound/128.
const bounds = {
  held: 2 ** 30,
  "32 KiB": 2 ** 22,
  "64 KiB": 2 ** 23,
  "128 KiB": 2 ** 24,
  "256 KiB": 2 ** 25,
  "1 MiB": 2 ** 27,
};
const names = Object.keys(bounds);
const times = Object.fromEntries(names.map((name) => [name, []]));
const costs = {};
console.log(`${rows}×${cols}, ${epochs} epochs, ${rounds} rounds`);
for (let round = 0; round <= rounds; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    engine.setKernelMemoryBound(bounds[name]);
    const start = performance.now();
    const { cost, finalCost, accuracy } = engine.trainAndMeasure(
      { ...data },
      options,
    );
    const ms = performance.now() - start;
    // As the engine left it before windows: the rows' memory let go.
    if (name === "held") engine.releaseKernelMemory(2 ** 24);
    if (round > 0) times[name].push(ms);
    costs[name] = [cost, finalCost, accuracy].join(" ");
  }
}
const held = median(times.held);
for (const name of names) {
  const ms = median(times[name]);
  const same = costs[name] === costs.held ? "same costs" : "COSTS DIFFER";
  console.log(
    `${name.padEnd(8)} ${ms.toFixed(1).padStart(7)} ms  ratio ${(ms / held).toFixed(3)}  ${same}`,
  );
}
engine.setKernelMemoryBound();
