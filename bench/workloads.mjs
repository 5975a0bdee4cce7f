/**
 * The bench's datasets: the lab's toy data, the lab's diabetes CSV, the zoo
 * CSV of the softmax lab, and synthetic data from a seeded generator, so
 * every engine and every run sees the very same float32 numbers (bench/run.mjs
 * writes them to files that every contender reads).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generator } from "./seeded.mjs";

/** The lab's six students (Lab 5's x_data, y_data). */
export function toy() {
  return {
    x: new Float32Array([1, 2, 2, 3, 3, 1, 4, 3, 5, 3, 6, 2]),
    y: new Float32Array([0, 0, 0, 1, 1, 1]),
    rows: 6,
    cols: 2,
  };
}

/** The lab's diabetes data: 759 rows, 8 features, label last; null if not fetched. */
export function diabetes(root) {
  return labelledCsv(join(root, "data", "data-03-diabetes.csv"), 8);
}

/** The zoo data of the softmax lab: 101 animals, 16 features, the class 0..6 last. */
export function zoo(root) {
  return labelledCsv(join(root, "data", "data-04-zoo.csv"), 16);
}

/**
 * The rows of a CSV file of `cols` features and a label each, skipping lines
 * that start with "#" (where a file says where it came from); null when the
 * file is not there.
 */
function labelledCsv(path, cols) {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, "utf8")
    .trim()
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("#"));
  const x = new Float32Array(lines.length * cols);
  const y = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(",").map(Number);
    x.set(values.slice(0, cols), i * cols);
    y[i] = values[cols];
  });
  return { x, y, rows: lines.length, cols };
}

export { generator };

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
 * Rows as one body, what bench/job-step-worker.ts and
 * predict-step-worker.ts take at /setup: the features `x` (float32, rows ×
 * cols) then the labels `y` (float32), their bytes end to end.
 */
export function rowsBody(x, y) {
  const body = new Uint8Array(x.byteLength + y.byteLength);
  body.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), 0);
  body.set(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), x.byteLength);
  return body;
}

/**
 * Features uniform in [-1, 1); each label drawn from a hidden softmax model
 * of `classes` outputs with weights uniform in [-1, 1) and zero biases.
 */
export function syntheticClasses(rows, cols, classes, seed) {
  const next = generator(seed);
  const truth = Array.from({ length: classes * cols }, () => 2 * next() - 1);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  const e = new Float64Array(classes);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x[i * cols + j] = 2 * next() - 1;
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      let z = 0;
      for (let j = 0; j < cols; j++) z += x[i * cols + j] * truth[k * cols + j];
      e[k] = Math.exp(z);
      sum += e[k];
    }
    let u = next() * sum;
    let k = 0;
    while (k < classes - 1 && u >= e[k]) u -= e[k++];
    y[i] = k;
  }
  return { x, y, rows, cols };
}

/** The float32 values of a file of little-endian float32s. */
export function readFloats(path) {
  const bytes = readFileSync(path);
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

/**
 * The lab's workloads (one sigmoid output). Every engine runs the service's
 * defaults: loss "bce", lr 1, zero start, epochs + 1 updates. `rounds`: how
 * many interleaved rounds each kind of contender is timed in (the engine
 * and C in all; PyTorch and TF.js, much slower on small data, in the first
 * ones only).
 */
export const WORKLOADS = [
  {
    id: "toy",
    label: "toy 6×2, 1000 epochs",
    epochs: 1000,
    load: () => toy(),
    rounds: { engine: 101, torch: 21, tfjs: 7 },
  },
  {
    id: "diabetes",
    label: "diabetes 759×8, 100 epochs",
    epochs: 100,
    load: (root) => diabetes(root),
    rounds: { engine: 101, torch: 31, tfjs: 7 },
  },
  {
    id: "s100k",
    label: "synthetic 100,000×32, 20 epochs",
    epochs: 20,
    load: () => synthetic(100_000, 32, 1),
    rounds: { engine: 11, torch: 11, tfjs: 3 },
  },
  {
    id: "s1m",
    label: "synthetic 1,000,000×16, 5 epochs",
    epochs: 5,
    load: () => synthetic(1_000_000, 16, 2),
    rounds: { engine: 7, torch: 7, tfjs: 3 },
  },
];

/**
 * Softmax regression over K classes against PyTorch's `nn.Linear(d, K)`,
 * `F.cross_entropy` and `optim.SGD`: the zoo lab's data (its lr 0.1) and a
 * synthetic set of 10 classes.
 */
export const SOFTMAX_WORKLOADS = [
  {
    id: "zoo",
    label: "zoo 101×16, 7 classes, 1000 epochs",
    epochs: 1000,
    lr: 0.1,
    classes: 7,
    load: (root) => zoo(root),
    rounds: { engine: 31, torch: 31 },
  },
  {
    id: "s100k10",
    label: "synthetic 100,000×32, 10 classes, 20 epochs",
    epochs: 20,
    lr: 1,
    classes: 10,
    load: () => syntheticClasses(100_000, 32, 10, 3),
    rounds: { engine: 3, torch: 3 },
  },
];

/**
 * Mini-batch and class-weighted trainings of the lab's model, for
 * `npm run bench:ab` (the other contenders have no such options, so
 * bench/run.mjs leaves them out): `batchSize` rows a step, shuffled with
 * seed 0, and with `balanced` each row weighted as scikit-learn's
 * `class_weight="balanced"` weighs its class, n / (2·n_c).
 */
export const MINIBATCH_WORKLOADS = [
  {
    id: "diabetes-b64",
    label: "diabetes, batches of 64",
    epochs: 100,
    batchSize: 64,
    balanced: false,
    load: (root) => diabetes(root),
    rounds: { engine: 101 },
  },
  {
    id: "diabetes-b64w",
    label: "diabetes, batches of 64, balanced",
    epochs: 100,
    batchSize: 64,
    balanced: true,
    load: (root) => diabetes(root),
    rounds: { engine: 101 },
  },
  {
    id: "s100k-b64w",
    label: "100,000×32, 2 epochs, b64, balanced",
    epochs: 2,
    batchSize: 64,
    balanced: true,
    load: () => synthetic(100_000, 32, 1),
    rounds: { engine: 11 },
  },
  {
    id: "s100k-w",
    label: "100,000×32, 20 epochs, balanced",
    epochs: 20,
    balanced: true,
    load: () => synthetic(100_000, 32, 1),
    rounds: { engine: 11 },
  },
];

/**
 * Each row's weight under scikit-learn's `class_weight="balanced"` for
 * labels 0 and 1: n / (2·n_c), n_c the rows of its class.
 */
export function balancedWeights(y) {
  const counts = [0, 0];
  for (const label of y) counts[label]++;
  return Float32Array.from(y, (label) => y.length / (2 * counts[label]));
}

/**
 * The workload named `id` (of any list), its data loaded, and the options
 * every engine uses; logEvery is the lab's cadence, max(1, ⌊epochs/10⌋).
 */
export function workload(id, root) {
  const spec = [
    ...WORKLOADS,
    ...SOFTMAX_WORKLOADS,
    ...MINIBATCH_WORKLOADS,
  ].find((w) => w.id === id);
  if (spec === undefined) throw new Error(`no workload ${id}`);
  const data = spec.load(root);
  if (data === null) return null;
  const options = {
    epochs: spec.epochs,
    lr: spec.lr ?? 1,
    logEvery: Math.max(1, Math.floor(spec.epochs / 10)),
    loss: "bce",
    ...(spec.batchSize === undefined
      ? {}
      : { batchSize: spec.batchSize, seed: 0 }),
    ...(spec.balanced ? { sampleWeights: balancedWeights(data.y) } : {}),
  };
  return { classes: 2, ...spec, data, options };
}

/** The median of `values` (not modified). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
