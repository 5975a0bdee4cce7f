/**
 * TensorFlow.js (CPU backend, pure JS) as one contender of bench/run.mjs's
 * rounds, in a process of its own, doing what the engine does: full-batch
 * gradient descent from zero weights, epochs + 1 updates, PyTorch's bce slope
 * (h - y, 0 where h has saturated), cost and accuracy on logged epochs, read
 * back each time, then the cost and accuracy at the returned weights.
 * Two ways of writing it:
 * - "lab": the lab's own loop as a TF.js user writes it: the cost
 *   -(y·log h + (1−y)·log(1−h)) (logs clamped at −100) minimised by
 *   tf.train.sgd(lr).minimize(), its gradient by autodiff;
 * - "manual": the gradient written out (Xᵀg / m, one matMul each way,
 *   PyTorch's saturation rule), less work per epoch than autodiff.
 * Usage: node bench/time-tfjs.mjs <lab|manual> <x.f32> <y.f32> <rows> <cols>
 *   <epochs> <lr>
 * Then one training per stdin line, which holds its logEvery; for each, one
 * line out: "<ms> <last logged cost> <final cost> <final accuracy>".
 */
import * as tf from "@tensorflow/tfjs";
import { createInterface } from "node:readline";
import { readFloats } from "./workloads.mjs";

const [mode, xPath, yPath, ...numbers] = process.argv.slice(2);
const [rows, cols, epochs, lr] = numbers.map(Number);
const data = { x: readFloats(xPath), y: readFloats(yPath), rows, cols };
// TF.js's advice to install its native backend, on every start: not wanted.
console.warn = () => {};
await tf.setBackend("cpu");

const x = tf.tensor2d(data.x, [data.rows, data.cols]);
const y = tf.tensor2d(data.y, [data.rows, 1]);

/** The lab's loop: tf.train.sgd minimising the cost, autodiff's gradient. */
function trainLab(logEvery) {
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
  const final = measure(w, b);
  w.dispose();
  b.dispose();
  optimizer.dispose();
  return { cost, ...final };
}

const trainOnce = mode === "lab" ? trainLab : trainManual;

function trainManual(logEvery) {
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
  const final = measure(w, b);
  w.dispose();
  b.dispose();
  return { cost, ...final };
}

/** The cost (logs clamped at −100) and accuracy at weights w, b. */
function measure(w, b) {
  return tf.tidy(() => {
    const h = tf.sigmoid(tf.add(tf.matMul(x, w), b));
    const py = tf.add(tf.mul(y, h), tf.mul(tf.sub(1, y), tf.sub(1, h)));
    return {
      finalCost: -tf.mean(tf.maximum(tf.log(py), -100)).dataSync()[0],
      accuracy: tf
        .mean(
          tf.cast(
            tf.equal(tf.greaterEqual(h, 0.5), tf.cast(y, "bool")),
            "float32",
          ),
        )
        .dataSync()[0],
    };
  });
}

for await (const line of createInterface({ input: process.stdin })) {
  const logEvery = Number(line);
  if (!(logEvery > 0)) break;
  const start = performance.now();
  const { cost, finalCost, accuracy } = trainOnce(logEvery);
  const ms = performance.now() - start;
  console.log(`${ms} ${cost} ${finalCost} ${accuracy}`);
}
