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
import {
  endIteration,
  epochPartial,
  epochPart,
  needsFullPass,
} from "./epoch-parts";
import { openEpochs } from "./epoch-run";
import { logPlainIterations, throwIfNotFinite } from "./fit-log";
import type { FitData, FitOptions, FitState } from "./fit-state";
import { FUSED_EPOCHS } from "./kernel-layout";
import { holdsWhole } from "./kernel-rows";
import type { LinearPasses } from "./linear-passes";
import { blockBatches, blockOrder, endBatches } from "./shard-batches";

/**
 * Runs iterations from `state.epoch` until training is done or `count`
 * iterations have run, updating `state` in place, and returns it (a state
 * already done is returned as it is). Each iteration is epoch-parts.ts's
 * (all of `data.blocks` in one part) and, with mini-batches,
 * shard-batches.ts's: a job that runs them a group of blocks at a time
 * lands on these numbers.
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
  const { blocks } = data;
  const run = openEpochs(state, options);
  const partial = epochPartial(state.params.length);
  const validation = data.validation === undefined ? [] : [data.validation];

  // Full batch, one unweighted block the kernel holds whole, the lab's
  // step, no validation rows: nothing happens between two epochs but the
  // step, so the kernel runs them a run at a time, its logs written here.
  // Rows over what it holds whole go a window at a time each epoch, so
  // epoch by epoch through the loop below.
  const fused =
    blocks.length === 1 &&
    blocks[0].weights === null &&
    holdsWhole(blocks[0].data.rows, blocks[0].data.cols) &&
    run.gen === null &&
    run.optimizer === null &&
    !data.validation &&
    hasPlainEpochs(run.passes)
      ? { logs: fusedLogs(), passes: run.passes }
      : null;

  const last = Math.min(options.epochs, state.epoch + count - 1);
  while (!state.done && state.epoch <= last) {
    if (fused !== null) {
      const { logs, passes } = fused;
      state.epoch += plainEpochs(state, last, logs, passes, data, options);
      state.done = state.epoch > options.epochs;
      continue;
    }
    if (needsFullPass(run)) {
      epochPart(run, partial, blocks, validation);
      if (endIteration(run, partial)) return state;
    }
    if (run.gen !== null) {
      for (const k of blockOrder(run, blocks.length)) {
        blockBatches(run, blocks[k]);
      }
      endBatches(run);
    }
  }
  return state;
}

/** `plainEpochs`'s logs (16 KiB), made on the first fused run and kept. */
let logsOfRuns: Float64Array | null = null;

/**
 * The buffer a run of fused epochs writes its logs into, the same one every
 * training: a new one was a zeroed 16 KiB outside V8's heap a training, a
 * few percent of the toy's (bench:ab). Each run's logs are read before the
 * next run writes them: training is synchronous.
 */
function fusedLogs(): Float64Array {
  logsOfRuns ??= new Float64Array(2 * FUSED_EPOCHS);
  return logsOfRuns;
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
 * `logPlainIterations` from its totals in `logs`. Returns how many ran.
 *
 * @throws TrainingDivergedError at the epoch, and for the cost or the
 *   parameter, that the epoch-by-epoch path throws for
 */
function plainEpochs(
  state: FitState,
  last: number,
  logs: Float64Array,
  passes: Required<LinearPasses>,
  data: FitData,
  options: FitOptions,
): number {
  const { lr, logEvery } = options;
  const { epoch } = state;
  const rows = data.blocks[0].data;
  const count = Math.min(last - epoch + 1, FUSED_EPOCHS);
  const ran = passes.plainEpochs(logs, rows, lr, epoch, count, logEvery);
  // The epochs that ran, and the one that stopped the run if one did.
  const end = epoch + Math.min(ran + 1, count);
  const from = Math.ceil(epoch / logEvery) * logEvery;
  logPlainIterations(state.history, logs, from, end, logEvery, rows.rows);
  if (ran < count) throwIfNotFinite(state.params, state.outputs, epoch + ran);
  return ran;
}
