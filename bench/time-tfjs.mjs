/**
 * Times TensorFlow.js (CPU backend, pure JS) on one workload, in a process
 * of its own, doing what the engine does: full-batch gradient descent from
 * zero weights, epochs + 1 updates, PyTorch's bce slope (h - y, 0 where h has
 * saturated), cost and accuracy only on logged epochs, read back each time.
 * Two ways of writing it:
 * - "lab": the lab's own loop as a TF.js user writes it: the cost
 *   -(y·log h + (1−y)·log(1−h)) (logs clamped at −100) minimised by
 *   tf.train.sgd(lr).minimize(), its gradient by autodiff;
 * - "manual": the gradient written out (Xᵀg / m, one matMul each way,
 *   PyTorch's saturation rule), less work per epoch than autodiff.
 * Usage: node bench/time-tfjs.mjs <workload id> [lab|manual]
 * Prints JSON: {times: [ms, ...], cost, b}.
 */
import * as tf from "@tensorflow/tfjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workload } from "./workloads.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { data, options, reps } = workload(process.argv[2], root);
const { epochs, lr, logEvery } = options;
await tf.setBackend("cpu");

const x = tf.tensor2d(data.x, [data.rows, data.cols]);
const y = tf.tensor2d(data.y, [data.rows, 1]);

const mode = process.argv[3] ?? "manual";

/** The lab's loop: tf.train.sgd minimising the cost, autodiff's gradient. */
function trainLab() {
  const w = tf.variable(tf.zeros([data.cols, 1]));
  const b = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.sgd(lr);
  let cost = NaN;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const logged = epoch % logEvery === 0;
    tf.tidy(() => {
      let h;
      const value = optimizer.minimize(
        () => {
          // Kept past minimize's own tidy, for the accuracy below.
          h = tf.keep(tf.sigmoid(tf.add(tf.matMul(x, w), b)));
          const logH = tf.maximum(tf.log(h), -100);
          const log1H = tf.maximum(tf.log(tf.sub(1, h)), -100);
          return tf.neg(
            tf.mean(tf.add(tf.mul(y, logH), tf.mul(tf.sub(1, y), log1H))),
          );
        },
        logged,
        [w, b],
      );
      if (logged) {
        cost = value.dataSync()[0];
        tf.mean(
          tf.equal(tf.greaterEqual(h, 0.5), tf.cast(y, "bool")),
        ).dataSync();
      }
      h.dispose();
    });
  }
  const bias = b.dataSync()[0];
  w.dispose();
  b.dispose();
  optimizer.dispose();
  return { cost, b: bias };
}

const trainOnce = mode === "lab" ? trainLab : trainManual;

function trainManual() {
  const w = tf.variable(tf.zeros([data.cols, 1]));
  const b = tf.variable(tf.zeros([1]));
  let cost = NaN;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const logged = epoch % logEvery === 0;
    tf.tidy(() => {
      const h = tf.sigmoid(tf.add(tf.matMul(x, w), b));
      const s = tf.mul(h, tf.sub(1, h));
      const g = tf.where(
        tf.greaterEqual(s, 1e-12),
        tf.sub(h, y),
        tf.div(tf.mul(tf.sub(h, y), s), 1e-12),
      );
      if (logged) {
        // -(y log h + (1-y) log(1-h)), each log clamped at -100, for 0/1 labels
        const py = tf.add(tf.mul(y, h), tf.mul(tf.sub(1, y), tf.sub(1, h)));
        cost = -tf.mean(tf.maximum(tf.log(py), -100)).dataSync()[0];
        tf.mean(
          tf.equal(tf.greaterEqual(h, 0.5), tf.cast(y, "bool")),
        ).dataSync();
      }
      const gradW = tf.div(tf.matMul(x, g, true, false), data.rows);
      w.assign(tf.sub(w, tf.mul(lr, gradW)));
      b.assign(tf.sub(b, tf.mul(lr, tf.mean(g))));
    });
  }
  const bias = b.dataSync()[0];
  w.dispose();
  b.dispose();
  return { cost, b: bias };
}

const warmUps = reps.tfjs > 3 ? 2 : 1;
for (let k = 0; k < warmUps; k++) trainOnce();
const times = [];
let result;
for (let k = 0; k < reps.tfjs; k++) {
  const start = performance.now();
  result = trainOnce();
  times.push(performance.now() - start);
}
console.log(JSON.stringify({ times, ...result }));
