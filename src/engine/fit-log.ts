/**
 * What the training loop (fit.ts) does at a logged iteration, and after a
 * step: record the cost and accuracy (and the validation rows') in the
 * history, let early stopping judge them, and stop on a number that is not
 * finite, naming it and the epoch.
 */
import { TrainingDivergedError } from "../errors";
import { recordValidationCost } from "./early-stopping";
import type { FitState, EpochLog } from "./fit-state";
import type { EpochTotals } from "./gradient";
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
  if (!Number.isFinite(cost)) {
    throw new TrainingDivergedError(
      `cost became ${cost} at epoch ${epoch}: lower lr or scale the features`,
    );
  }
  const accuracy = totals.correct / rows;
  const entry: EpochLog = penalised
    ? { epoch, cost, accuracy, dataCost }
    : { epoch, cost, accuracy };
  if (heldOut === null) {
    history.push(entry);
    return false;
  }
  const validationCost = heldOut.cost / heldOut.rows;
  history.push({
    ...entry,
    validationCost,
    validationAccuracy: heldOut.correct / heldOut.rows,
  });
  if (
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
