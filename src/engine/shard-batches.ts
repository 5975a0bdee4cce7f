/**
 * Mini-batches over rows held in blocks (the shards of a dataset): a
 * documented, seeded order that a job replays step after step.
 *
 * Each iteration, after its logged cost when it is logged (epoch-parts.ts:
 * the cost of every training row at the weights before the first batch):
 * 1. the blocks' order: 0, 1, …, S − 1 shuffled by Fisher–Yates with the
 *    training's MT19937 (batches.ts's draws: for i = S − 1 down to 1, swap
 *    i with j uniform in 0..i);
 * 2. for each block in that order, when its turn comes: its rows 0, 1, …,
 *    n_s − 1 shuffled the same way by the same generator, cut into batches
 *    of `batchSize` in that order (the block's last batch partial when
 *    `batchSize` does not divide n_s), one step of the optimizer a batch.
 *    A batch never spans two blocks.
 * The generator, seeded by `seed` as batches.ts seeds it, runs on across
 * blocks and iterations; its state is `FitState.shuffle`, so a job that
 * stores the state after a block goes on with the next block's draws.
 *
 * With one block holding every row, step 1 draws nothing (a permutation of
 * one) and step 2 is batches.ts's `shuffle` of a request: a request's
 * numbers exactly. With S blocks the batches differ from a request's with
 * the same seed (the permutation is not of all rows at once).
 */
import { fisherYates } from "./batches";
import { nextIteration, step, type EpochRun } from "./epoch-run";
import type { FitBlock } from "./fit-state";

/**
 * The order of the `blocks` blocks for the current iteration's batches
 * (step 1 above), drawn from the run's generator: a job stores it with the
 * state to go on block after block. Assumes mini-batches (`run.gen`).
 */
export function blockOrder(run: EpochRun, blocks: number): Uint32Array {
  const order = new Uint32Array(blocks);
  for (let i = 0; i < blocks; i++) order[i] = i;
  return fisherYates(order, generator(run));
}

/**
 * The mini-batches of one block (step 2 above), each followed by a step:
 * its rows (in the units trained in) shuffled by the run's generator, then
 * cut into batches of the training's `batchSize`.
 *
 * @throws TrainingDivergedError when a parameter is not finite after a step
 */
export function blockBatches(run: EpochRun, block: FitBlock): void {
  const { data, weights } = block;
  const { rows } = data;
  if (run.order.length < rows) run.order = new Uint32Array(rows);
  const order = run.order.subarray(0, rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  fisherYates(order, generator(run));
  const batchSize = Math.min(run.options.batchSize ?? rows, rows);
  const sums = run.scratch.sums;
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(start + batchSize, rows);
    run.passes.batchGradient(sums, data, order, start, end, weights);
    step(run, sums, end - start);
  }
}

/** Ends an iteration of mini-batches once every block's ran: on to the next. */
export function endBatches(run: EpochRun): void {
  nextIteration(run.state, run.options);
}

function generator(run: EpochRun) {
  if (run.gen === null) {
    throw new TypeError("mini-batches of a full-batch training");
  }
  return run.gen;
}
