/**
 * The passes over the rows of the one model of the service, a linear map of
 * d features to K outputs (weights.ts), whatever the number of classes.
 *
 * - Two classes: K = 1 output, the lab's `sigmoid(x·w + b)`, trained on the
 *   lab's cost (`loss`: "bce" or "lab", logistic.ts) and labelled 1 when
 *   h ≥ a threshold.
 * - C ≥ 3 classes: K = C outputs, a softmax over them, trained on
 *   `F.cross_entropy` (softmax.ts) and labelled with the most likely class.
 *
 * The weights have one layout for both, W (K × d, row by row) then b (K), so
 * the number of classes is a value: this file is where it chooses the
 * kernels of training and prediction.
 */
import { batchGradientSums, costTotals } from "./batch-gradient";
import type { Dataset } from "./dataset";
import { costAndAccuracy, sigmoidProbabilities } from "./evaluate";
import { gradientSums, loggedGradientSums, type EpochTotals } from "./gradient";
import type { Loss } from "./logistic";
import type { LinearWeights } from "./weights";
import {
  predictedClasses,
  softmaxCostAndAccuracy,
  softmaxPass,
  softmaxProbabilities,
} from "./softmax";

/**
 * The passes over rows that training needs, for parameters `params` laid out
 * as [W, b]; each reads `params` as it is when called.
 */
export interface LinearPasses {
  /**
   * The whole of `data` in row order, unweighted: the gradient sums into
   * `sums` (divide by the rows) and, with `totals`, the summed cost and the
   * rows labelled right.
   */
  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset): void;
  /**
   * The gradient sums of the rows `order[start..end)` (start..end when
   * `order` is null), each times its weight in `weights` (1 when null).
   */
  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ): void;
  /** Σ_i s_i·cost_i over all of `data`, and the rows labelled right. */
  totals(
    totals: EpochTotals,
    data: Dataset,
    weights: Float32Array | null,
  ): void;
  /** The unweighted mean cost and the accuracy on held-out rows. */
  heldOut(data: Dataset): { cost: number; accuracy: number };
}

/**
 * The passes of a model of `outputs` outputs over `cols` features with
 * parameters `params`: the fused kernels of gradient.ts and
 * batch-gradient.ts under `loss` for one output, softmax.ts's for more.
 * (Classes, not closures: a call site that sees one class calls its method
 * directly, and the loop calls them every epoch.)
 */
export function linearPasses(
  params: Float32Array,
  outputs: number,
  cols: number,
  loss: Loss,
): LinearPasses {
  return outputs === 1
    ? new SigmoidPasses(params, cols, loss)
    : new SoftmaxPasses(params, outputs, cols);
}

/**
 * The lab's model: one output, h = sigmoid(x·w + b), under `loss`. The
 * kernels read the weights w_1..w_d as the first `cols` entries of the
 * array they are given, so `params` ([w, b]) serves as w without a view.
 */
class SigmoidPasses implements LinearPasses {
  constructor(
    private readonly params: Float32Array,
    private readonly cols: number,
    private readonly loss: Loss,
  ) {}

  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset) {
    const { params, loss } = this;
    const b = params[this.cols];
    if (totals === null) gradientSums(sums, data, params, b, loss);
    else loggedGradientSums(sums, totals, data, params, b, loss);
  }

  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ) {
    const { params, loss } = this;
    const b = params[this.cols];
    batchGradientSums(sums, data, order, start, end, params, b, loss, weights);
  }

  totals(totals: EpochTotals, data: Dataset, weights: Float32Array | null) {
    const { params, loss } = this;
    costTotals(totals, data, params, params[this.cols], loss, weights);
  }

  heldOut(data: Dataset) {
    const { params, loss } = this;
    return costAndAccuracy(data, params, params[this.cols], loss);
  }
}

/** A softmax over K outputs, minimising the cross-entropy. */
class SoftmaxPasses implements LinearPasses {
  private readonly w: Float32Array;
  private readonly b: Float32Array;

  constructor(params: Float32Array, outputs: number, cols: number) {
    const split = outputs * cols;
    this.w = params.subarray(0, split);
    this.b = params.subarray(split);
  }

  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset) {
    softmaxPass(sums, totals, data, this.w, this.b, null, 0, data.rows, null);
  }

  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ) {
    const { w, b } = this;
    softmaxPass(sums, null, data, w, b, order, start, end, weights);
  }

  totals(totals: EpochTotals, data: Dataset, weights: Float32Array | null) {
    const { w, b } = this;
    softmaxPass(null, totals, data, w, b, null, 0, data.rows, weights);
  }

  heldOut(data: Dataset) {
    return softmaxCostAndAccuracy(data, { w: this.w, b: this.b });
  }
}

/**
 * Writes the probabilities of each of the `rows` rows of `x` (row-major,
 * `cols` features) into `out` and returns it: for one output h =
 * sigmoid(x·w + b), one a row (`torch.sigmoid`); for K outputs the softmax
 * over the K logits, rows × K row-major (`F.softmax`); float32 either way.
 */
export function predictProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  weights: LinearWeights,
): Float32Array {
  if (weights.b.length === 1) {
    return sigmoidProbabilities(out, x, rows, cols, weights.w, weights.b[0]);
  }
  return softmaxProbabilities(out, x, rows, cols, weights);
}

/**
 * Writes each row's class into `out` and returns it, from `probabilities` as
 * `predictProbabilities` writes them for `outputs` outputs: for one, 1 when
 * h ≥ `threshold` (the lab's `h >= 0.5`) else 0; for K, the most likely
 * class, the lowest on a tie (`torch.argmax`).
 */
export function predictedLabels(
  out: Uint32Array,
  probabilities: Float32Array,
  outputs: number,
  threshold: number,
): Uint32Array {
  if (outputs > 1) return predictedClasses(out, probabilities, outputs);
  for (let i = 0; i < out.length; i++) {
    out[i] = probabilities[i] >= threshold ? 1 : 0;
  }
  return out;
}

/** The answer of a model for some rows. */
export interface Prediction {
  /** rows × P, row-major: P = 1 (h) for one output, K for K outputs. */
  readonly probabilities: Float32Array;
  /** Each row's class (`predictedLabels`). */
  readonly labels: Uint32Array;
}

/**
 * The probabilities and classes that `weights` give the `rows` rows of `x`
 * (row-major, `cols` features): `predictProbabilities`, then
 * `predictedLabels` at `threshold` (0.5, the lab's, when not given).
 */
export function predict(
  weights: LinearWeights,
  x: Float32Array,
  rows: number,
  cols: number,
  threshold = 0.5,
): Prediction {
  const outputs = weights.b.length;
  const probabilities = predictProbabilities(
    new Float32Array(rows * outputs),
    x,
    rows,
    cols,
    weights,
  );
  const labels = predictedLabels(
    new Uint32Array(rows),
    probabilities,
    outputs,
    threshold,
  );
  return { probabilities, labels };
}
