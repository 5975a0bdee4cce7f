/**
 * The end of one training, the same for a request and a job: from the
 * final pass over its rows (final-pass.ts) and what the training gave
 * (train.ts's `fitOutcome`), the metrics, the score curves, the warnings
 * and the model as the service stores it.
 */
import { indexClasses, type ClassValue } from "./class-values";
import type { EpochLog, StopReason } from "./fit-state";
import type { FinalPass, RowMeasures } from "./final-pass";
import { finiteModel } from "./finite-model";
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
import type { FeatureStats } from "./standardize";
import type { LinearFit } from "./train";
import { finishTrainingEnd } from "./training-end";
import { trainingWarnings, type TrainingWarning } from "./warnings";
import type { LinearWeights } from "./weights";

/**
 * Where a training starts: `init` as the options give it, or, for a warm
 * start, the version it resolved to and that version's weights.
 */
export type StartingPoint =
  | { readonly init: LocalInitSpec }
  | {
      readonly init: { readonly model: string; readonly version: number };
      readonly weights: LinearWeights;
    };

/** A trained model and the record of its training, before it is stored. */
export interface FittedModel extends TrainingChoices {
  readonly features: number;
  /** Rows trained on (held-out rows are not counted). */
  readonly samples: number;
  /** 2 (one sigmoid output) or K ≥ 3 (a softmax over K outputs). */
  readonly classes: number;
  /** What each class index stands for; with two, index 1 is the positive class. */
  readonly classValues: readonly ClassValue[];
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  /** Two classes only: the cost minimised (many minimise the cross-entropy). */
  readonly loss?: ModelOptions["loss"];
  /** Two classes only: label 1 when h ≥ threshold. */
  readonly threshold?: number;
  /** How training started (a warm start names its version). */
  readonly init: InitSpec;
  /** Logged iterations; `dataCost` is there when training had a penalty. */
  readonly history: readonly EpochLog[];
  /** The last logged cost. */
  readonly cost: number;
  /** Training-set accuracy of the final weights (at `threshold` for two classes). */
  readonly accuracy: number;
  /** Training-set metrics of the final weights. */
  readonly metrics: ModelMetrics;
  /** The held-out rows, when the options asked for some. */
  readonly validation?: ValidationOption & {
    /** Rows held out (`samples` counts only the rows trained on). */
    readonly samples: number;
    readonly metrics: ModelMetrics;
  };
  /** With early stopping: the last epoch run, the best one and why it ended. */
  readonly stopping?: {
    readonly stoppedAt: number;
    readonly bestEpoch: number;
    readonly reason: StopReason;
  };
  /** With standardize: each feature's float64 mean and scale over the training rows. */
  readonly standardization?: {
    readonly mean: readonly number[];
    readonly scale: readonly number[];
  };
  /** Final weights in original units: what prediction uses. */
  readonly weights: LinearWeights;
  /** With standardize: the final weights as trained, in standardized units. */
  readonly standardizedWeights?: LinearWeights;
  /** The weights training started from, so the training can be replayed. */
  readonly initialWeights: LinearWeights;
  /**
   * Two classes only: each set of rows' exact score curve and calibration,
   * for the thresholds a person chooses; absent in versions stored before.
   */
  readonly scores?: ModelScores;
  /**
   * What the user must be told about the model (warnings.ts): the input's
   * first, then the training's. They change none of the numbers above.
   */
  readonly warnings: readonly TrainingWarning[];
}

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
  const { weights, standardizedWeights, history } = outcome;
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
 * One set of rows' metrics (and, with one output, its scores: one sort of
 * its probabilities gives the ROC curve and the stored score curve).
 */
function measures(
  rows: RowMeasures,
  threshold: number,
): { rows: number; metrics: ModelMetrics; scores?: RowScores } {
  const { probabilities, labels, confusion } = rows;
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
