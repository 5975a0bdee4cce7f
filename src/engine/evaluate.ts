/**
 * Prediction and training-set metrics of a trained logistic model.
 */
import type { Dataset, Weights } from "./dataset";
import { logit, probability } from "./logistic";

/** Counts of the 2×2 confusion matrix at threshold 0.5 (positive = label 1). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Writes h = sigmoid(x_i · w + b) of each of the `rows` rows of `x` into `out`
 * and returns `out`.
 */
export function predictProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  weights: Weights,
): Float32Array {
  for (let i = 0; i < rows; i++) {
    out[i] = probability(logit(x, i, cols, weights.w, weights.b));
  }
  return out;
}

/** The label a probability stands for: 1 when h >= 0.5, as in the lab. */
export function labelOf(h: number): 0 | 1 {
  return h >= 0.5 ? 1 : 0;
}

/** The confusion matrix of `weights` on `data`. */
export function confusionMatrix(data: Dataset, weights: Weights): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < data.rows; i++) {
    const predicted = labelOf(
      probability(logit(data.x, i, data.cols, weights.w, weights.b)),
    );
    if (predicted === 1) {
      if (data.y[i] === 1) tp++;
      else fp++;
    } else if (data.y[i] === 0) tn++;
    else fn++;
  }
  return { tp, fp, tn, fn };
}

/** Accuracy (fraction correct) of a confusion matrix. */
export function accuracyOf(c: Confusion): number {
  return (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn);
}
