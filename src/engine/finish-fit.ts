/**
 * The end of one training, the same for a request and a job: from the
 * final pass over its rows (final-pass.ts) and what the training gave
 * (train.ts's `fitOutcome`), the metrics, the score curves, the warnings
 * and the model as the service stores it.
 */
import { indexClasses, type ClassValue } from "./class-values";
import { historyLogs, type EpochLog } from "./epoch-history";
import type { StopReason } from "./fit-state";
import type { FinalPass, RowMeasures } from "./final-pass";
import { finiteModel } from "./finite-model";
import type { FittedModel, StartingPoint } from "./fitted-model";
import type { InitSpec, LocalInitSpec } from "./init";
import { binaryModelMetrics, type ModelMetrics } from "./linear-model";
import type {
  ModelOptions,
  TrainingChoices,
  ValidationOption,
} from "./model-options";
import { metricsOfConfusion } from "./multiclass-metrics";
import { penaltyOf } from "./regularize";
import { rowScores, type ModelScores, type RowScores } from "./row-scores";
import { scoreCurve } from "./score-curve";
import { summaryMeasures } from "./score-summary";
import type { FeatureStats } from "./standardize";
import type { LinearFit } from "./train";
import { finishTrainingEnd } from "./training-end";
import { trainingWarnings, type TrainingWarning } from "./warnings";
import type { LinearWeights } from "./weights";

/** What a training had beside its final pass. */
export interface FitRecord {
  readonly options: ModelOptions;
  readonly start: StartingPoint;
  /** The weights training started from, in original units. */
  readonly initialWeights: LinearWeights;
  /** What the epochs gave (train.ts's `fitOutcome`). */
  readonly outcome: LinearFit;
  /** With standardize: the training rows' stats. */
  readonly stats?: FeatureStats;
  /** What reading the input decided; first among the warnings. */
  readonly inputWarnings?: readonly TrainingWarning[];
}

/**
 * The model from a finished final `pass` (every training and validation
 * row added, at `record.outcome.weights`) and the `record` of its
 * training: `fitModel`'s answer, for a request and a job alike.
 *
 * @throws TrainingDivergedError when a number the model would hold is not
 *   finite (finite-model.ts)
 */
export function finishFit(pass: FinalPass, record: FitRecord): FittedModel {
  const { options, start, initialWeights, outcome, stats } = record;
  const {
    validation: held,
    classes,
    classValues = indexClasses(classes),
    init: _init,
    loss,
    threshold,
    standardize,
    classWeights: perClassSpec,
    ...fit
  } = options;
  const { weights, standardizedWeights } = outcome;
  const history = historyLogs(outcome.history);
  const training = measures(pass.training, threshold);
  const validation = pass.validation && measures(pass.validation, threshold);
  const end = finishTrainingEnd(pass.end, {
    trained: standardizedWeights ?? weights,
    ...(stats && { stats }),
    penalty: penaltyOf(fit),
    weightDecay: fit.optimizer?.weightDecay ?? 0,
  });
  const warnings = trainingWarnings(
    {
      end,
      history,
      accuracy: training.metrics.accuracy,
      standardize: standardize === true,
      classValues,
    },
    record.inputWarnings ?? [],
  );
  const { stoppedAt, bestEpoch, reason } = outcome;
  const cols = weights.w.length / weights.b.length;
  // The last word before anything is stored: every number in it is finite.
  return finiteModel<FittedModel>({
    features: cols,
    samples: pass.training.rows,
    classes,
    classValues,
    ...fit,
    ...(standardize && { standardize }),
    ...(perClassSpec && { classWeights: perClassSpec }),
    ...(pass.outputs === 1 && { loss, threshold }),
    init: start.init,
    history,
    cost: history[history.length - 1].cost,
    accuracy: training.metrics.accuracy,
    metrics: training.metrics,
    ...(held &&
      validation && {
        validation: {
          ...held,
          samples: validation.rows,
          metrics: validation.metrics,
        },
      }),
    ...(standardizedWeights && { standardizedWeights }),
    ...(stats && {
      standardization: {
        mean: Array.from(stats.mean),
        scale: Array.from(stats.scale),
      },
    }),
    ...(stoppedAt !== undefined &&
      bestEpoch !== undefined &&
      reason !== undefined && { stopping: { stoppedAt, bestEpoch, reason } }),
    weights,
    initialWeights,
    ...(training.scores && {
      scores: {
        training: training.scores,
        ...(validation?.scores && { validation: validation.scores }),
      },
    }),
    warnings,
  });
}

/**
 * One set of rows' metrics at `threshold` (one output; K outputs take the
 * arg-max class) from its finished measures (final-pass.ts's
 * `rowMeasures`, every row added), as `/evaluate` gives them (and, with one
 * output, its scores: one sort of its probabilities gives the ROC curve and
 * the stored score curve; past the exact bound, its score summary gives
 * them, score-summary.ts, the ROC AUC within its stated `rocAucError`).
 *
 * @throws TypeError when a summary was summed at another threshold
 */
export function measures(
  rows: RowMeasures,
  threshold: number,
): { rows: number; metrics: ModelMetrics; scores?: RowScores } {
  const { probabilities, labels, confusion, summary } = rows;
  if (summary !== null) {
    if (summary.threshold !== threshold) {
      throw new TypeError(
        `a final pass summed at threshold ${summary.threshold}, the model's is ${threshold}`,
      );
    }
    return { rows: rows.rows, ...summaryMeasures(summary) };
  }
  if (probabilities !== null && labels !== null) {
    const exact = scoreCurve(probabilities, labels);
    return {
      rows: rows.rows,
      metrics: binaryModelMetrics(probabilities, labels, threshold, exact),
      scores: rowScores(probabilities, labels, exact),
    };
  }
  return {
    rows: rows.rows,
    metrics: metricsOfConfusion(confusion ?? [], rows.cost / rows.rows),
  };
}
