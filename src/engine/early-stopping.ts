/**
 * Early stopping on the validation cost, checked at logged epochs, keeping
 * the best weights seen: Keras's `EarlyStopping(monitor="val_loss",
 * min_delta, patience, restore_best_weights=True)`, counted in logged epochs.
 */

/** When to give up; validated by the caller. */
export interface EarlyStoppingOptions {
  /** Logged epochs in a row without improvement before stopping; ≥ 1. */
  readonly patience: number;
  /** A cost must fall below best − minDelta to count as better; ≥ 0. */
  readonly minDelta: number;
}

/** The best weights so far and how long ago they were found. */
export interface EarlyStoppingState {
  readonly options: EarlyStoppingOptions;
  /** A copy of the parameters with the lowest validation cost so far. */
  readonly best: Float32Array;
  bestCost: number;
  /** The logged epoch whose starting weights `best` holds; -1 before any. */
  bestEpoch: number;
  /** Logged epochs since the last improvement. */
  since: number;
}

/** Fresh state for `size` parameters, allocated once before the epochs. */
export function earlyStoppingState(
  options: EarlyStoppingOptions,
  size: number,
): EarlyStoppingState {
  return {
    options,
    best: new Float32Array(size),
    bestCost: Infinity,
    bestEpoch: -1,
    since: 0,
  };
}

/**
 * Records the validation cost of `params` at logged epoch `epoch`. It is an
 * improvement when cost < bestCost − minDelta (the first cost always is):
 * then `params` is copied into `state.best`. Returns true when `patience`
 * logged epochs in a row have brought no improvement: training should stop
 * before this epoch's update.
 */
export function recordValidationCost(
  state: EarlyStoppingState,
  epoch: number,
  cost: number,
  params: Float32Array,
): boolean {
  if (cost < state.bestCost - state.options.minDelta) {
    state.bestCost = cost;
    state.bestEpoch = epoch;
    state.since = 0;
    for (let j = 0; j < params.length; j++) state.best[j] = params[j];
    return false;
  }
  state.since++;
  return state.since >= state.options.patience;
}
