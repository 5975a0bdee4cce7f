/**
 * One iteration of fit.ts's loop in parts, so that rows held in many blocks
 * (the shards of a dataset, a few per Workflow step) train as rows held in
 * one (a request) do, through the same functions.
 *
 * A full-batch iteration is two halves. `epochPart` adds some blocks'
 * gradient sums, at the iteration's weights, into an `EpochPartial` (on a
 * logged iteration also their cost and rows right, and the validation
 * rows' totals); called block group after block group in a fixed order, it
 * sums them as one call over all the blocks would, the first block's sums
 * written straight into the partial and each later one's added to them.
 * `endIteration` then logs the iteration from those totals, lets early
 * stopping judge it and takes the one step, p −= (lr/n)·Σ or the
 * optimizer's. Between the parts, the `FitState` and the `EpochPartial` are
 * plain data (typed arrays and numbers): a job stores them and goes on in
 * its next step. Mini-batches are shard-batches.ts's.
 */
import type { Dataset } from "./dataset";
import { nextIteration, step, type EpochRun } from "./epoch-run";
import { logIteration } from "./fit-log";
import type { FitBlock } from "./fit-state";

/**
 * What one iteration has summed so far, plain data: the training blocks'
 * gradient sums [W, b] (float64, 8 bytes a parameter) and, on a logged
 * iteration, their Σ cost and rows right, and the validation rows'.
 */
export interface EpochPartial {
  readonly sums: Float64Array;
  /** Training blocks added this iteration. */
  blocks: number;
  /** Training rows added this iteration. */
  rows: number;
  cost: number;
  correct: number;
  validationRows: number;
  validationCost: number;
  validationCorrect: number;
}

/** An empty partial for `size` parameters. */
export function epochPartial(size: number): EpochPartial {
  return clearPartial({
    sums: new Float64Array(size),
    blocks: 0,
    rows: 0,
    cost: 0,
    correct: 0,
    validationRows: 0,
    validationCost: 0,
    validationCorrect: 0,
  });
}

/** Empties `partial` for the next iteration and returns it. */
export function clearPartial(partial: EpochPartial): EpochPartial {
  partial.sums.fill(0);
  partial.blocks = partial.rows = partial.cost = partial.correct = 0;
  partial.validationRows = partial.validationCost = 0;
  partial.validationCorrect = 0;
  return partial;
}

/**
 * True when the current iteration needs a pass over every training block
 * (`epochPart`, then `endIteration`): always with full batches, and with
 * mini-batches on logged iterations (the cost before the first batch).
 */
export function needsFullPass(run: EpochRun): boolean {
  return run.gen === null || run.state.epoch % run.options.logEvery === 0;
}

/**
 * Adds `blocks` (training rows, in the units trained in) at the current
 * weights into `partial`: with full batches their gradient sums, and on a
 * logged iteration their Σ s_i·cost_i and rows right; on a logged
 * iteration also each of `validation`'s unweighted totals (ignored on
 * others). Blocks are summed in the order given, call after call.
 */
export function epochPart(
  run: EpochRun,
  partial: EpochPartial,
  blocks: readonly FitBlock[],
  validation: readonly Dataset[] = [],
): void {
  const { passes, scratch, state } = run;
  const logged = state.epoch % run.options.logEvery === 0;
  const gradient = run.gen === null;
  const { sums } = partial;
  for (const { data, weights } of blocks) {
    const first = partial.blocks === 0;
    const into = first ? sums : scratch.sums;
    const counts = logged ? scratch.totals : null;
    if (weights === null && gradient) {
      passes.gradient(into, counts, data);
    } else {
      if (counts !== null) passes.totals(counts, data, weights);
      if (gradient) {
        passes.batchGradient(into, data, null, 0, data.rows, weights);
      }
    }
    if (gradient && !first) {
      for (let j = 0; j < sums.length; j++) sums[j] += into[j];
    }
    if (counts !== null) {
      partial.cost += counts.cost;
      partial.correct += counts.correct;
    }
    partial.blocks++;
    partial.rows += data.rows;
  }
  if (!logged) return;
  for (const held of validation) {
    passes.totals(scratch.totals, held, null);
    partial.validationCost += scratch.totals.cost;
    partial.validationCorrect += scratch.totals.correct;
    partial.validationRows += held.rows;
  }
}

/**
 * Ends the current iteration from `partial` (every training block added,
 * and on a logged one every validation block): logs it when logged (the
 * validation totals too when there are validation rows), lets early
 * stopping judge it, and with full batches takes the step and moves to
 * the next iteration; with mini-batches the batches follow
 * (shard-batches.ts). Clears `partial`. Returns true when training stopped
 * here (early stopping), before this iteration's update.
 *
 * @throws TrainingDivergedError when the cost or a parameter is not finite
 */
export function endIteration(run: EpochRun, partial: EpochPartial): boolean {
  const { state, options, penalty } = run;
  const { epoch } = state;
  if (epoch % options.logEvery === 0) {
    const totals = { cost: partial.cost, correct: partial.correct };
    const heldOut =
      partial.validationRows === 0
        ? null
        : {
            cost: partial.validationCost,
            correct: partial.validationCorrect,
            rows: partial.validationRows,
          };
    if (
      logIteration(state, epoch, totals, partial.rows, heldOut, run.w, penalty)
    ) {
      clearPartial(partial);
      return true;
    }
  }
  if (run.gen === null) {
    step(run, partial.sums, partial.rows);
    nextIteration(state, options);
  }
  clearPartial(partial);
  return false;
}
