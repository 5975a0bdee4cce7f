/**
 * What the training loop (fit.ts) takes and carries: its options, the rows
 * it runs over, and its state between epochs as plain data (`FitState`),
 * which a paused training saves whole and resumes from.
 */
import type { Dataset } from "./dataset";
import { emptyHistory, type EpochHistory } from "./epoch-history";
import {
  earlyStoppingState,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
} from "./early-stopping";
import type { Loss } from "./logistic";
import {
  optimizerState,
  plainSgd,
  type OptimizerOptions,
  type OptimizerState,
} from "./optimizers";
import { isPenalised, type Penalty } from "./regularize";
import { Mt19937, type Mt19937State } from "./torch-init";

/** How to train; every field validated by the caller. */
export interface FitOptions extends Partial<Penalty> {
  /** Iterations 0..epochs inclusive are run: epochs + 1 updates. */
  readonly epochs: number;
  /** Learning rate of the optimizer (`optim.SGD(lr=...)` by default). */
  readonly lr: number;
  /** Iteration e is logged when e % logEvery === 0. */
  readonly logEvery: number;
  /** The cost of one output (logistic.ts), "bce" by default; K outputs minimise the cross-entropy. */
  readonly loss?: Loss;
  /** Rows a batch (≥ 1); unset, or ≥ rows, is full batch in row order. */
  readonly batchSize?: number;
  /** Seed of the batch shuffle (batches.ts), 0 to 2^53 − 1; default 0. */
  readonly seed?: number;
  /** Default: plain SGD, `optim.SGD(params, lr)`. */
  readonly optimizer?: OptimizerOptions;
  /** Stop on the validation cost; ignored without validation rows. */
  readonly earlyStopping?: EarlyStoppingOptions;
}

/** The rows one training runs over. */
export interface FitData {
  /**
   * The training rows in blocks, with a weight per row (class-weights.ts)
   * or null; with `batchSize` below the rows, one block.
   */
  readonly blocks: readonly FitBlock[];
  /** Held-out rows, measured at every logged iteration, never trained on. */
  readonly validation?: Dataset;
}

/** Training rows and their sample weights (null: every weight 1). */
export interface FitBlock {
  readonly data: Dataset;
  readonly weights: Float32Array | null;
}

/** Why training ended, when early stopping was asked for. */
export type StopReason = "no_improvement" | "completed";

/**
 * Everything the loop carries between epochs, as plain data (objects of
 * typed arrays, numbers and booleans, and the history's array of numbers):
 * a paused training saves it whole.
 */
export interface FitState {
  /** The next iteration to run. */
  epoch: number;
  /** True once no iteration is left: all ran, or early stopping ended it. */
  done: boolean;
  /** True when early stopping ended training before its last iteration. */
  stoppedEarly: boolean;
  /** The parameters [W (K × d), b (K)], as trained (standardized units). */
  readonly params: Float32Array;
  /** K, the model's outputs. */
  readonly outputs: number;
  /** The optimizer's moments; null for the lab's plain step. */
  readonly optimizer: OptimizerState | null;
  /** The mini-batch shuffle's generator; null when full batch. */
  readonly shuffle: Mt19937State | null;
  /** Early stopping's best so far; null without it. */
  readonly stopping: EarlyStoppingState | null;
  /** The logged iterations (epoch-history.ts). */
  readonly history: EpochHistory;
}

/**
 * The state before iteration 0, from `params` ([W, b] for `outputs`
 * outputs, taken over), for `rows` training rows.
 */
export function startFit(
  params: Float32Array,
  outputs: number,
  rows: number,
  options: FitOptions,
  validation: boolean,
): FitState {
  const batched = (options.batchSize ?? rows) < rows;
  return {
    epoch: 0,
    done: false,
    stoppedEarly: false,
    params,
    outputs,
    optimizer: labStep(options)
      ? null
      : optimizerState(options.optimizer ?? plainSgd, params.length),
    shuffle: batched ? new Mt19937(options.seed ?? 0).state : null,
    stopping:
      options.earlyStopping && validation
        ? earlyStoppingState(options.earlyStopping, params.length)
        : null,
    history: emptyHistory(),
  };
}

/** True when each step is the lab's p −= (lr/n)·Σ: plain SGD, no penalty. */
function labStep(options: FitOptions): boolean {
  const optimizer = options.optimizer;
  return (
    !isPenalised(options) &&
    (optimizer === undefined ||
      (optimizer.kind === "sgd" &&
        optimizer.momentum === 0 &&
        optimizer.weightDecay === 0))
  );
}
