/**
 * What a final pass keeps of one set of a one-output model's rows past the
 * exact bound (final-pass.ts's `EXACT_SCORE_ROWS`), a block of rows at a
 * time, in memory that does not grow with the rows: the score histogram
 * (score-histogram.ts) for what needs the scores in order, and, exactly,
 * every metric a sum gives: the confusion matrix at the model's threshold,
 * the log loss, the calibration bins and the Brier score. Counted per row
 * as the exact path counts them, and summed in the same row order, these
 * equal the exact path's numbers to the last bit; the ROC curve, its AUC
 * and the score curve come from the bins, the AUC with its bound.
 */
import {
  addCalibration,
  calibrationOfSums,
  calibrationSums,
  type CalibrationSums,
} from "./calibration";
import { ROC_POINTS } from "./linear-model";
import {
  addConfusion,
  binaryMetricsOf,
  logLossSum,
  type BinaryMetrics,
  type ConfusionCounts,
} from "./metrics";
import { rocCurveOf } from "./roc";
import type { RowScores } from "./row-scores";
import { thinScoreCurve } from "./score-curve";
import {
  addScores,
  histogramAucError,
  histogramCurve,
  scoreHistogram,
  type ScoreHistogram,
} from "./score-histogram";

/**
 * One set's sums and bins: 2,080,776 bytes of bins, and 38 numbers (4
 * counts, 3 × 10 calibration sums, their rows, the threshold, the log
 * loss and squares sums).
 */
export interface ScoreSummary {
  /** Predicted 1 when p ≥ threshold: the model's. */
  readonly threshold: number;
  readonly confusion: ConfusionCounts;
  /** Σ of the rows' log loss terms (metrics.ts's `logLossSum`). */
  logLossSum: number;
  readonly calibration: CalibrationSums;
  readonly histogram: ScoreHistogram;
}

/** An empty summary for a model predicting 1 when p ≥ `threshold`. */
export function scoreSummary(threshold: number): ScoreSummary {
  return {
    threshold,
    confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
    logLossSum: 0,
    calibration: calibrationSums(),
    histogram: scoreHistogram(),
  };
}

/**
 * Adds rows, in the order of the set's rows, to `summary`.
 *
 * @param probabilities float32 probabilities in [0, 1]
 * @param labels 0 or 1, as many; not validated
 * @throws TrainingDivergedError when a probability is not in [0, 1]
 */
export function addToSummary(
  summary: ScoreSummary,
  probabilities: Float32Array,
  labels: ArrayLike<number>,
): ScoreSummary {
  addScores(summary.histogram, probabilities, labels);
  addConfusion(summary.confusion, probabilities, labels, summary.threshold);
  summary.logLossSum = logLossSum(
    probabilities,
    labels,
    Number.EPSILON,
    summary.logLossSum,
  );
  addCalibration(summary.calibration, probabilities, labels);
  return summary;
}

/**
 * The set's metrics and scores, as the exact path's `binaryModelMetrics`
 * and `rowScores` give them, but with the ROC curve, `rocAuc` and the
 * score curve from the bins, and `rocAucError` (score-histogram.ts's
 * bound) beside `rocAuc`.
 *
 * @throws RangeError when no row was added
 */
export function summaryMeasures(summary: ScoreSummary): {
  metrics: BinaryMetrics;
  scores: RowScores;
} {
  const { confusion: c, calibration } = summary;
  const rows = c.tp + c.fp + c.tn + c.fn;
  if (rows === 0) throw new RangeError("a score summary of no rows");
  const bins = histogramCurve(summary.histogram);
  const both = c.tp + c.fn > 0 && c.tn + c.fp > 0;
  const metrics = binaryMetricsOf(
    { ...c },
    summary.threshold,
    summary.logLossSum / rows,
    both ? rocCurveOf(bins) : null,
    ROC_POINTS,
  );
  return {
    metrics: {
      ...metrics,
      ...(both && { rocAucError: histogramAucError(summary.histogram) }),
    },
    scores: {
      curve: thinScoreCurve(bins),
      calibration: calibrationOfSums(calibration),
    },
  };
}
