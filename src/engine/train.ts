/**
 * One training from start to end, as a request runs it: the rows in one
 * block, every iteration of fit.ts's loop in one go, and the weights back in
 * the units the rows came in. Its parts (the rows as the loop takes them,
 * the state it starts from, what a finished state gives) are a job's too.
 */
import type { Dataset } from "./dataset";
import type { EpochHistory } from "./epoch-history";
import { runEpochs } from "./fit";
import {
  startFit,
  type FitBlock,
  type FitOptions,
  type FitState,
  type StopReason,
} from "./fit-state";
import {
  originalWeights,
  standardizedCopy,
  standardizedParams,
  type FeatureStats,
} from "./standardize";
import {
  finiteHeldOut,
  finiteInOriginalUnits,
  finiteStart,
} from "./standardized-bounds";
import { paramsOf, weightsOf, type LinearWeights } from "./weights";

/** How to train, beside fit.ts's options; every field validated by the caller. */
export interface TrainOptions extends FitOptions {
  /** Starting weights, in original units, K outputs; left unchanged. */
  readonly initial: LinearWeights;
  /** Held-out rows, measured at every logged iteration, never trained on. */
  readonly validation?: Dataset;
  /** Train on (x − mean) / scale (standardize.ts); weights in and out stay in original units. */
  readonly standardize?: FeatureStats;
  /** One weight per training row (class-weights.ts); left unchanged. */
  readonly sampleWeights?: Float32Array;
}

/** What a training gives. */
export interface LinearFit {
  /** In original units; with early stopping, the best logged weights. */
  readonly weights: LinearWeights;
  /** The same weights in standardized units, when `standardize` was set. */
  readonly standardizedWeights?: LinearWeights;
  /** The logged iterations (epoch-history.ts's `historyLogs` gives them as the API does). */
  readonly history: EpochHistory;
  /** With early stopping: the last iteration run (its update not made when stopped early). */
  readonly stoppedAt?: number;
  readonly reason?: StopReason;
  /** With early stopping: the logged iteration whose starting weights are returned. */
  readonly bestEpoch?: number;
}

/**
 * Trains a linear model of K = `initial.b.length` outputs on `data` (labels
 * 0/1 for one output, class numbers 0..K−1 for K) with fit.ts's loop: the
 * rows as one block (`trainingBlock`, `heldOutRows`), the state from
 * `startTraining`, every iteration, then `fitOutcome`. A job runs the same
 * parts over a dataset's shards.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite,
 *   in training or turned back into original units; with `standardize`, when
 *   the starting weights or a held-out row overflow float32 in standardized
 *   units
 */
export function trainLinear(data: Dataset, options: TrainOptions): LinearFit {
  const { initial, standardize: stats } = options;
  const blocks = [trainingBlock(data, stats, options.sampleWeights ?? null)];
  const validation =
    options.validation === undefined
      ? undefined
      : heldOutRows(options.validation, stats);
  const state = startTraining(
    initial,
    data.rows,
    options,
    validation !== undefined,
    stats,
  );
  runEpochs(state, { blocks, validation }, options);
  return fitOutcome(state, options, stats);
}

/**
 * Training rows as the loop takes them: `data` itself, or with `stats` its
 * standardized copy (standardize.ts), with their sample weights (null: 1).
 */
export function trainingBlock(
  data: Dataset,
  stats: FeatureStats | undefined,
  weights: Float32Array | null,
): FitBlock {
  return {
    data: stats === undefined ? data : standardizedCopy(data, stats),
    weights,
  };
}

/**
 * Held-out rows as the loop measures them: `data` itself, or with `stats`
 * its standardized copy once every value is finite.
 *
 * @throws TrainingDivergedError naming a feature that overflows float32
 */
export function heldOutRows(
  data: Dataset,
  stats: FeatureStats | undefined,
): Dataset {
  return stats === undefined
    ? data
    : finiteHeldOut(standardizedCopy(data, stats), stats);
}

/**
 * The state before iteration 0 of a training from `initial` (original
 * units, K outputs; left unchanged) over `rows` training rows, in
 * standardized units with `stats`; `validation` says whether held-out rows
 * will be measured (early stopping needs them).
 *
 * @throws TrainingDivergedError when the start overflows float32 in
 *   standardized units
 */
export function startTraining(
  initial: LinearWeights,
  rows: number,
  options: FitOptions,
  validation: boolean,
  stats?: FeatureStats,
): FitState {
  const outputs = initial.b.length;
  const params =
    stats === undefined
      ? paramsOf(initial)
      : finiteStart(
          standardizedParams(paramsOf(initial), initial, stats),
          outputs,
          stats,
        );
  return startFit(params, outputs, rows, options, validation);
}

/**
 * What a finished `state` gives: the weights (with early stopping, the best
 * logged ones) in original units and, with `stats`, as trained; the
 * history; with early stopping, where and why it ended.
 *
 * @throws TrainingDivergedError when a weight overflows float32 in
 *   original units
 */
export function fitOutcome(
  state: FitState,
  options: FitOptions,
  stats?: FeatureStats,
): LinearFit {
  const { stopping, history, params, outputs } = state;
  const trained = weightsOf(
    stopping === null ? params : stopping.best,
    outputs,
  );
  const result = {
    weights:
      stats === undefined
        ? trained
        : finiteInOriginalUnits(originalWeights(trained, stats), stats),
    ...(stats !== undefined && { standardizedWeights: trained }),
    history,
  };
  if (stopping === null) return result;
  return {
    ...result,
    stoppedAt: state.stoppedEarly ? state.epoch : options.epochs,
    reason: state.stoppedEarly ? "no_improvement" : "completed",
    bestEpoch: stopping.bestEpoch,
  };
}
