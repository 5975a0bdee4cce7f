/**
 * Times the engine (src/engine, bundled) on one workload, in a process of its own.
 * Usage: node bench/time-ts.mjs <engine bundle> <workload id>
 * Prints JSON: {times: [ms, ...], cost, b}.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { workload } from "./workloads.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [bundle, id] = process.argv.slice(2);
const { trainLinear } = await import(pathToFileURL(bundle).href);
const { data, options, reps } = workload(id, root);

function trainOnce() {
  return trainLinear(data, {
    ...options,
    initial: { w: new Float32Array(data.cols), b: new Float32Array(1) },
  });
}

// Warm-up: let V8 optimise the kernels before timing, for at least 0.3 s.
const warmUpUntil = performance.now() + 300;
for (let k = 0; k < 3 || performance.now() < warmUpUntil; k++) trainOnce();

const times = [];
let result;
for (let k = 0; k < reps.ts; k++) {
  const start = performance.now();
  result = trainOnce();
  times.push(performance.now() - start);
}
const { history, weights } = result;
console.log(
  JSON.stringify({ times, cost: history.at(-1).cost, b: weights.b[0] }),
);
