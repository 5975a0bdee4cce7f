/**
 * A version made from another without training: the same weights and
 * record, another threshold. Its accuracy and confusion matrices at the new
 * threshold are read off the stored exact score curves (score-curve.ts), so
 * no rows are needed; what does not depend on the threshold (the cost, the
 * log loss, the ROC curve and its AUC, the history, the warnings) is the
 * source version's.
 */
import type { BinaryMetrics } from "../engine/metrics";
import type { RowScores } from "../engine/row-scores";
import { confusionAtThreshold } from "../engine/score-curve";
import { thresholdChoice } from "../engine/threshold-choice";
import type { ModelVersion, NewModelVersion } from "./model-version";

/**
 * `model` with `threshold`, counted from `scores` (its own: training and,
 * when it held rows out, validation), and `derivedFrom` its version. On a
 * thinned curve, the counts at the threshold are those of the stored vertex
 * at or above it (score-curve.ts says by how many rows they may be short).
 *
 * @param model a two-class version; its metrics are binary ones
 */
export function withThreshold(
  model: ModelVersion,
  scores: { training: RowScores; validation?: RowScores },
  threshold: number,
): NewModelVersion {
  const { version: _version, createdAt: _createdAt, ...rest } = model;
  const at = (metrics: BinaryMetrics, rows: RowScores): BinaryMetrics => ({
    ...metrics,
    ...thresholdChoice(threshold, confusionAtThreshold(rows.curve, threshold)),
  });
  const metrics = at(model.metrics as BinaryMetrics, scores.training);
  const { validation } = model;
  return {
    ...rest,
    threshold,
    accuracy: metrics.accuracy,
    metrics,
    ...(validation &&
      scores.validation && {
        validation: {
          ...validation,
          metrics: at(validation.metrics as BinaryMetrics, scores.validation),
        },
      }),
    derivedFrom: model.version,
  };
}
