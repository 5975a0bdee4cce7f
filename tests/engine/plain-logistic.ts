/**
 * The lab's formulas for one sample, in plain JavaScript: the reference
 * the kernel's passes (src/engine/wasm/epoch-pass.wat) are checked against,
 * which src/engine/logistic.ts describes. Moved here from src/ once no
 * pass of the engine called them (commit a21e101 took the last, the
 * mini-batch and weighted passes, into the kernel); the numbers are the
 * same functions', unchanged.
 */
import { exp, log } from "../../src/engine/exp-log";

/**
 * z = x_i · w + b for row `row` of a row-major matrix, summed in float64.
 */
export function logit(
  x: Float32Array,
  row: number,
  cols: number,
  w: Float32Array,
  b: number,
): number {
  let z = b;
  const offset = row * cols;
  for (let j = 0; j < cols; j++) z += x[offset + j] * w[j];
  return z;
}

/**
 * h = 1 / (1 + e^-z), rounded to float32 like `torch.sigmoid` on a float tensor.
 * For large |z|, e^-z overflows to Infinity or underflows to 0, which still
 * gives the right limit (0 or 1), never NaN.
 */
export function probability(z: number): number {
  return Math.fround(1 / (1 + exp(-z)));
}

/** log(1 + e^t) without overflow: max(t, 0) + log1p(e^-|t|). */
export function softplus(t: number): number {
  return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
}

/**
 * The lab's low-level cost of one sample, -(y·log h + (1-y)·log(1-h)),
 * evaluated from the logit: -log h = softplus(-z), -log(1-h) = softplus(z).
 *
 * The label y is 0 or 1, so one term is 0 · softplus(±z), an exact 0 for any
 * finite z; only the other is computed: softplus((1 - 2y)·z).
 */
export function labCost(z: number, y: number): number {
  return softplus((1 - 2 * y) * z);
}

/**
 * `F.binary_cross_entropy` of one sample: -(y·max(log h, -100) +
 * (1-y)·max(log(1-h), -100)), with h the float32 probability as PyTorch has it.
 *
 * The label y is 0 or 1, so one term is 0 · (a number ≥ -100), an exact 0;
 * only the other logarithm is taken, of y·h + (1-y)·(1-h), which is exactly
 * h or 1 - h.
 */
export function bceCost(h: number, y: number): number {
  return -Math.max(log(y * h + (1 - y) * (1 - h)), -100);
}

/** d cost / d z of the "lab" cost for one sample: sigmoid(z) - y, in float64. */
export function labSlope(z: number, y: number): number {
  return 1 / (1 + exp(-z)) - y;
}

/**
 * d cost / d z of the "bce" cost for one sample, from its float32 h.
 *
 * PyTorch's backward: dL/dh = (h - y) / max(h(1-h), 1e-12), times dh/dz =
 * h(1-h); so it is h - y, except where h has saturated to 0 or 1 in float32
 * and the clamped log has no slope.
 */
export function bceSlope(h: number, y: number): number {
  const s = h * (1 - h);
  return s >= 1e-12 ? h - y : ((h - y) * s) / 1e-12;
}
