/**
 * The one model of the service, a linear map of d features to K outputs
 * (weights.ts), whatever the number of classes: its training passes,
 * prediction and metrics.
 *
 * - Two classes: K = 1 output, the lab's `sigmoid(x·w + b)`, trained on the
 *   lab's cost (`loss`: "bce" or "lab", logistic.ts) and labelled 1 when
 *   h ≥ a threshold.
 * - C ≥ 3 classes: K = C outputs, a softmax over them, trained on
 *   `F.cross_entropy` (softmax.ts) and labelled with the most likely class.
 *
 * The weights have one layout for both, W (K × d, row by row) then b (K), so
 * the number of classes is a value: `kindOf` is the one place that picks the
 * kernels, labels and metrics of one output or of K.
 */
import type { Dataset } from "./dataset";
import { sigmoidProbabilities } from "./evaluate";
import {
  SigmoidPasses,
  SoftmaxPasses,
  type LinearPasses,
} from "./linear-passes";
import type { Loss } from "./logistic";
import { binaryMetrics, type BinaryMetrics } from "./metrics";
import {
  multiclassMetrics,
  type MulticlassMetrics,
} from "./multiclass-metrics";
import type { ScoreCurve } from "./score-curve";
import type { LinearWeights } from "./weights";
import {
  predictedClasses,
  softmaxLabelsAndCost,
  softmaxProbabilities,
} from "./softmax";

/**
 * What a model's number of outputs decides: its kernels, how a row's class
 * is read from its probabilities, and which metrics measure it.
 */
interface OutputKind {
  passes(
    params: Float32Array,
    outputs: number,
    cols: number,
    loss: Loss,
  ): LinearPasses;
  /** `predictProbabilities` for weights of this kind. */
  probabilities(
    out: Float32Array,
    x: Float32Array,
    rows: number,
    cols: number,
    weights: LinearWeights,
  ): Float32Array;
  /** Each row's class from `probabilities` (rows × outputs), into `out`. */
  labels(
    out: Uint32Array,
    probabilities: Float32Array,
    outputs: number,
    threshold: number,
  ): Uint32Array;
  /** `metricsOf` for weights of this kind, from the rows' probabilities when given. */
  metrics(
    data: Dataset,
    weights: LinearWeights,
    threshold: number,
    probabilities?: Float32Array,
    exact?: ScoreCurve,
  ): ModelMetrics;
}

/** One output, the lab's sigmoid: label 1 when h ≥ threshold. */
const SIGMOID: OutputKind = {
  passes: (params, _outputs, cols, loss) =>
    new SigmoidPasses(params, cols, loss),
  probabilities: (out, x, rows, cols, { w, b }) =>
    sigmoidProbabilities(out, x, rows, cols, w, b[0]),
  labels(out, probabilities, _outputs, threshold) {
    for (let i = 0; i < out.length; i++) {
      out[i] = probabilities[i] >= threshold ? 1 : 0;
    }
    return out;
  },
  metrics(data, { w, b }, threshold, given, exact) {
    const { x, rows, cols } = data;
    const probabilities =
      given ??
      sigmoidProbabilities(new Float32Array(rows), x, rows, cols, w, b[0]);
    return binaryModelMetrics(probabilities, data.y, threshold, exact);
  },
};

/** K outputs, a softmax: the most likely class, the lowest on a tie. */
const SOFTMAX: OutputKind = {
  passes: (params, outputs, cols) => new SoftmaxPasses(params, outputs, cols),
  probabilities: softmaxProbabilities,
  labels: (out, probabilities, outputs) =>
    predictedClasses(out, probabilities, outputs),
  // The labels and the cost from one pass: rows × K probabilities would
  // be 400 MB for a million rows of 100 classes (so none are taken).
  metrics(data, weights) {
    const labels = new Uint32Array(data.rows);
    const cost = softmaxLabelsAndCost(labels, data, weights);
    return multiclassMetrics(data.y, labels, weights.b.length, cost);
  },
};

/** The kind of a model of `outputs` outputs: the one fork on it. */
function kindOf(outputs: number): OutputKind {
  return outputs === 1 ? SIGMOID : SOFTMAX;
}

/**
 * The passes of a model of `outputs` outputs over `cols` features with
 * parameters `params`: the fused kernels of gradient.ts and
 * batch-gradient.ts under `loss` for one output, softmax.ts's for more.
 */
export function linearPasses(
  params: Float32Array,
  outputs: number,
  cols: number,
  loss: Loss,
): LinearPasses {
  return kindOf(outputs).passes(params, outputs, cols, loss);
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
  return kindOf(weights.b.length).probabilities(out, x, rows, cols, weights);
}

/** The answer of a model for some rows. */
export interface Prediction {
  /** rows × P, row-major: P = 1 (h) for one output, K for K outputs. */
  readonly probabilities: Float32Array;
  /** Each row's class. */
  readonly labels: Uint32Array;
}

/**
 * The probabilities and classes that `weights` give the `rows` rows of `x`
 * (row-major, `cols` features): `predictProbabilities`, then
 * each row's class: for one output 1 when h ≥ `threshold` (0.5, the lab's,
 * when not given) else 0; for K, the most likely class, the lowest on a tie
 * (`torch.argmax`).
 */
export function predict(
  weights: LinearWeights,
  x: Float32Array,
  rows: number,
  cols: number,
  threshold = 0.5,
): Prediction {
  const out = {
    probabilities: new Float32Array(rows * weights.b.length),
    labels: new Uint32Array(rows),
  };
  return predictInto(out, weights, x, rows, cols, threshold);
}

/**
 * `predict` into `out`, whose arrays hold exactly `rows` × P probabilities
 * and `rows` labels, and returns `out`. With `x` a view of some rows of a
 * larger matrix (`subarray`, no copy), it predicts a block of them: a block
 * at a time gives the numbers of all at once, row for row.
 */
export function predictInto(
  out: Prediction,
  weights: LinearWeights,
  x: Float32Array,
  rows: number,
  cols: number,
  threshold = 0.5,
): Prediction {
  const outputs = weights.b.length;
  const kind = kindOf(outputs);
  kind.probabilities(out.probabilities, x, rows, cols, weights);
  kind.labels(out.labels, out.probabilities, outputs, threshold);
  return out;
}

/**
 * `metricsOf` a one-output model from its rows' probabilities and labels
 * 0/1 alone (and, when the caller has it, their exact score curve):
 * scikit-learn's binary metrics at `threshold`, the ROC curve thinned to
 * 256 points.
 */
export function binaryModelMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
  exact?: ScoreCurve,
): BinaryMetrics {
  return binaryMetrics(probabilities, labels, threshold, exact, ROC_POINTS);
}

/** The metrics of a model of either kind. */
export type ModelMetrics = BinaryMetrics | MulticlassMetrics;

/** How many points of a ROC curve a model keeps (its AUC is from them all). */
export const ROC_POINTS = 256;

/**
 * The metrics a stored version keeps and `/evaluate` answers, of `weights`
 * on the labelled rows of `data`: for one output scikit-learn's binary
 * metrics (metrics.ts) at `threshold` (label 1 when h ≥ threshold), the ROC
 * curve thinned to 256 points; for K outputs its multiclass ones
 * (multiclass-metrics.ts) of the arg-max class, with the mean cross-entropy
 * as `cost` (`threshold` plays no part). `probabilities`: for one output,
 * the rows' h when a caller has them already (read, never changed), and
 * `exact`, their exact score curve, so they are sorted once; with K
 * outputs none are needed, as labels and cost come from one pass.
 */
export function metricsOf(
  data: Dataset,
  weights: LinearWeights,
  threshold = 0.5,
  probabilities?: Float32Array,
  exact?: ScoreCurve,
): ModelMetrics {
  return kindOf(weights.b.length).metrics(
    data,
    weights,
    threshold,
    probabilities,
    exact,
  );
}
