/**
 * The reference oracle of the training loop: the lab's loop for the
 * two-class model as it was before it was made fast (commit a32ae9e,
 * src/engine/train.ts), one row at a time, the loss tested on every row, and
 * each cost with both of the lab's terms. Its exp and log are the engine's
 * (exp-log.ts, tested against Math.exp and Math.log on their own), so that
 * what a comparison with it tests is the order of the sums and the loop.
 */
import type { Dataset } from "../../src/engine/dataset";
import { loggedGradientSums } from "../../src/engine/gradient";
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

/** One epoch's sums and totals, as `plainSums` gives them. */
export type EpochSums = typeof plainSums;

/**
 * The lab's loop, one row at a time; a divergence is a value, not a throw.
 * `sumsOf` gives each epoch's sums and totals: the plain loop's own, or
 * `kernelSums`, to test the loop around the kernel's float32 pass to the
 * bit (the pass itself is tested against `plainSums` at `FLOAT32_ROOM`).
 */
export function plainTrain(
  data: Dataset,
  options: PlainOptions,
  sumsOf: EpochSums = plainSums,
) {
  const { rows, cols } = data;
  const { epochs, lr, logEvery, loss } = options;
  const w = Float32Array.from(options.initial.w);
  let b = Math.fround(options.initial.b);
  const history = [];
  const step = lr / rows;
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const { sums, cost, correct } = sumsOf(data, { w, b }, loss);
    if (epoch % logEvery === 0) {
      const mean = cost / rows;
      if (!Number.isFinite(mean)) return { diverged: `cost, epoch ${epoch}` };
      const accuracy = correct / rows;
      const held = options.validation;
      if (held === undefined) {
        history.push({ epoch, cost: mean, accuracy });
      } else {
        const v = sumsOf(held, { w, b }, loss);
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

/**
 * How far the kernel's pass may be from `plainSums`, as a share of each
 * number's scale: it rounds z to float32 for e^-z, takes e^-z and ln in
 * float32 (tests/engine/exp-log.test.ts bounds them) and sums the gradient's
 * products in float32 within blocks of 64 rows (src/engine/wasm/
 * epoch-pass.wat), so each number is float32's rounding (2^-24) times up to
 * 64 terms of a block, 2^-18, from the float64 one; 2^-16 leaves a factor 4.
 */
export const FLOAT32_ROOM = 2 ** -16;

/**
 * Asserts that the kernel's sums and totals are within `FLOAT32_ROOM` of
 * the plain loop's: sum j of Σ_i |x_ij| (a slope is at most 1 in size) and
 * of float32's underflow, the
 * bias's of the rows, the cost of rows + |cost|; the rows right exactly.
 * Where Σ_i |x_ij| is past float32's range (2^127), a float32 block sum may
 * overflow where the float64 one does not, so only that sum is not compared.
 */
export function expectNearPlainSums(
  actual: { sums: number[]; cost: number; correct: number },
  expected: { sums: number[]; cost: number; correct: number },
  data: Dataset,
): void {
  const { x, rows, cols } = data;
  for (let j = 0; j <= cols; j++) {
    let scale = 0;
    for (let i = 0; i < rows; i++)
      scale += j < cols ? Math.abs(x[i * cols + j]) : 1;
    if (!(scale < 2 ** 127)) continue;
    // Plus half of float32's least subnormal a product, where they underflow.
    const room = FLOAT32_ROOM * scale + 2 ** -150 * rows;
    if (Math.abs(actual.sums[j] - expected.sums[j]) > room) {
      throw new Error(
        `sum ${j}: ${actual.sums[j]} is more than ${room} from ${expected.sums[j]}`,
      );
    }
  }
  const room = FLOAT32_ROOM * (rows + Math.abs(expected.cost));
  if (!(Math.abs(actual.cost - expected.cost) <= room)) {
    throw new Error(
      `cost ${actual.cost} is more than ${room} from ${expected.cost}`,
    );
  }
  if (actual.correct !== expected.correct) {
    throw new Error(
      `${actual.correct} rows right, expected ${expected.correct}`,
    );
  }
}

/** `plainSums`'s numbers from the kernel's logged pass (src/engine/gradient.ts). */
export function kernelSums(
  data: Dataset,
  weights: { readonly w: Float32Array; readonly b: number },
  loss: Loss,
) {
  const sums = new Float64Array(data.cols + 1);
  const totals = { cost: 0, correct: 0 };
  loggedGradientSums(sums, totals, data, weights.w, weights.b, loss);
  return { sums: Array.from(sums), ...totals };
}
