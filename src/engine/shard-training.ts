/**
 * A training over a dataset's shards, a bounded group of shards a step:
 * the request's parts (train.ts's start and outcome, epoch-parts.ts's
 * iterations, shard-batches.ts's mini-batches, final-pass.ts, finish-fit.ts)
 * driven from a checkpoint of plain data that a Workflow step loads,
 * advances over the shards `nextShards` names, and stores again.
 *
 * A step is a function of its checkpoint and its shards: run twice from
 * the same checkpoint it gives the same checkpoint (the caller passes a
 * copy, or reloads the stored one, since a step changes it in place).
 * Full-batch options give a request's numbers up to the order of the
 * shards' sums; mini-batches follow shard-batches.ts's documented order.
 */
import { storedHistory } from "./epoch-history";
import {
  packFinalPass,
  unpackFinalPass,
  type PackedFinalPass,
} from "./final-pass-codec";
import type { Dataset } from "./dataset";
import {
  endIteration,
  epochPart,
  epochPartial,
  needsFullPass,
  type EpochPartial,
} from "./epoch-parts";
import { openEpochs, type EpochRun } from "./epoch-run";
import { addFinalRows, finalPass, type FinalPass } from "./final-pass";
import { finishFit } from "./finish-fit";
import type { FittedModel } from "./fitted-model";
import { fitOptionsOf } from "./model-options";
import {
  initialWeightsOf,
  rawBlock,
  type ShardPlan,
  type ShardRows,
} from "./shard-plan";
import type { FitState } from "./fit-state";
import { releaseKernelMemory } from "./kernel";
import { blockBatches, blockOrder, endBatches } from "./shard-batches";
import { fitOutcome, heldOutRows, startTraining, trainingBlock } from "./train";
import type { TrainingWarning } from "./warnings";
import { outputsFor } from "./weights";

/** Where a training over shards is, plain data: the checkpoint a step stores. */
export interface ShardCheckpoint {
  /**
   * "epochs": a full pass (every iteration with full batches, logged ones
   * with mini-batches); "batches": an iteration's mini-batches, shards in
   * `order`; "final": the final pass; "done".
   */
  phase: "epochs" | "batches" | "final" | "done";
  /** The next shard of the phase (an index into `order` for "batches"). */
  next: number;
  order: Uint32Array | null;
  readonly state: FitState;
  readonly partial: EpochPartial;
  pass: FinalPass | null;
}

/** The checkpoint before the first step. */
export function startShardTraining(plan: ShardPlan): ShardCheckpoint {
  const state = startTraining(
    initialWeightsOf(plan),
    plan.trainingRows,
    fitOptionsOf(plan.options),
    plan.validationRows > 0,
    plan.stats,
  );
  const checkpoint: ShardCheckpoint = {
    phase: "epochs",
    next: 0,
    order: null,
    state,
    partial: epochPartial(state.params.length),
    pass: null,
  };
  settle(plan, checkpoint, openEpochs(state, fitOptionsOf(plan.options)));
  return checkpoint;
}

/** The shards the next step reads, at most `perStep` of them (none when done). */
export function nextShards(
  plan: ShardPlan,
  checkpoint: ShardCheckpoint,
  perStep: number,
): number[] {
  const { phase, next, order } = checkpoint;
  if (phase === "done") return [];
  const end = Math.min(plan.shards, next + perStep);
  const shards: number[] = [];
  for (let k = next; k < end; k++) {
    shards.push(phase === "batches" && order !== null ? order[k] : k);
  }
  return shards;
}

/**
 * One step: `rows` are the shards `nextShards` named, in its order.
 * Changes `checkpoint` in place and returns it.
 *
 * @throws TrainingDivergedError as a request's training does
 */
export function trainShards(
  plan: ShardPlan,
  checkpoint: ShardCheckpoint,
  rows: readonly ShardRows[],
): ShardCheckpoint {
  try {
    return advance(plan, checkpoint, rows);
  } finally {
    // An isolate keeps no more than kernel.ts's bound between steps.
    releaseKernelMemory();
  }
}

function advance(
  plan: ShardPlan,
  checkpoint: ShardCheckpoint,
  rows: readonly ShardRows[],
): ShardCheckpoint {
  const options = fitOptionsOf(plan.options);
  const { state } = checkpoint;
  const run = openEpochs(state, options);
  const { stats } = plan;
  if (checkpoint.phase === "final") {
    const { weights } = fitOutcome(state, options, stats);
    const pass = checkpoint.pass as FinalPass;
    for (const shard of rows) {
      const held = nonEmpty(shard.validation);
      addFinalRows(pass, weights, rawBlock(plan, shard.training), held);
    }
  } else if (checkpoint.phase === "epochs") {
    const logged = state.epoch % options.logEvery === 0;
    const blocks = rows
      .filter(({ training }) => training.rows > 0)
      .map(({ training }) =>
        trainingBlock(training, stats, rawBlock(plan, training).weights),
      );
    const held = logged
      ? rows.flatMap(({ validation }) => {
          const v = nonEmpty(validation);
          return v === undefined ? [] : [heldOutRows(v, stats)];
        })
      : [];
    epochPart(run, checkpoint.partial, blocks, held);
  } else {
    for (const { training } of rows) {
      const { weights } = rawBlock(plan, training);
      blockBatches(run, trainingBlock(training, stats, weights));
    }
  }
  checkpoint.next += rows.length;
  if (checkpoint.next >= plan.shards) endPhase(plan, checkpoint, run);
  return checkpoint;
}

/**
 * The model, once the checkpoint is "done": finish-fit.ts's `finishFit`,
 * as a request's; `inputWarnings` (what reading the CSV decided) first
 * among its warnings.
 */
export function finishShardTraining(
  plan: ShardPlan,
  checkpoint: ShardCheckpoint,
  inputWarnings: readonly TrainingWarning[] = [],
): FittedModel {
  if (checkpoint.phase !== "done" || checkpoint.pass === null) {
    throw new TypeError(`a training in phase ${checkpoint.phase} is not done`);
  }
  const outcome = fitOutcome(
    checkpoint.state,
    fitOptionsOf(plan.options),
    plan.stats,
  );
  return finishFit(checkpoint.pass, {
    options: plan.options,
    start: plan.start,
    initialWeights: initialWeightsOf(plan),
    outcome,
    ...(plan.stats && { stats: plan.stats }),
    inputWarnings,
  });
}

/** A phase's last shard done: on to what follows. */
function endPhase(plan: ShardPlan, checkpoint: ShardCheckpoint, run: EpochRun) {
  checkpoint.next = 0;
  if (checkpoint.phase === "final") {
    checkpoint.phase = "done";
    return;
  }
  if (checkpoint.phase === "epochs") {
    const stopped = endIteration(run, checkpoint.partial);
    if (!stopped && run.gen !== null) {
      checkpoint.phase = "batches";
      checkpoint.order = blockOrder(run, plan.shards);
      return;
    }
  } else {
    endBatches(run);
    checkpoint.order = null;
  }
  checkpoint.phase = "epochs";
  settle(plan, checkpoint, run);
}

/**
 * Moves an "epochs" checkpoint on to what its iteration needs: the final
 * pass once training is done, mini-batches straight away on an unlogged
 * iteration of them.
 */
function settle(plan: ShardPlan, checkpoint: ShardCheckpoint, run: EpochRun) {
  if (checkpoint.state.done) {
    checkpoint.phase = "final";
    checkpoint.pass = finalPass(
      outputsFor(plan.options.classes),
      plan.cols,
      plan.trainingRows,
      plan.validationRows,
      plan.options.threshold,
    );
  } else if (!needsFullPass(run)) {
    checkpoint.phase = "batches";
    checkpoint.order = blockOrder(run, plan.shards);
  }
}

function nonEmpty(data: Dataset | null): Dataset | undefined {
  return data === null || data.rows === 0 ? undefined : data;
}

/** A checkpoint as a job stores it: its final pass packed (final-pass-codec.ts). */
export type StoredShardCheckpoint = Omit<ShardCheckpoint, "pass"> & {
  pass: PackedFinalPass | null;
};

/**
 * `checkpoint` as a job stores it between steps: a score histogram keeps
 * only its non-empty bins (12 bytes a bin against 2 MB dense), so a step of
 * the final pass writes kilobytes, not megabytes. Shares its arrays.
 */
export function packShardCheckpoint(
  checkpoint: ShardCheckpoint,
): StoredShardCheckpoint {
  const { pass } = checkpoint;
  return { ...checkpoint, pass: pass && packFinalPass(pass) };
}

/** The checkpoint `stored` holds, ready for `trainShards`; shares its arrays. */
export function unpackShardCheckpoint(
  stored: StoredShardCheckpoint,
): ShardCheckpoint {
  const { pass, state } = stored;
  return {
    ...stored,
    state: { ...state, history: storedHistory(state.history) },
    pass: pass && unpackFinalPass(pass),
  };
}
