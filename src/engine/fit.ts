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
 * a full-batch epoch, the step w −= (lr/n)·Σ, float32 stores; and then,
 * nothing but the step being done between two epochs, the loop hands runs
 * of up to `FUSED_EPOCHS` epochs to one kernel call (`plainEpochs`), whose
 * numbers are the epoch-by-epoch path's to the bit.
 *
 * The loop can pause: everything it carries from one epoch to the next
 * (parameters, optimizer moments, the shuffle's generator, early stopping's
 * best, history, epoch) is a `FitState` of plain data, and `runEpochs` runs
 * a bounded number of epochs from one. A full-batch epoch's gradient is the
 * sum of each block's gradient sums, block after block in a fixed order, so
 * rows held in one block (a request) or several (the shards of a dataset)
 * train the same way.
 */
import { shuffle } from "./batches";
import { logIteration, throwIfNotFinite } from "./fit-log";
import type { FitBlock, FitData, FitOptions, FitState } from "./fit-state";
import type { EpochTotals } from "./gradient";
import { FUSED_EPOCHS } from "./kernel-layout";
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
 * Runs iterations from `state.epoch` until training is done or `count`
 * iterations have run, updating `state` in place, and returns it (a state
 * already done is returned as it is).
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
  if (state.done) return state;
  const { params, outputs } = state;
  const { blocks } = data;
  const { epochs, lr, logEvery } = options;
  const size = params.length;
  const weightCount = size - outputs;
  const cols = weightCount / outputs;
  const passes = linearPasses(params, outputs, cols, options.loss ?? "bce");
  let rows = 0;
  for (const block of blocks) rows += block.data.rows;

  // Everything the iterations use is allocated here, once.
  const sums = new Float64Array(size);
  const totals: EpochTotals = { cost: 0, correct: 0 };
  const penalty = penaltyOf(options);
  const penalised = isPenalised(penalty);
  // The penalised weights; the optimizer and its gradient, unless the
  // step is the lab's.
  const w = penalised ? params.subarray(0, weightCount) : params;
  const optimizer =
    state.optimizer === null
      ? null
      : {
          step: createOptimizer(
            options.optimizer ?? plainSgd,
            lr,
            size,
            state.optimizer,
          ),
          grad: new Float64Array(size),
        };
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
  // Each later block's sums, before they are added to the first's.
  const part = {
    sums: blocks.length > 1 ? new Float64Array(size) : sums,
    totals: { cost: 0, correct: 0 },
  };

  // Full batch, one unweighted block, the lab's step, no validation rows:
  // nothing happens between two epochs but the step, so the kernel runs
  // them a run at a time, its logs written here.
  const fused =
    single && batches === null && optimizer === null && !data.validation
      ? new Float64Array(2 * FUSED_EPOCHS)
      : null;

  const last = Math.min(epochs, state.epoch + count - 1);
  for (let epoch = state.epoch; epoch <= last; epoch++) {
    if (fused !== null && hasPlainEpochs(passes)) {
      // Epochs epoch.. of the run; the loop's ++ moves past its last.
      epoch +=
        plainEpochs(state, epoch, last, fused, passes, data, options) - 1;
      continue;
    }
    const logged = epoch % logEvery === 0;
    // Full batch: the iteration's gradient sums, and on logged ones its totals.
    if (single && batches === null) {
      passes.gradient(sums, logged ? totals : null, block.data);
    } else {
      blockSums(
        sums,
        logged ? totals : null,
        blocks,
        passes,
        batches === null,
        part,
      );
    }

    if (
      logged &&
      logIteration(state, epoch, totals, rows, passes, data, w, penalty)
    ) {
      return state;
    }

    if (batches === null) {
      update(params, outputs, w, sums, rows, optimizer, lr, penalty, epoch);
    } else {
      const order = shuffle(batches);
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(start + batchSize, rows);
        const { data: rowsOf, weights } = block;
        passes.batchGradient(sums, rowsOf, order, start, end, weights);
        const n = end - start;
        update(params, outputs, w, sums, n, optimizer, lr, penalty, epoch);
      }
    }
  }
  state.epoch = last + 1;
  state.done = state.epoch > epochs;
  return state;
}

/** True when `passes` can run epochs of the lab's step in one call. */
function hasPlainEpochs(
  passes: LinearPasses,
): passes is Required<LinearPasses> {
  return passes.plainEpochs !== undefined;
}

/**
 * Iterations `epoch` to `last` (up to `FUSED_EPOCHS` of them) of the lab's
 * full-batch step over the one block of `data`, in one kernel call
 * (`passes.plainEpochs`), each logged one recorded in `state.history` by
 * `logIteration` from its totals in `logs`. Returns how many ran.
 *
 * @throws TrainingDivergedError at the epoch, and for the cost or the
 *   parameter, that the epoch-by-epoch path throws for
 */
function plainEpochs(
  state: FitState,
  epoch: number,
  last: number,
  logs: Float64Array,
  passes: Required<LinearPasses>,
  data: FitData,
  options: FitOptions,
): number {
  const { lr, logEvery } = options;
  const rows = data.blocks[0].data;
  const count = Math.min(last - epoch + 1, FUSED_EPOCHS);
  const ran = passes.plainEpochs(logs, rows, lr, epoch, count, logEvery);
  // The epochs that ran, and the one that stopped the run if one did.
  const end = epoch + Math.min(ran + 1, count);
  const totals: EpochTotals = { cost: 0, correct: 0 };
  const penalty = penaltyOf(options);
  let k = 0;
  for (let e = Math.ceil(epoch / logEvery) * logEvery; e < end; e += logEvery) {
    totals.cost = logs[k++];
    totals.correct = logs[k++];
    logIteration(
      state,
      e,
      totals,
      rows.rows,
      passes,
      data,
      state.params,
      penalty,
    );
  }
  if (ran < count) throwIfNotFinite(state.params, state.outputs, epoch + ran);
  return ran;
}

/**
 * The gradient sums of every row of `blocks` into `sums` (when `gradient`),
 * and with `totals` their cost and rows labelled right: each block's own
 * sums, added block after block. The first block's go straight into `sums`,
 * so one block gives its pass's numbers to the bit; the others' go into
 * `part` (allocated once by the caller) first.
 */
function blockSums(
  sums: Float64Array,
  totals: EpochTotals | null,
  blocks: readonly FitBlock[],
  passes: LinearPasses,
  gradient: boolean,
  part: { sums: Float64Array; totals: EpochTotals },
): void {
  for (let k = 0; k < blocks.length; k++) {
    const { data, weights } = blocks[k];
    const into = k === 0 ? sums : part.sums;
    const counts = totals === null ? null : k === 0 ? totals : part.totals;
    if (weights === null && gradient) {
      passes.gradient(into, counts, data);
    } else {
      if (counts !== null) passes.totals(counts, data, weights);
      if (gradient) {
        passes.batchGradient(into, data, null, 0, data.rows, weights);
      }
    }
    if (k === 0) continue;
    if (gradient) {
      for (let j = 0; j < sums.length; j++) sums[j] += part.sums[j];
    }
    if (totals !== null) {
      totals.cost += part.totals.cost;
      totals.correct += part.totals.correct;
    }
  }
}

/**
 * One step of `params` (of `outputs` outputs; its weights, penalised, are
 * `w`) from the gradient sums `sums` of `n` rows: the lab's p −= (lr/n)·Σ
 * without an `optimizer`, else the mean gradient plus the penalty's, handed
 * to it. (A function of its own, not a closure in `runEpochs`: variables a
 * closure captures live on the heap, and the loop's would be slower to
 * reach.)
 */
function update(
  params: Float32Array,
  outputs: number,
  w: Float32Array,
  sums: Float64Array,
  n: number,
  optimizer: { step: OptimizerStep; grad: Float64Array } | null,
  lr: number,
  penalty: Penalty,
  epoch: number,
): void {
  const size = params.length;
  if (optimizer === null) {
    const s = lr / n;
    for (let j = 0; j < size; j++) params[j] -= s * sums[j];
  } else {
    const { step, grad } = optimizer;
    for (let j = 0; j < size; j++) grad[j] = sums[j] / n;
    if (isPenalised(penalty)) addPenaltyGradient(grad, w, penalty);
    step(params, grad);
  }
  throwIfNotFinite(params, outputs, epoch);
}
