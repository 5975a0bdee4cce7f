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
import { logit, probability, softplus } from "./plain-logistic";

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
 * Asserts that the kernel's sums and totals are within float32's rounding
 * of the plain loop's. Its logit z_i is a float32 dot product, off by up to
 * dz_i = (cols + 2)·2^-24·(Σ_j |x_ij·w_j| + |b|); a slope moves by at most
 * dz_i/4 with it (the sigmoid's slope is at most 1/4), a row's cost by at
 * most dz_i (|dcost/dz| = |h - y| ≤ 1), and a row with |z_i| ≤ dz_i may be
 * labelled either way. Then sum j is within `FLOAT32_ROOM`·Σ_i |x_ij| (a
 * slope is at most 1 in size) plus Σ_i |x_ij|·dz_i/4 and float32's
 * underflow, the bias's sum within `FLOAT32_ROOM`·rows plus Σ_i dz_i/4, the
 * cost within `FLOAT32_ROOM`·(rows + |cost|) plus Σ_i dz_i. Where Σ_i |x_ij|
 * is past float32's range (2^127), a float32 block sum may overflow where
 * the float64 one does not, so that sum is not compared; where a row's
 * Σ_j |x_ij·w_j| + |b| is, its logit may, and nothing is compared.
 */
export function expectNearPlainSums(
  actual: { sums: number[]; cost: number; correct: number },
  expected: { sums: number[]; cost: number; correct: number },
  data: Dataset,
  weights: { readonly w: Float32Array; readonly b: number },
): void {
  const { x, rows, cols } = data;
  const dz: number[] = [];
  let undecided = 0;
  for (let i = 0; i < rows; i++) {
    let size = Math.abs(weights.b);
    for (let j = 0; j < cols; j++) {
      size += Math.abs(x[i * cols + j] * weights.w[j]);
    }
    if (!(size < 2 ** 127)) return;
    dz.push((cols + 2) * 2 ** -24 * size);
    const z = logit(x, i, cols, weights.w, weights.b);
    if (Math.abs(z) <= dz[i]) undecided++;
  }
  for (let j = 0; j <= cols; j++) {
    let scale = 0;
    let moved = 0;
    for (let i = 0; i < rows; i++) {
      const size = j < cols ? Math.abs(x[i * cols + j]) : 1;
      scale += size;
      moved += (size * dz[i]) / 4;
    }
    if (!(scale < 2 ** 127)) continue;
    // Plus half of float32's least subnormal a product, where they underflow.
    const room = FLOAT32_ROOM * scale + moved + 2 ** -150 * rows;
    if (!(Math.abs(actual.sums[j] - expected.sums[j]) <= room)) {
      throw new Error(
        `sum ${j}: ${actual.sums[j]} is more than ${room} from ${expected.sums[j]}`,
      );
    }
  }
  const room =
    FLOAT32_ROOM * (rows + Math.abs(expected.cost)) +
    dz.reduce((a, b) => a + b, 0);
  if (!(Math.abs(actual.cost - expected.cost) <= room)) {
    throw new Error(
      `cost ${actual.cost} is more than ${room} from ${expected.cost}`,
    );
  }
  if (Math.abs(actual.correct - expected.correct) > undecided) {
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
