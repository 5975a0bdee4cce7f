/**
 * What the training loop (fit.ts) does at a logged iteration, and after a
 * step: record the cost and accuracy (and the validation rows') in the
 * history, let early stopping judge them, and stop on a number that is not
 * finite, naming it and the epoch.
 */
import { TrainingDivergedError } from "../errors";
import { recordValidationCost } from "./early-stopping";
import type { FitData, FitState, EpochLog } from "./fit-state";
import type { EpochTotals } from "./gradient";
import { parameterName } from "./finite-model";
import type { LinearPasses } from "./linear-passes";
import { isPenalised, penaltyCost, type Penalty } from "./regularize";

/**
 * Records logged iteration `epoch` in `state.history` from its `totals`
 * over `rows` rows: the cost (plus the penalty of `w`, with one), the
 * accuracy and, with validation rows, theirs; and lets early stopping judge
 * it. Returns true when training stops here, before this epoch's update.
 * (Apart from `runEpochs` so that its loop stays small enough for V8 to
 * inline the epoch's kernel into it.)
 *
 * @throws TrainingDivergedError when the cost is not finite
 */
export function logIteration(
  state: FitState,
  epoch: number,
  totals: EpochTotals,
  rows: number,
  passes: LinearPasses,
  data: FitData,
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
  const { validation } = data;
  if (validation === undefined) {
    history.push(entry);
    return false;
  }
  // Held-out rows are measured unweighted; their totals reuse `totals`,
  // which this iteration has read.
  passes.totals(totals, validation, null);
  const validationCost = totals.cost / validation.rows;
  history.push({
    ...entry,
    validationCost,
    validationAccuracy: totals.correct / validation.rows,
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
