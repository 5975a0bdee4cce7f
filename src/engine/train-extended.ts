/**
 * Training of a linear model (the lab's sigmoid, or a softmax over K classes,
 * softmax.ts) with the options users of PyTorch and scikit-learn expect:
 * optimizers, L1/L2 penalties, mini-batches, class weights, standardized
 * features and early stopping.
 *
 * It keeps the lab's loop (train.ts): iterations 0..epochs inclusive, and a
 * logged iteration e (e % logEvery = 0) records the cost and accuracy of the
 * weights it starts with, before its update. With mini-batches an iteration
 * is one epoch over all batches, and its logged cost is that of the whole
 * training set before the epoch's first batch.
 *
 * With every option unset this is train.ts's arithmetic exactly (same
 * kernels, same step lr/n·Σ, same float32 stores), so the lab's numbers stay
 * bit for bit; each option switches on its own code path.
 */
import type { TrainOptions } from "./train";
import type { ClassWeightSpec } from "./class-weights";
import { TrainingDivergedError } from "../errors";
import { batchOrder, shuffle } from "./batches";
import { batchGradientSums, costTotals } from "./batch-gradient";
import type { Dataset, Weights } from "./dataset";
import {
  earlyStoppingState,
  recordValidationCost,
  type EarlyStoppingOptions,
} from "./early-stopping";
import { costAndAccuracy } from "./evaluate";
import { gradientSums, loggedGradientSums, type EpochTotals } from "./gradient";
import type { Loss } from "./logistic";
import { createOptimizer, plainSgd, type OptimizerOptions } from "./optimizers";
import { addPenaltyGradient, penaltyCost } from "./regularize";
import {
  standardize,
  toOriginalUnits,
  toStandardizedUnits,
  type FeatureStats,
} from "./standardize";

/** How to train; every field validated by the caller. */
/**
 * The extended options as a request chooses them and a stored model records
 * them: each present only when it changes training (`seed` exactly when
 * `batchSize` is), so a training with none of them is the lab's loop.
 */
export interface TrainingChoices {
  readonly standardize?: true;
  readonly l1?: number;
  readonly l2?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly optimizer?: OptimizerOptions;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly classWeights?: ClassWeightSpec;
}

/**
 * What the training loop needs of a linear model, whatever its number of
 * classes: its parameters, laid out as [weights, biases] so the penalties
 * take a prefix, and the passes over the data that give their gradient and
 * cost. `binaryModel` is the lab's sigmoid; softmax.ts has the softmax.
 */
export interface LinearModel<W> {
  /** The parameters the loop updates: the weights, then the biases. */
  readonly params: Float32Array;
  /** How many of `params` are weights (penalised); the rest are biases. */
  readonly weightCount: number;
  /**
   * The whole of `data` in row order, unweighted: the gradient sums into
   * `sums` (divide by the rows) and, with `totals`, the summed cost and the
   * rows labelled right, for the current parameters.
   */
  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset): void;
  /**
   * The gradient sums of the rows `order[start..end)` (start..end when
   * `order` is null), each times its weight in `weights` (1 when null).
   */
  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ): void;
  /** Σ_i s_i·cost_i over all of `data`, and the rows labelled right. */
  totals(
    totals: EpochTotals,
    data: Dataset,
    weights: Float32Array | null,
  ): void;
  /** The unweighted mean cost and the accuracy on held-out rows. */
  heldOut(data: Dataset): { cost: number; accuracy: number };
  /** Weights holding a copy of `params` (the layout of `this.params`). */
  weightsOf(params: Float32Array): W;
  /** Writes `weights` into the parameters; in standardized units with `stats`. */
  start(weights: W, stats: FeatureStats | undefined): void;
  /** Weights over standardized features (`weightsOf`'s) in original units. */
  toOriginal(trained: W, stats: FeatureStats): W;
}

export interface LinearTrainOptions<W> {
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  /** Starting weights, in original units; left unchanged. */
  readonly initial: W;
  /** Held-out rows, measured at every logged iteration, never trained on. */
  readonly validation?: Dataset;
  /** Train on (x − mean) / scale (standardize.ts); weights in and out stay in original units. */
  readonly standardize?: FeatureStats;
  /** λ₁ of λ₁·Σ|w_j| (regularize.ts); default 0. */
  readonly l1?: number;
  /** λ₂ of (λ₂/2)·Σ w_j²; default 0. */
  readonly l2?: number;
  /** Rows a batch (≥ 1); unset, or ≥ rows, is full batch in row order. */
  readonly batchSize?: number;
  /** Seed of the batch shuffle (batches.ts), 0 to 2^53 − 1; default 0. */
  readonly seed?: number;
  /** Default: plain SGD, `optim.SGD(params, lr)`. */
  readonly optimizer?: OptimizerOptions;
  /** One weight per training row (class-weights.ts); left unchanged. */
  readonly sampleWeights?: Float32Array;
  /** Stop on the validation cost; ignored without `validation`. */
  readonly earlyStopping?: EarlyStoppingOptions;
}

export interface ExtendedTrainOptions
  extends TrainOptions, Omit<LinearTrainOptions<Weights>, keyof TrainOptions> {}

/** One logged iteration, for the weights it started with. */
export interface ExtendedEpochLog {
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

export interface LinearTrainResult<W> {
  /** In original units; with early stopping, the best logged weights. */
  readonly weights: W;
  /** The same weights in standardized units, when `standardize` was set. */
  readonly standardizedWeights?: W;
  readonly history: ExtendedEpochLog[];
  /** With early stopping: the last epoch run (its update not made when stopped early). */
  readonly stoppedAt?: number;
  readonly reason?: StopReason;
  /** With early stopping: the logged epoch whose starting weights are returned. */
  readonly bestEpoch?: number;
}

export type ExtendedTrainResult = LinearTrainResult<Weights>;

/**
 * Trains `sigmoid(X·w + b)` on the mean cost (weighted, penalised) with the
 * chosen optimizer: `trainLinear` with `binaryModel`.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite
 */
export function trainExtended(
  data: Dataset,
  options: ExtendedTrainOptions,
): ExtendedTrainResult {
  return trainLinear(data, binaryModel(data.cols, options.loss), options);
}

/**
 * Trains `model` on the mean cost (weighted, penalised) with the chosen
 * optimizer.
 *
 * Gradient of a batch B: (1/|B|)·Σ_{i∈B} s_i·g_i·[x_i, 1] plus the penalty's
 * λ₁·sign(w) + λ₂·w on the weights, with g_i = dcost_i/dz_i and s_i the
 * sample weight. Plain SGD without a penalty steps as train.ts does,
 * p −= (lr/|B|)·Σ; every other case hands the float64 gradient to the
 * optimizer (optimizers.ts). Parameters are float32 after every step.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite
 */
export function trainLinear<W>(
  data: Dataset,
  model: LinearModel<W>,
  options: LinearTrainOptions<W>,
): LinearTrainResult<W> {
  const { rows } = data;
  const { epochs, lr, logEvery, standardize: stats } = options;
  const { params } = model;
  const size = params.length;

  // Everything the epochs use is allocated here, once.
  const train = stats === undefined ? data : standardizedCopy(data, stats);
  const validation =
    options.validation === undefined || stats === undefined
      ? options.validation
      : standardizedCopy(options.validation, stats);
  model.start(options.initial, stats);
  const w = params.subarray(0, model.weightCount);
  const sums = new Float64Array(size);
  const grad = new Float64Array(size);
  const totals: EpochTotals = { cost: 0, correct: 0 };
  const penalty = { l1: options.l1 ?? 0, l2: options.l2 ?? 0 };
  const penalised = penalty.l1 !== 0 || penalty.l2 !== 0;
  const optimizer = options.optimizer ?? plainSgd;
  const labStep =
    !penalised &&
    optimizer.kind === "sgd" &&
    optimizer.momentum === 0 &&
    optimizer.weightDecay === 0;
  const step = labStep ? null : createOptimizer(optimizer, lr, size);
  const weights = options.sampleWeights ?? null;
  const batchSize = Math.min(options.batchSize ?? rows, rows);
  const batches =
    batchSize < rows ? batchOrder(rows, batchSize, options.seed ?? 0) : null;
  const stopping =
    options.earlyStopping === undefined || validation === undefined
      ? null
      : earlyStoppingState(options.earlyStopping, size);
  const history: ExtendedEpochLog[] = [];
  let stoppedEarly = false;
  let lastEpoch = epochs;

  // One optimizer step from the gradient sums of `count` rows.
  function update(count: number, epoch: number): void {
    if (step === null) {
      const s = lr / count;
      for (let j = 0; j < size; j++) params[j] -= s * sums[j];
    } else {
      for (let j = 0; j < size; j++) grad[j] = sums[j] / count;
      if (penalised) addPenaltyGradient(grad, w, penalty);
      step(params, grad);
    }
    if (!allFinite(params)) {
      throw new TrainingDivergedError(
        `weights became non-finite at epoch ${epoch}: lower lr or scale the features`,
      );
    }
  }

  for (let epoch = 0; epoch <= epochs; epoch++) {
    const logged = epoch % logEvery === 0;
    // Full batch: the epoch's gradient sums, and on logged epochs its totals.
    if (batches === null && weights === null) {
      model.gradient(sums, logged ? totals : null, train);
    } else {
      if (logged) model.totals(totals, train, weights);
      if (batches === null) {
        model.batchGradient(sums, train, null, 0, rows, weights);
      }
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
      const entry: ExtendedEpochLog = penalised
        ? { epoch, cost, accuracy, dataCost }
        : { epoch, cost, accuracy };
      if (validation === undefined) {
        history.push(entry);
      } else {
        const held = model.heldOut(validation);
        history.push({
          ...entry,
          validationCost: held.cost,
          validationAccuracy: held.accuracy,
        });
        if (
          stopping !== null &&
          recordValidationCost(stopping, epoch, held.cost, params)
        ) {
          stoppedEarly = true;
          lastEpoch = epoch;
          break;
        }
      }
    }

    if (batches === null) {
      update(rows, epoch);
    } else {
      const order = shuffle(batches);
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(start + batchSize, rows);
        model.batchGradient(sums, train, order, start, end, weights);
        update(end - start, epoch);
      }
    }
  }

  const trained = model.weightsOf(stopping === null ? params : stopping.best);
  const result = {
    weights: stats === undefined ? trained : model.toOriginal(trained, stats),
    ...(stats === undefined ? {} : { standardizedWeights: trained }),
    history,
  };
  if (stopping === null) return result;
  return {
    ...result,
    stoppedAt: lastEpoch,
    reason: stoppedEarly ? "no_improvement" : "completed",
    bestEpoch: stopping.bestEpoch,
  };
}

/**
 * The lab's model, `sigmoid(x·w + b)` under `loss`, for `cols` features:
 * parameters [w_1..w_d, b], its passes the kernels of gradient.ts and
 * batch-gradient.ts, so with every option unset the numbers are train.ts's.
 */
export function binaryModel(cols: number, loss: Loss): LinearModel<Weights> {
  const params = new Float32Array(cols + 1);
  const w = params.subarray(0, cols);
  return {
    params,
    weightCount: cols,
    gradient(sums, totals, data) {
      if (totals === null) gradientSums(sums, data, w, params[cols], loss);
      else loggedGradientSums(sums, totals, data, w, params[cols], loss);
    },
    batchGradient(sums, data, order, start, end, weights) {
      batchGradientSums(
        sums,
        data,
        order,
        start,
        end,
        w,
        params[cols],
        loss,
        weights,
      );
    },
    totals(totals, data, weights) {
      costTotals(totals, data, w, params[cols], loss, weights);
    },
    heldOut(data) {
      return costAndAccuracy(data, { w, b: params[cols] }, loss);
    },
    weightsOf(source) {
      return { w: source.slice(0, cols), b: source[cols] };
    },
    start(initial, stats) {
      if (stats === undefined) {
        w.set(initial.w);
        params[cols] = initial.b;
      } else {
        params[cols] = toStandardizedUnits(w, initial, stats).b;
      }
    },
    toOriginal(trained, stats) {
      return toOriginalUnits(new Float32Array(cols), trained, stats);
    },
  };
}

/** `data` with its features standardized, in a new array. */
export function standardizedCopy(data: Dataset, stats: FeatureStats): Dataset {
  const { rows, cols } = data;
  const x = standardize(
    new Float32Array(rows * cols),
    data.x,
    rows,
    cols,
    stats,
  );
  return { x, y: data.y, rows, cols };
}

function allFinite(params: Float32Array): boolean {
  for (let j = 0; j < params.length; j++) {
    if (!Number.isFinite(params[j])) return false;
  }
  return true;
}
