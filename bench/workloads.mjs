/**
 * The bench's datasets: the lab's toy data, the lab's diabetes CSV, and
 * synthetic data from a seeded generator, so every engine and every run sees
 * the very same float32 numbers.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The lab's six students (Lab 5's x_data, y_data). */
export function toy() {
  return {
    x: new Float32Array([1, 2, 2, 3, 3, 1, 4, 3, 5, 3, 6, 2]),
    y: new Float32Array([0, 0, 0, 1, 1, 1]),
    rows: 6,
    cols: 2,
  };
}

/** The lab's diabetes data: 759 rows, 8 features, label last. */
export function diabetes(root) {
  const path = join(root, "data", "data-03-diabetes.csv");
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const cols = 8;
  const x = new Float32Array(lines.length * cols);
  const y = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(",").map(Number);
    x.set(values.slice(0, cols), i * cols);
    y[i] = values[cols];
  });
  return { x, y, rows: lines.length, cols };
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function generator(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Features uniform in [-1, 1); labels drawn from a hidden logistic model with
 * weights uniform in [-1, 1), so the classes overlap and the cost stays finite
 * at lr 1.
 */
export function synthetic(rows, cols, seed) {
  const next = generator(seed);
  const truth = Array.from({ length: cols }, () => 2 * next() - 1);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (let j = 0; j < cols; j++) {
      const v = 2 * next() - 1;
      x[i * cols + j] = v;
      z += Math.fround(v) * truth[j];
    }
    y[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, rows, cols };
}

/**
 * The workloads of the table. Every engine runs the service's defaults: loss
 * "bce", lr 1, zero start, logEvery max(1, ⌊epochs/10⌋), epochs + 1 updates.
 * `reps` are timed repetitions per engine, after warm-up ones.
 */
export const WORKLOADS = [
  {
    id: "toy",
    label: "toy 6×2, 1000 epochs",
    epochs: 1000,
    load: () => toy(),
    reps: { ts: 301, c: 301, tfjs: 15 },
  },
  {
    id: "diabetes",
    label: "diabetes 759×8, 100 epochs",
    epochs: 100,
    load: (root) => diabetes(root),
    reps: { ts: 101, c: 101, tfjs: 15 },
  },
  {
    id: "s100k",
    label: "synthetic 100,000×32, 20 epochs",
    epochs: 20,
    load: () => synthetic(100_000, 32, 1),
    reps: { ts: 15, c: 15, tfjs: 5 },
  },
  {
    id: "s1m",
    label: "synthetic 1,000,000×16, 5 epochs",
    epochs: 5,
    load: () => synthetic(1_000_000, 16, 2),
    reps: { ts: 7, c: 7, tfjs: 3 },
  },
];

/** The workload named `id`, its data loaded, and the options every engine uses. */
export function workload(id, root) {
  const spec = WORKLOADS.find((w) => w.id === id);
  if (spec === undefined) throw new Error(`no workload ${id}`);
  const data = spec.load(root);
  if (data === null) return null;
  const options = {
    epochs: spec.epochs,
    lr: 1,
    logEvery: Math.max(1, Math.floor(spec.epochs / 10)),
    loss: "bce",
  };
  return { ...spec, data, options };
}

/** The median of `values` (not modified). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
