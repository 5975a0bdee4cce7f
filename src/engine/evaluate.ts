/**
 * The two-class model's passes that need no gradient: probabilities of new
 * rows and labels at 0.5. (Held-out rows are measured by
 * batch-gradient.ts's `costTotals`.)
 */
import { logit, logitsOfFour, probability } from "./logistic";

/** Counts of the 2×2 confusion matrix at threshold 0.5 (positive = label 1). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

// Logits of the current block of four rows (see `logitsOfFour`); the
// functions here run to the end without yielding, so calls never share it.
const z = new Float64Array(4);

/**
 * Writes h = sigmoid(x_i · w + b) of each of the `rows` rows of `x` into `out`
 * and returns `out`.
 */
export function sigmoidProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  w: Float32Array,
  b: number,
): Float32Array {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    logitsOfFour(z, x, i, cols, w, b);
    for (let k = 0; k < 4; k++) out[i + k] = probability(z[k]);
  }
  for (; i < rows; i++) out[i] = probability(logit(x, i, cols, w, b));
  return out;
}

/** The label a probability stands for: 1 when h >= 0.5, as in the lab. */
export function labelOf(h: number): 0 | 1 {
  return h >= 0.5 ? 1 : 0;
}

/**
 * 1 when `labelOf(h)` is y, else 0, for a probability h that is a float32
 * value (as `probability` gives) and a label y of 0 or 1. Arithmetic, not a
 * comparison: a branch on it is a coin toss wherever the model is unsure,
 * and the CPU's mispredictions took 11% of the bench's 1,000,000-row run.
 */
export function labelMatches(h: number, y: number): number {
  // h + 0.5 reaches 1 exactly when h >= 0.5: a float32 below 0.5 is at most
  // 0.5 − 2^-25, so h + 0.5 is then at most 1 − 2^-25, a double below 1.
  return 1 - Math.abs(Math.floor(h + 0.5) - y);
}

/** Accuracy (fraction correct) of a confusion matrix. */
export function accuracyOf(c: Confusion): number {
  return (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn);
}
