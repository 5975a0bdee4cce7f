/**
 * The answer to a prediction request: probabilities, labels at a threshold,
 * and, on request, each feature's share of the logit. A pure function of a
 * model version and validated rows.
 */
import { predictProbabilities } from "../engine/evaluate";
import { contributions } from "../engine/explain";
import { FeatureMismatchError } from "../errors";
import type { JsonMatrix } from "../input/json-data";
import type { ModelVersion } from "../storage/model-store";

/**
 * Probabilities and labels of `rows` at `threshold` (the model's own when not
 * given), with each feature's contribution to the logit when `explain`.
 */
export function predict(
  model: ModelVersion,
  rows: JsonMatrix,
  threshold = model.threshold,
  explain = false,
) {
  checkFeatures(model, rows.cols);
  const probabilities = Array.from(
    predictProbabilities(
      new Float32Array(rows.rows),
      rows.values,
      rows.rows,
      rows.cols,
      model.weights,
    ),
  );
  const result = {
    name: model.name,
    version: model.version,
    threshold,
    probabilities,
    labels: probabilities.map((p) => (p >= threshold ? 1 : 0)),
  };
  if (!explain) return result;
  const explanations = [];
  for (let i = 0; i < rows.rows; i++) {
    const parts = Array.from(
      contributions(
        new Float64Array(rows.cols),
        rows.values,
        i,
        rows.cols,
        model.weights,
      ),
    );
    explanations.push({
      bias: model.weights.b,
      contributions: parts,
      logit: parts.reduce((sum, part) => sum + part, model.weights.b),
    });
  }
  return { ...result, explanations };
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
