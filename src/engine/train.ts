/**
 * One training from start to end, as a request runs it: the rows in one
 * block, every iteration of fit.ts's loop in one go, and the weights back in
 * the units the rows came in.
 */
import { TrainingDivergedError } from "../errors";
import type { Dataset } from "./dataset";
import { runEpochs } from "./fit";
import {
  startFit,
  type EpochLog,
  type FitOptions,
  type StopReason,
} from "./fit-state";
import {
  originalWeights,
  standardizedCopy,
  standardizedParams,
  type FeatureStats,
} from "./standardize";
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
  readonly history: EpochLog[];
  /** With early stopping: the last iteration run (its update not made when stopped early). */
  readonly stoppedAt?: number;
  readonly reason?: StopReason;
  /** With early stopping: the logged iteration whose starting weights are returned. */
  readonly bestEpoch?: number;
}

/**
 * Trains a linear model of K = `initial.b.length` outputs on `data` (labels
 * 0/1 for one output, class numbers 0..K−1 for K) with fit.ts's loop.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite,
 *   in training or turned back into original units
 */
export function trainLinear(data: Dataset, options: TrainOptions): LinearFit {
  const { initial, standardize: stats } = options;
  const outputs = initial.b.length;
  const train = stats === undefined ? data : standardizedCopy(data, stats);
  const validation =
    options.validation === undefined || stats === undefined
      ? options.validation
      : standardizedCopy(options.validation, stats);
  const params =
    stats === undefined
      ? paramsOf(initial)
      : standardizedParams(paramsOf(initial), initial, stats);
  const state = startFit(
    params,
    outputs,
    data.rows,
    options,
    validation !== undefined,
  );
  const blocks = [{ data: train, weights: options.sampleWeights ?? null }];
  runEpochs(state, { blocks, validation }, options);

  const { stopping, history } = state;
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

/**
 * `weights`, once every one is finite. A feature whose spread is below
 * float32's normal range (a scale of 7e-46, say, which scikit-learn computes
 * too) trains fine in standardized units, but w / scale overflows float32 in
 * original units: a model that would predict null.
 *
 * @throws TrainingDivergedError naming the feature
 */
function finiteInOriginalUnits(
  weights: LinearWeights,
  stats: FeatureStats,
): LinearWeights {
  const { w, b } = weights;
  const { scale } = stats;
  const refuse = (what: string) =>
    new TrainingDivergedError(
      `${what}: standardize cannot undo a feature this narrow; rescale it or train without standardize`,
    );
  for (let q = 0; q < w.length; q++) {
    if (Number.isFinite(w[q])) continue;
    const j = q % scale.length;
    throw refuse(
      `the weight of feature ${j + 1} in original units is ${w[q]} (its scale is ${scale[j].toPrecision(2)})`,
    );
  }
  for (let k = 0; k < b.length; k++) {
    if (!Number.isFinite(b[k])) {
      throw refuse(`the bias in original units is ${b[k]}`);
    }
  }
  return weights;
}
