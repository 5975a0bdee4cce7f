/**
 * The options of one training as a request chooses them and a stored version
 * records them: the lab's (epochs, lr, logEvery, loss, init, threshold) and
 * the extended ones that users of PyTorch and scikit-learn expect. Validated
 * by src/input before the engine sees them.
 */
import type { ClassValue } from "./class-values";
import type { ClassWeightSpec } from "./class-weights";
import type { EarlyStoppingOptions } from "./early-stopping";
import type { FitOptions } from "./fit-state";
import type { InitSpec } from "./init";
import type { Loss } from "./logistic";
import type { OptimizerOptions } from "./optimizers";
import type { Penalty } from "./regularize";

/**
 * The extended options, each present only when it changes training (`seed`
 * exactly when `batchSize` is), so a training with none of them is the lab's
 * loop. A stored version carries each one that was set.
 */
export interface TrainingChoices extends Partial<Penalty> {
  readonly standardize?: true;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly optimizer?: OptimizerOptions;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly classWeights?: ClassWeightSpec;
}

/** Rows to hold out: a stratified, seeded share of each class (split.ts). */
export interface ValidationOption {
  /** Share of each class's rows held out, strictly between 0 and 1. */
  readonly fraction: number;
  /** Seed of the shuffle that picks them. */
  readonly seed: number;
}

/** Every option of one training. */
export interface ModelOptions extends TrainingChoices {
  /** Iterations 0..epochs inclusive: epochs + 1 updates. */
  readonly epochs: number;
  readonly lr: number;
  /** Iteration e is logged when e % logEvery = 0. */
  readonly logEvery: number;
  /** The two-class model's cost; many classes minimise the cross-entropy. */
  readonly loss: Loss;
  /** Where the weights start. */
  readonly init: InitSpec;
  /** The two-class model's default threshold: label 1 when h ≥ threshold. */
  readonly threshold: number;
  readonly validation?: ValidationOption;
  /** The number of classes: 2 (one sigmoid output) or K ≥ 3 (a softmax). */
  readonly classes: number;
  /**
   * What each class index stands for (length `classes`): the user's label
   * values; with two, index 1 is the positive class. Absent: 0..classes − 1.
   */
  readonly classValues?: readonly ClassValue[];
}

/**
 * The loop's options among `options`, those fit.ts reads: the rest say
 * what the rows are (validation, standardize, class weights, classes) and
 * where the weights start.
 */
export function fitOptionsOf(options: ModelOptions): FitOptions {
  const {
    validation: _v,
    classes: _c,
    classValues: _cv,
    init: _i,
    threshold: _t,
    standardize: _s,
    classWeights: _w,
    ...fit
  } = options;
  return fit;
}
