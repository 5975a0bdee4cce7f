/**
 * The working objects of fit.ts's loop over a `FitState` (its passes, its
 * optimizer, the shuffle's generator), made once per run and never stored,
 * and the loop's step: what epoch-parts.ts and shard-batches.ts share.
 */
import { throwIfNotFinite } from "./fit-log";
import type { FitOptions, FitState } from "./fit-state";
import type { EpochTotals } from "./kernel-layout";
import { linearPasses } from "./linear-model";
import type { LinearPasses } from "./linear-passes";
import { createOptimizer, plainSgd, type OptimizerStep } from "./optimizers";
import {
  addPenaltyGradient,
  isPenalised,
  penaltyOf,
  type Penalty,
} from "./regularize";
import { Mt19937 } from "./torch-init";

/**
 * The loop's working objects over a `FitState`, made once per run (a
 * request's training, a job's step) and never stored: the passes and the
 * optimizer read and write the state's arrays in place.
 */
export interface EpochRun {
  readonly state: FitState;
  readonly options: FitOptions;
  readonly passes: LinearPasses;
  readonly penalty: Penalty;
  /** The penalised weights: W, or all of [W, b] without a penalty. */
  readonly w: Float32Array;
  readonly optimizer: {
    readonly step: OptimizerStep;
    readonly grad: Float64Array;
  } | null;
  /** A later block's sums and totals, before they are added. */
  readonly scratch: { readonly sums: Float64Array; totals: EpochTotals };
  /** The mini-batch shuffle's generator, advancing `state.shuffle`; null when full batch. */
  readonly gen: Mt19937 | null;
  /** A block's row order for its mini-batches, grown to the largest block. */
  order: Uint32Array;
}

/** The working objects for `state` under `options` (the options it started with). */
export function openEpochs(state: FitState, options: FitOptions): EpochRun {
  const { params, outputs } = state;
  const size = params.length;
  const cols = (size - outputs) / outputs;
  const penalty = penaltyOf(options);
  return {
    state,
    options,
    passes: linearPasses(params, outputs, cols, options.loss ?? "bce"),
    penalty,
    w: isPenalised(penalty) ? params.subarray(0, size - outputs) : params,
    optimizer:
      state.optimizer === null
        ? null
        : {
            step: createOptimizer(
              options.optimizer ?? plainSgd,
              options.lr,
              size,
              state.optimizer,
            ),
            grad: new Float64Array(size),
          },
    scratch: { sums: new Float64Array(size), totals: { cost: 0, correct: 0 } },
    gen: state.shuffle === null ? null : new Mt19937(state.shuffle),
    order: new Uint32Array(0),
  };
}

/** Moves `state` past its current iteration. */
export function nextIteration(state: FitState, options: FitOptions): void {
  state.epoch++;
  state.done = state.epoch > options.epochs;
}

/**
 * One step of the run's parameters from the gradient sums `sums` of `n`
 * rows: the lab's p −= (lr/n)·Σ without an optimizer, else the mean
 * gradient plus the penalty's, handed to it; parameters are float32 after.
 *
 * @throws TrainingDivergedError naming a parameter that is not finite after
 */
export function step(run: EpochRun, sums: Float64Array, n: number): void {
  const { state, optimizer, penalty } = run;
  const { params } = state;
  const size = params.length;
  if (optimizer === null) {
    const s = run.options.lr / n;
    for (let j = 0; j < size; j++) params[j] -= s * sums[j];
  } else {
    const { step: optimize, grad } = optimizer;
    for (let j = 0; j < size; j++) grad[j] = sums[j] / n;
    if (isPenalised(penalty)) addPenaltyGradient(grad, run.w, penalty);
    optimize(params, grad);
  }
  throwIfNotFinite(params, state.outputs, state.epoch);
}
