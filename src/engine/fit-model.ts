/**
 * One training as the service stores it, from validated rows and options to
 * the trained model and what it records: hold out the validation rows,
 * derive what the options need from the training rows (standardization,
 * sample weights), train, and measure the final weights on both parts. A
 * pure function: a Worker's request, a Workflow step or a test call it alike.
 */
import { indexClasses, type ClassValue } from "./class-values";
import { classWeights, sampleWeights } from "./class-weights";
import type { Dataset } from "./dataset";
import type { EpochLog, StopReason } from "./fit-state";
import { finiteModel } from "./finite-model";
import { startingWeights, type InitSpec, type LocalInitSpec } from "./init";
import {
  metricsOf,
  predictProbabilities,
  type ModelMetrics,
} from "./linear-model";
import type {
  ModelOptions,
  TrainingChoices,
  ValidationOption,
} from "./model-options";
import { penaltyOf } from "./regularize";
import { rowScores, type ModelScores } from "./row-scores";
import { scoreCurve } from "./score-curve";
import { stratifiedSplit } from "./split";
import { featureStats } from "./standardize";
import { trainLinear } from "./train";
import { measureTrainingEnd } from "./training-end";
import { trainingWarnings, type TrainingWarning } from "./warnings";
import { outputsFor, type LinearWeights } from "./weights";

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

/**
 * Trains on `dataset` as `options` say, from `start`.
 *
 * `inputWarnings` are what reading the request decided (such as whether a
 * CSV's first row was a header): they come first in the model's warnings.
 *
 * Assumes what src/input checks: labels are classes 0..classes − 1, a split
 * leaves rows on both sides, "balanced" class weights find every class
 * among the training rows, explicit or warm-start weights fit the classes
 * and features.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite,
 *   or any number the model would hold is not (finite-model.ts)
 */
export function fitModel(
  dataset: Dataset,
  options: ModelOptions,
  start: StartingPoint,
  inputWarnings: readonly TrainingWarning[] = [],
): FittedModel {
  // What fitModel turns into the loop's inputs here, and the loop's own.
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
  const { cols } = dataset;
  const outputs = outputsFor(classes);
  const { training, validation } = held
    ? stratifiedSplit(dataset, held.fraction, held.seed)
    : { training: dataset, validation: undefined };
  const stats = standardize && featureStats(training.x, training.rows, cols);
  const perClass =
    perClassSpec &&
    classWeights(perClassSpec, training.y, classes, classValues);
  const initialWeights =
    "weights" in start
      ? start.weights
      : startingWeights(start.init, outputs, cols);
  const perRow =
    perClass &&
    sampleWeights(new Float32Array(training.rows), training.y, perClass);
  const result = trainLinear(training, {
    ...fit,
    loss,
    initial: initialWeights,
    validation,
    ...(stats && { standardize: stats }),
    ...(perRow && { sampleWeights: perRow }),
  });
  const { weights, standardizedWeights, history } = result;
  // One output: the rows' h, for the metrics and the warnings alike. K
  // outputs: none held (rows × K can be hundreds of MB); each pass makes
  // its own, a block at a time.
  const probabilities =
    outputs === 1
      ? predictProbabilities(
          new Float32Array(training.rows),
          training.x,
          training.rows,
          cols,
          weights,
        )
      : undefined;
  // One sort of each set of rows' scores: the ROC curve and the stored
  // score curve are both read off it.
  const exact = probabilities && scoreCurve(probabilities, training.y);
  const metrics = metricsOf(training, weights, threshold, probabilities, exact);
  const heldProbabilities =
    outputs === 1 && validation
      ? predictProbabilities(
          new Float32Array(validation.rows),
          validation.x,
          validation.rows,
          cols,
          weights,
        )
      : undefined;
  const heldExact =
    validation &&
    heldProbabilities &&
    scoreCurve(heldProbabilities, validation.y);
  const warnings = trainingWarnings(
    {
      end: measureTrainingEnd({
        data: training,
        ...(probabilities && { probabilities }),
        final: weights,
        trained: standardizedWeights ?? weights,
        ...(stats && { stats }),
        ...(perRow && { sampleWeights: perRow }),
        penalty: penaltyOf(fit),
        weightDecay: fit.optimizer?.weightDecay ?? 0,
      }),
      history,
      accuracy: metrics.accuracy,
      standardize: standardize === true,
      classValues,
    },
    inputWarnings,
  );
  const { stoppedAt, bestEpoch, reason } = result;
  // The last word before anything is stored: every number in it is finite.
  return finiteModel<FittedModel>({
    features: cols,
    samples: training.rows,
    classes,
    classValues,
    ...fit,
    ...(standardize && { standardize }),
    ...(perClassSpec && { classWeights: perClassSpec }),
    ...(outputs === 1 && { loss, threshold }),
    init: start.init,
    history,
    cost: history[history.length - 1].cost,
    accuracy: metrics.accuracy,
    metrics,
    ...(held &&
      validation && {
        validation: {
          ...held,
          samples: validation.rows,
          metrics: metricsOf(
            validation,
            weights,
            threshold,
            heldProbabilities,
            heldExact,
          ),
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
    ...(probabilities &&
      exact && {
        scores: {
          training: rowScores(probabilities, training.y, exact),
          ...(validation &&
            heldProbabilities &&
            heldExact && {
              validation: rowScores(heldProbabilities, validation.y, heldExact),
            }),
        },
      }),
    warnings,
  });
}
