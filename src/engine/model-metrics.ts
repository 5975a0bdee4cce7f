/**
 * The metrics a stored version keeps and `/evaluate` answers: scikit-learn's
 * binary metrics (metrics.ts) for a model of one output, its multiclass ones
 * (multiclass-metrics.ts) for K outputs.
 */
import type { Dataset } from "./dataset";
import { predict } from "./linear-model";
import { binaryMetrics, type BinaryMetrics } from "./metrics";
import {
  multiclassMetrics,
  type MulticlassMetrics,
} from "./multiclass-metrics";
import { thinRoc } from "./roc";
import { softmaxCostAndAccuracy } from "./softmax";
import type { LinearWeights } from "./weights";

/** The metrics of a model of either kind. */
export type ModelMetrics = BinaryMetrics | MulticlassMetrics;

/** How many points of a ROC curve a model keeps (its AUC is from them all). */
export const ROC_POINTS = 256;

/**
 * The metrics of `weights` on the labelled rows of `data`: for one output,
 * at `threshold` (label 1 when h ≥ threshold), the ROC curve thinned to
 * `ROC_POINTS`; for K outputs, of the arg-max class, with the mean
 * cross-entropy as `cost` (`threshold` plays no part).
 */
export function metricsOf(
  data: Dataset,
  weights: LinearWeights,
  threshold = 0.5,
): ModelMetrics {
  const { x, y, rows, cols } = data;
  const outputs = weights.b.length;
  const { probabilities, labels } = predict(weights, x, rows, cols, threshold);
  if (outputs === 1) {
    const metrics = binaryMetrics(probabilities, y, threshold);
    return { ...metrics, roc: metrics.roc && thinRoc(metrics.roc, ROC_POINTS) };
  }
  const { cost } = softmaxCostAndAccuracy(data, weights);
  return multiclassMetrics(y, labels, outputs, cost);
}
