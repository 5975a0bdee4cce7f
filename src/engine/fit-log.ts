/**
 * What the training loop (fit.ts) does at a logged iteration, and after a
 * step: record the cost and accuracy (and the validation rows') in the
 * history, let early stopping judge them, and stop on a number that is not
 * finite, naming it and the epoch.
 */
import { TrainingDivergedError } from "../errors";
import { recordValidationCost } from "./early-stopping";
import {
  appendIteration,
  appendPlainIterations,
  type EpochHistory,
} from "./epoch-history";
import type { FitState } from "./fit-state";
import type { EpochTotals } from "./kernel-layout";
import { parameterName } from "./finite-model";
import { isPenalised, penaltyCost, type Penalty } from "./regularize";

/**
 * The validation rows' totals at a logged iteration: Σ cost_i (unweighted,
 * unpenalised), the rows labelled right and the rows, summed over however
 * many blocks hold them.
 */
export interface HeldOutTotals {
  readonly cost: number;
  readonly correct: number;
  readonly rows: number;
}

/**
 * Records logged iteration `epoch` in `state.history` from its `totals`
 * over `rows` rows: the cost (plus the penalty of `w`, with one), the
 * accuracy and, with `heldOut` (the validation rows' totals), theirs; and
 * lets early stopping judge them. Returns true when training stops here,
 * before this epoch's update. (Apart from `runEpochs` so that its loop
 * stays small enough for V8 to inline the epoch's kernel into it.)
 *
 * @throws TrainingDivergedError when the cost is not finite
 */
export function logIteration(
  state: FitState,
  epoch: number,
  totals: EpochTotals,
  rows: number,
  heldOut: HeldOutTotals | null,
  w: Float32Array,
  penalty: Penalty,
): boolean {
  const { history, stopping, params } = state;
  const penalised = isPenalised(penalty);
  const dataCost = totals.cost / rows;
  const cost = penalised ? dataCost + penaltyCost(w, penalty) : dataCost;
  if (!Number.isFinite(cost)) throw costDiverged(cost, epoch);
  const accuracy = totals.correct / rows;
  const held = heldOut !== null;
  const validationCost = held ? heldOut.cost / heldOut.rows : undefined;
  const validationAccuracy = held ? heldOut.correct / heldOut.rows : undefined;
  appendIteration(
    history,
    epoch,
    cost,
    accuracy,
    penalised ? dataCost : undefined,
    validationCost,
    validationAccuracy,
  );
  if (
    validationCost === undefined ||
    stopping === null ||
    !recordValidationCost(stopping, epoch, validationCost, params)
  ) {
    return false;
  }
  state.epoch = epoch;
  state.done = true;
  state.stoppedEarly = true;
  return true;
}

/**
 * Records the logged iterations `from`, `from + every`, ... below `end` of
 * a run of the lab's plain steps (fit.ts's `plainEpochs`: no penalty, no
 * validation rows, no early stopping) in `history`, as `logIteration` does,
 * from their totals over `rows` rows in `logs` (Σ cost and rows right, two
 * float64 an iteration): a run logs every epoch of up to 1024, so no
 * call or object an iteration, in code that a new isolate runs before V8
 * has optimised it.
 *
 * @throws TrainingDivergedError when a cost is not finite (that iteration
 *   not recorded)
 */
export function logPlainIterations(
  history: EpochHistory,
  logs: Float64Array,
  from: number,
  end: number,
  every: number,
  rows: number,
): void {
  const epochs = Math.max(0, Math.ceil((end - from) / every));
  const k = appendPlainIterations(history, logs, from, every, epochs, rows);
  if (k < epochs) throw costDiverged(logs[2 * k] / rows, from + k * every);
}

/** The error for a logged cost that is not finite at `epoch`. */
function costDiverged(cost: number, epoch: number): TrainingDivergedError {
  return new TrainingDivergedError(
    `cost became ${cost} at epoch ${epoch}: lower lr or scale the features`,
  );
}

/**
 * Checks the parameters after a step.
 *
 * @throws TrainingDivergedError naming the first of `params` (of `outputs`
 *   outputs) that is not finite after the step of `epoch`, if one is not
 */
export function throwIfNotFinite(
  params: Float32Array,
  outputs: number,
  epoch: number,
): void {
  const q = nonFiniteAt(params);
  if (q !== -1) {
    const what = parameterName(q, outputs, params.length);
    throw new TrainingDivergedError(
      `${what} became ${params[q]} at epoch ${epoch}: lower lr or scale the features`,
    );
  }
}

/** The index of the first of `params` that is not finite, or -1. */
function nonFiniteAt(params: Float32Array): number {
  for (let j = 0; j < params.length; j++) {
    if (!Number.isFinite(params[j])) return j;
  }
  return -1;
}
