/**
 * The reference oracle of the training loop: the lab's loop for the
 * two-class model as it was before it was made fast (commit a32ae9e,
 * src/engine/train.ts), one row at a time, the loss tested on every row, and
 * each cost with both of the lab's terms. Its exp and log are the engine's
 * (exp-log.ts, tested against Math.exp and Math.log on their own), so that
 * what a comparison with it tests is the order of the sums and the loop.
 */
import type { Dataset } from "../../src/engine/dataset";
import { exp, log } from "../../src/engine/exp-log";
import type { Loss } from "../../src/engine/logistic";
import { logit, probability, softplus } from "../../src/engine/logistic";

/** The lab's options, and a start of one weight per feature and a bias. */
export interface PlainOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  readonly loss: Loss;
  readonly initial: { readonly w: Float32Array; readonly b: number };
  /** Held-out rows: their cost and accuracy at each logged epoch. */
  readonly validation?: Dataset;
}

/** The lab's loop, one row at a time; a divergence is a value, not a throw. */
export function plainTrain(data: Dataset, options: PlainOptions) {
  const { rows, cols } = data;
  const { epochs, lr, logEvery, loss } = options;
  const w = Float32Array.from(options.initial.w);
  let b = Math.fround(options.initial.b);
  const history = [];
  const step = lr / rows;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const { sums, cost, correct } = plainSums(data, { w, b }, loss);
    if (epoch % logEvery === 0) {
      const mean = cost / rows;
      if (!Number.isFinite(mean)) return { diverged: `cost, epoch ${epoch}` };
      const accuracy = correct / rows;
      const held = options.validation;
      if (held === undefined) {
        history.push({ epoch, cost: mean, accuracy });
      } else {
        const v = plainSums(held, { w, b }, loss);
        history.push({
          epoch,
          cost: mean,
          accuracy,
          validationCost: v.cost / held.rows,
          validationAccuracy: v.correct / held.rows,
        });
      }
    }
    for (let j = 0; j < cols; j++) w[j] -= step * sums[j];
    b = Math.fround(b - step * sums[cols]);
    if (!Number.isFinite(b) || !w.every(Number.isFinite)) {
      return { diverged: `weights, epoch ${epoch}` };
    }
  }
  return { history, w: Array.from(w), b };
}

/**
 * One epoch's float64 sums, one row at a time, with the cost (both of the
 * lab's terms) and the rows labelled right: the epoch of `plainTrain`.
 */
export function plainSums(
  data: Dataset,
  weights: { readonly w: Float32Array; readonly b: number },
  loss: Loss,
) {
  const { x, y, rows, cols } = data;
  const sums = new Float64Array(cols + 1);
  let cost = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const z = logit(x, i, cols, weights.w, weights.b);
    const h = probability(z);
    const s = h * (1 - h);
    const g =
      loss === "lab"
        ? 1 / (1 + exp(-z)) - y[i]
        : s >= 1e-12
          ? h - y[i]
          : ((h - y[i]) * s) / 1e-12;
    for (let j = 0; j < cols; j++) sums[j] += g * x[i * cols + j];
    sums[cols] += g;
    cost +=
      loss === "lab"
        ? y[i] * softplus(-z) + (1 - y[i]) * softplus(z)
        : -(
            y[i] * Math.max(log(h), -100) +
            (1 - y[i]) * Math.max(log(1 - h), -100)
          );
    if ((h >= 0.5 ? 1 : 0) === y[i]) correct++;
  }
  return { sums: Array.from(sums), cost, correct };
}
