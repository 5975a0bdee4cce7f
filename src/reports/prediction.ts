/**
 * The answer to a prediction request: probabilities, labels at a threshold
 * (two classes) or the most likely class (many), and, on request, each
 * feature's share of the logit. A pure function of a model version and
 * validated rows.
 */
import type { Weights } from "../engine/dataset";
import { predictProbabilities } from "../engine/evaluate";
import { contributions } from "../engine/explain";
import {
  predictedClasses,
  softmaxProbabilities,
  type SoftmaxWeights,
} from "../engine/softmax";
import { DatasetError, FeatureMismatchError, OptionError } from "../errors";
import type { JsonMatrix } from "../input/json-data";
import type {
  LogisticModelVersion,
  ModelVersion,
  SoftmaxModelVersion,
} from "../storage/model-store";

/** How one row's logit (of its predicted class, with many) is made up. */
interface Explanation {
  bias: number;
  contributions: number[];
  logit: number;
}

/**
 * Probabilities and labels of `rows`, with each feature's contribution to
 * the logit when `explain`. Two classes: h and (h >= threshold), the model's
 * threshold when none is given. Many: a probability per class and the
 * arg-max class, whose logit `explain` takes apart.
 *
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws OptionError for a threshold given to a model of many classes
 */
export function predict(
  model: ModelVersion,
  rows: JsonMatrix,
  threshold?: number,
  explain = false,
) {
  checkFeatures(model, rows.cols);
  if (model.classes === undefined) {
    return predictTwo(model, rows, threshold ?? model.threshold, explain);
  }
  if (threshold !== undefined) throw thresholdRefused(model);
  return predictMany(model, rows, explain);
}

function predictTwo(
  model: LogisticModelVersion,
  rows: JsonMatrix,
  threshold: number,
  explain: boolean,
) {
  const probabilities = Array.from(
    predictProbabilities(
      new Float32Array(rows.rows),
      rows.values,
      rows.rows,
      rows.cols,
      model.weights,
    ),
  );
  const labels = probabilities.map((p) => (p >= threshold ? 1 : 0));
  const result = {
    name: model.name,
    version: model.version,
    threshold,
    probabilities,
    labels,
  };
  if (!explain) return result;
  const explanations = [];
  for (let i = 0; i < rows.rows; i++) {
    explanations.push(explanation(rows, i, model.weights));
  }
  return { ...result, explanations };
}

function predictMany(
  model: SoftmaxModelVersion,
  rows: JsonMatrix,
  explain: boolean,
) {
  const { classes } = model;
  const flat = softmaxProbabilities(
    new Float32Array(rows.rows * classes),
    rows.values,
    rows.rows,
    rows.cols,
    model.weights,
  );
  const labels = predictedClasses(new Uint32Array(rows.rows), flat, classes);
  const result = {
    name: model.name,
    version: model.version,
    classes,
    probabilities: Array.from({ length: rows.rows }, (_, i) =>
      Array.from(flat.subarray(i * classes, (i + 1) * classes)),
    ),
    labels: Array.from(labels),
  };
  if (!explain) return result;
  const explanations = [];
  for (let i = 0; i < rows.rows; i++) {
    const label = labels[i];
    explanations.push({
      class: label,
      ...explanation(rows, i, classRow(model.weights, label)),
    });
  }
  return { ...result, explanations };
}

/** Row i's logit under `weights`, feature by feature. */
function explanation(
  rows: JsonMatrix,
  i: number,
  weights: Weights,
): Explanation {
  const parts = Array.from(
    contributions(
      new Float64Array(rows.cols),
      rows.values,
      i,
      rows.cols,
      weights,
    ),
  );
  return {
    bias: weights.b,
    contributions: parts,
    logit: parts.reduce((sum, part) => sum + part, weights.b),
  };
}

/** Class k's row of a softmax model's weights, as a linear model's. */
function classRow(weights: SoftmaxWeights, k: number): Weights {
  const d = weights.w.length / weights.b.length;
  return { w: weights.w.subarray(k * d, (k + 1) * d), b: weights.b[k] };
}

/** The refusal of a threshold by a model of many classes. */
export function thresholdRefused(model: SoftmaxModelVersion): OptionError {
  return new OptionError(
    `threshold applies to two-class models, and model ${model.name} has ${model.classes} classes: it predicts the most likely one`,
  );
}

/**
 * Refuses rows whose feature count is not the model's.
 *
 * @throws FeatureMismatchError
 */
export function checkFeatures(model: ModelVersion, cols: number): void {
  if (cols !== model.features) {
    throw new FeatureMismatchError(
      `rows have ${cols} features, model ${model.name} expects ${model.features}`,
    );
  }
}

/**
 * Refuses labels that are not classes of `model`: 0 or 1 for two classes,
 * 0..K − 1 for K.
 *
 * @throws DatasetError naming the first row with such a label
 */
export function checkLabels(model: ModelVersion, y: Float32Array): void {
  const classes = model.classes ?? 2;
  const i = y.findIndex((label) => label >= classes);
  if (i !== -1) {
    throw new DatasetError(
      `row ${i + 1} has label ${y[i]}, and model ${model.name} has ${classes} classes: labels run from 0 to ${classes - 1}`,
    );
  }
}
