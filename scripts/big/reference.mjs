/**
 * The float64 reference `npm run big` holds a training job to: full-batch
 * gradient descent on the "bce" loss from zeros, written plainly in Node
 * over the rows read again from the CSV each iteration (csv-blocks.mjs,
 * float32 values as the service stores them).
 *
 * It follows the service's loop (src/engine/fit.ts): iterations
 * 0..epochs, an iteration e with e % logEvery = 0 logs the cost and
 * accuracy of the weights it starts with, then every iteration steps
 * p −= (lr/n)·Σ_i g_i·[x_i, 1] and stores p as float32. Per row, as
 * src/engine/logistic.ts: h = float32(1 / (1 + e^−z)), cost
 * −max(log(h or 1 − h), −100), slope g = h − y (bceSlope). Only the
 * order and precision of the sums differ from the service's kernel.
 */
import { readCsvBlocks } from "./csv-blocks.mjs";

/** `bceSlope` of src/engine/logistic.ts. */
function bceSlope(h, y) {
  const s = h * (1 - h);
  return s >= 1e-12 ? h - y : ((h - y) * s) / 1e-12;
}

/**
 * Trains on the CSV at `path` (`cols` features and a 0/1 label) and returns
 * `{history: [{epoch, cost, accuracy}], w: number[], b, rows}`.
 * `onIteration(epoch, entry | null, seconds)` is called after each
 * iteration (its log entry when it logged one).
 */
export function referenceTraining(
  path,
  { cols, epochs, lr, logEvery, onIteration = () => {} },
) {
  const params = new Float32Array(cols + 1); // init "zeros": [w, b]
  const sums = new Float64Array(cols + 1);
  const history = [];
  let rows = 0;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const started = performance.now();
    const logged = epoch % logEvery === 0;
    sums.fill(0);
    let cost = 0;
    let correct = 0;
    const b = params[cols];
    rows = readCsvBlocks(path, cols, (x, y, count) => {
      for (let i = 0; i < count; i++) {
        const offset = i * cols;
        let z = b;
        for (let j = 0; j < cols; j++) z += x[offset + j] * params[j];
        const h = Math.fround(1 / (1 + Math.exp(-z)));
        const label = y[i];
        if (logged) {
          cost -= Math.max(Math.log(label === 1 ? h : 1 - h), -100);
          if ((h >= 0.5 ? 1 : 0) === label) correct++;
        }
        const g = bceSlope(h, label);
        for (let j = 0; j < cols; j++) sums[j] += g * x[offset + j];
        sums[cols] += g;
      }
    });
    const entry = logged
      ? { epoch, cost: cost / rows, accuracy: correct / rows }
      : null;
    if (entry !== null) history.push(entry);
    const step = lr / rows;
    for (let j = 0; j <= cols; j++) params[j] -= step * sums[j];
    onIteration(epoch, entry, (performance.now() - started) / 1000);
  }
  return {
    history,
    w: Array.from(params.subarray(0, cols)),
    b: params[cols],
    rows,
  };
}
