/**
 * The answer to a prediction request: probabilities, labels (as the model's
 * class values) at a threshold (two classes) or the most likely class
 * (many), and, on request, each
 * feature's share of the logit. A pure function of a model version, the
 * validated rows and the engine's prediction.
 */
import type { ModelVersion } from "../domain/model-version";
import type { ClassValue } from "../engine/class-values";
import type { FeatureRows } from "../engine/dataset";
import { contributions } from "../engine/explain";
import type { Prediction } from "../engine/linear-model";
import {
  outputRow,
  type LinearWeights,
  type RowWeights,
} from "../engine/weights";

/**
 * How one row's logit (of its predicted class, with many) is made up; with
 * many classes, `class` names that class.
 */
export interface Explanation {
  class?: ClassValue;
  /** In a streamed line of a model with names: the name of each contribution. */
  features?: readonly string[];
  bias: number;
  contributions: number[];
  logit: number;
}

/**
 * The answer for `rows` as `prediction` gives them: two classes, h and the
 * label at `threshold`; many, a probability per class and the arg-max class.
 * With `mlflow` (rows sent in one of MLflow's forms), also `predictions`,
 * the labels again, where MLflow's clients read them. With `explain`, each
 * row's logit (of its class, with many) feature by feature, and, when the
 * model has names, `features`: the name of each contribution, once.
 */
export function predictionJson(
  model: ModelVersion,
  rows: FeatureRows,
  prediction: Prediction,
  threshold: number | undefined,
  explain: boolean,
  mlflow = false,
) {
  const { name, version, weights, classValues } = model;
  const outputs = weights.b.length;
  const { probabilities, labels } = prediction;
  const many = outputs > 1;
  const result = {
    name,
    version,
    classes: classValues,
    ...(!many && { threshold }),
    probabilities: many
      ? Array.from({ length: rows.rows }, (_, i) =>
          Array.from(probabilities.subarray(i * outputs, (i + 1) * outputs)),
        )
      : Array.from(probabilities),
    labels: Array.from(labels, (k) => classValues[k]),
    ...(mlflow && { predictions: Array.from(labels, (k) => classValues[k]) }),
  };
  if (!explain) return result;
  const explanations = Array.from(labels, (label, i) =>
    explanation(weights, rows, i, label, classValues),
  );
  const { featureNames } = model;
  return {
    ...result,
    ...(featureNames && { features: featureNames }),
    explanations,
  };
}

/**
 * Row i of `rows`, labelled with class index `label`, explained: its logit
 * under `weights` (of class `label`, named by `classes`, with many classes)
 * feature by feature.
 */
export function explanation(
  weights: LinearWeights,
  rows: FeatureRows,
  i: number,
  label: number,
  classes: readonly ClassValue[],
): Explanation {
  const many = weights.b.length > 1;
  const parts = logitParts(rows, i, outputRow(weights, many ? label : 0));
  return many ? { class: classes[label], ...parts } : parts;
}

/** Row i's logit under one output's weights, feature by feature. */
function logitParts(
  rows: FeatureRows,
  i: number,
  weights: RowWeights,
): Explanation {
  const parts = Array.from(
    contributions(
      new Float64Array(rows.cols),
      rows.values,
      i,
      rows.cols,
      weights.w,
    ),
  );
  return {
    bias: weights.b,
    contributions: parts,
    logit: parts.reduce((sum, part) => sum + part, weights.b),
  };
}
