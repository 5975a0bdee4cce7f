/**
 * The one training loop, for a linear model of any number of outputs
 * (linear-model.ts), with the options users of PyTorch and scikit-learn
 * expect: optimizers, L1/L2 penalties, mini-batches, sample weights,
 * standardized features and early stopping.
 *
 * It is the lab's loop: iterations 0..epochs inclusive (`for epoch in
 * range(nb_epochs + 1)`), and a logged iteration e (e % logEvery = 0)
 * records the cost and accuracy of the weights it starts with, before its
 * update. With mini-batches an iteration is one epoch over all batches, and
 * its logged cost is that of the whole training set before the first batch.
 * With every option unset it is the lab's arithmetic exactly: one fused pass
 * a full-batch epoch, the step w −= (lr/n)·Σ, float32 stores.
 *
 * The loop can pause: everything it carries from one epoch to the next
 * (parameters, optimizer moments, the shuffle's generator, early stopping's
 * best, history, epoch) is a `FitState` of plain data, and `runEpochs` runs
 * a bounded number of epochs from one. A full-batch epoch's gradient is the
 * sum of each block's gradient sums, block after block in a fixed order, so
 * rows held in one block (a request) or several (the shards of a dataset)
 * train the same way.
 */
import { TrainingDivergedError } from "../errors";
import { shuffle } from "./batches";
import type { Dataset } from "./dataset";
import {
  earlyStoppingState,
  recordValidationCost,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
} from "./early-stopping";
import type { EpochTotals } from "./gradient";
import { linearPasses, type LinearPasses } from "./linear-model";
import type { Loss } from "./logistic";
import {
  createOptimizer,
  optimizerState,
  type OptimizerOptions,
  type OptimizerState,
  type OptimizerStep,
} from "./optimizers";
import {
  addPenaltyGradient,
  isPenalised,
  penaltyCost,
  type Penalty,
} from "./regularize";
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

/** One logged iteration, for the weights it started with. */
export interface EpochLog {
  readonly epoch: number;
  /** Mean training cost (weighted if sample weights are set), plus the penalty. */
  readonly cost: number;
  /** Fraction of training rows labelled right (h ≥ 0.5, or the arg-max class). */
  readonly accuracy: number;
  /** The cost without the penalty; present when l1 or l2 is set. */
  readonly dataCost?: number;
  /** Unweighted, unpenalised mean cost and accuracy of the validation rows. */
  readonly validationCost?: number;
  readonly validationAccuracy?: number;
}

/** Why training ended, when early stopping was asked for. */
export type StopReason = "no_improvement" | "completed";

/**
 * Everything the loop carries between epochs, as plain data (typed arrays,
 * numbers, arrays of plain objects): a paused training saves it whole.
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
  readonly history: EpochLog[];
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
      : optimizerState(options.optimizer ?? PLAIN_SGD, params.length),
    shuffle: batched ? new Mt19937(options.seed ?? 0).state : null,
    stopping:
      options.earlyStopping && validation
        ? earlyStoppingState(options.earlyStopping, params.length)
        : null,
    history: [],
  };
}

const PLAIN_SGD: OptimizerOptions = {
  kind: "sgd",
  momentum: 0,
  nesterov: false,
  weightDecay: 0,
};

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

/**
 * Runs iterations from `state.epoch` until training is done or `count`
 * iterations have run, updating `state` in place, and returns it.
 *
 * Gradient of a batch B: (1/|B|)·Σ_{i∈B} s_i·g_i·[x_i, 1] plus the penalty's
 * λ₁·sign(w) + λ₂·w on the weights, with g_i = dcost_i/dz_i (logistic.ts,
 * softmax.ts) and s_i the sample weight. Plain SGD without a penalty steps
 * p −= (lr/|B|)·Σ; every other case hands the float64 gradient to the
 * optimizer (optimizers.ts). Parameters are float32 after every step.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite
 */
export function runEpochs(
  state: FitState,
  data: FitData,
  options: FitOptions,
  count = Infinity,
): FitState {
  const { params, outputs, history, stopping } = state;
  const { blocks, validation } = data;
  const { epochs, lr, logEvery } = options;
  const size = params.length;
  const weightCount = size - outputs;
  const cols = weightCount / outputs;
  const passes = linearPasses(params, outputs, cols, options.loss ?? "bce");
  let rows = 0;
  for (const block of blocks) rows += block.data.rows;

  // Everything the iterations use is allocated here, once.
  const sums = new Float64Array(size);
  const grad = new Float64Array(size);
  const totals: EpochTotals = { cost: 0, correct: 0 };
  const penalty = { l1: options.l1 ?? 0, l2: options.l2 ?? 0 };
  const penalised = isPenalised(penalty);
  const w = params.subarray(0, weightCount);
  const step =
    state.optimizer === null
      ? null
      : createOptimizer(
          options.optimizer ?? PLAIN_SGD,
          lr,
          size,
          state.optimizer,
        );
  const batchSize = Math.min(options.batchSize ?? rows, rows);
  const batches =
    state.shuffle === null
      ? null
      : {
          order: new Uint32Array(rows),
          batchSize,
          gen: new Mt19937(state.shuffle),
        };
  const block = blocks[0];
  const single = blocks.length === 1 && block.weights === null;

  // The lab's step size, lr/n, for a full batch.
  const labRate = lr / rows;

  const last = Math.min(epochs, state.epoch + count - 1);
  for (let epoch = state.epoch; epoch <= last; epoch++) {
    const logged = epoch % logEvery === 0;
    // Full batch: the iteration's gradient sums, and on logged ones its totals.
    if (single && batches === null) {
      passes.gradient(sums, logged ? totals : null, block.data);
    } else {
      blockSums(sums, logged ? totals : null, blocks, passes, batches === null);
    }

    if (logged) {
      const dataCost = totals.cost / rows;
      const cost = penalised ? dataCost + penaltyCost(w, penalty) : dataCost;
      if (!Number.isFinite(cost)) {
        throw new TrainingDivergedError(
          `cost became ${cost} at epoch ${epoch}: lower lr or scale the features`,
        );
      }
      const accuracy = totals.correct / rows;
      const entry: EpochLog = penalised
        ? { epoch, cost, accuracy, dataCost }
        : { epoch, cost, accuracy };
      if (validation === undefined) {
        history.push(entry);
      } else {
        const held = passes.heldOut(validation);
        history.push({
          ...entry,
          validationCost: held.cost,
          validationAccuracy: held.accuracy,
        });
        if (
          stopping !== null &&
          recordValidationCost(stopping, epoch, held.cost, params)
        ) {
          state.epoch = epoch;
          state.done = true;
          state.stoppedEarly = true;
          return state;
        }
      }
    }

    if (batches === null && step === null) {
      // The lab's step; the Float32Array store rounds each to float32.
      for (let j = 0; j < size; j++) params[j] -= labRate * sums[j];
      if (!allFinite(params)) throw diverged(epoch);
    } else if (batches === null) {
      update(params, w, sums, grad, rows, step, lr, penalty, epoch);
    } else {
      const order = shuffle(batches);
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(start + batchSize, rows);
        passes.batchGradient(
          sums,
          block.data,
          order,
          start,
          end,
          block.weights,
        );
        update(params, w, sums, grad, end - start, step, lr, penalty, epoch);
      }
    }
  }
  state.epoch = last + 1;
  state.done = state.epoch > epochs;
  return state;
}

/**
 * The gradient sums of every row of `blocks` into `sums` (when `gradient`),
 * and with `totals` their cost and rows labelled right: each block's own
 * sums, added block after block. The first block's go straight into `sums`,
 * so one block gives its pass's numbers to the bit.
 */
function blockSums(
  sums: Float64Array,
  totals: EpochTotals | null,
  blocks: readonly FitBlock[],
  passes: LinearPasses,
  gradient: boolean,
): void {
  const part = blocks.length > 1 ? new Float64Array(sums.length) : sums;
  const partTotals: EpochTotals = { cost: 0, correct: 0 };
  for (let k = 0; k < blocks.length; k++) {
    const { data, weights } = blocks[k];
    const into = k === 0 ? sums : part;
    const counts = totals === null ? null : k === 0 ? totals : partTotals;
    if (weights === null && gradient) {
      passes.gradient(into, counts, data);
    } else {
      if (counts !== null) passes.totals(counts, data, weights);
      if (gradient) {
        passes.batchGradient(into, data, null, 0, data.rows, weights);
      }
    }
    if (k === 0) continue;
    if (gradient) for (let j = 0; j < sums.length; j++) sums[j] += part[j];
    if (totals !== null) {
      totals.cost += partTotals.cost;
      totals.correct += partTotals.correct;
    }
  }
}

/**
 * One step of `params` (whose weights, penalised, are `w`) from the
 * gradient sums `sums` of `n` rows: the lab's
 * p −= (lr/n)·Σ when `step` is null, else the mean gradient plus the
 * penalty's, handed to the optimizer. (A function of its own, not a closure
 * in `runEpochs`: variables a closure captures live on the heap, and the
 * loop's would be slower to reach.)
 */
function update(
  params: Float32Array,
  w: Float32Array,
  sums: Float64Array,
  grad: Float64Array,
  n: number,
  step: OptimizerStep | null,
  lr: number,
  penalty: Penalty,
  epoch: number,
): void {
  const size = params.length;
  if (step === null) {
    const s = lr / n;
    for (let j = 0; j < size; j++) params[j] -= s * sums[j];
  } else {
    for (let j = 0; j < size; j++) grad[j] = sums[j] / n;
    if (isPenalised(penalty)) addPenaltyGradient(grad, w, penalty);
    step(params, grad);
  }
  if (!allFinite(params)) throw diverged(epoch);
}

function diverged(epoch: number): TrainingDivergedError {
  return new TrainingDivergedError(
    `weights became non-finite at epoch ${epoch}: lower lr or scale the features`,
  );
}

function allFinite(params: Float32Array): boolean {
  for (let j = 0; j < params.length; j++) {
    if (!Number.isFinite(params[j])) return false;
  }
  return true;
}
