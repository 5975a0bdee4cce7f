/**
 * A training's history as the loop writes it: each logged iteration's
 * numbers side by side in one float64 array, not an object each. A
 * training logs up to one iteration an epoch (the lab's toy: 1,001), and
 * an object each was 117 KB of fresh heap a toy training: 25 µs of its
 * 0.33 ms with the caches emptied before it, as the bench's rounds leave
 * them (`npm run bench:ab -- <rev> --cost --cold --log-every=1`).
 * The `EpochLog` objects the API and the reports read are made once, by
 * `historyLogs`, when the model is put together (finish-fit.ts) or a job
 * reports its progress.
 *
 * Plain data (a typed array, numbers and booleans), so a paused training's
 * checkpoint (checkpoint-codec.ts) saves it whole, bit for bit.
 */

/** One logged iteration, for the weights it started with. */
export interface EpochLog {
  readonly epoch: number;
  /** Mean training cost (weighted if sample weights are set), plus the penalty. */
  readonly cost: number;
  /** Fraction of training rows labelled right (h ≥ 0.5, or the arg-max class). */
  readonly accuracy: number;
  /** The cost without the penalty; present when training has one. */
  readonly dataCost?: number;
  /** Unweighted, unpenalised mean cost and accuracy of the validation rows. */
  readonly validationCost?: number;
  readonly validationAccuracy?: number;
}

/**
 * Numbers an iteration holds, in this order: its epoch, cost, accuracy,
 * cost without the penalty, and the validation rows' cost and accuracy.
 */
export const HISTORY_STRIDE = 6;

/** The logged iterations of one training, in order. */
export interface EpochHistory {
  /** How many iterations are logged. */
  length: number;
  /**
   * `HISTORY_STRIDE` numbers an iteration, iteration i at i·HISTORY_STRIDE; room for more
   * past `length`.
   */
  values: Float64Array;
  /** True when the iterations hold the cost without the penalty (training has one). */
  dataCost: boolean;
  /** True when they hold the validation rows' cost and accuracy. */
  validation: boolean;
}

/**
 * A history with no iteration, with room for `expected` of them (it grows
 * past that when it must).
 */
export function emptyHistory(expected: number): EpochHistory {
  const room = Math.max(1, Math.min(expected, 1 << 16));
  return {
    length: 0,
    values: new Float64Array(room * HISTORY_STRIDE),
    dataCost: false,
    validation: false,
  };
}

/**
 * How many iterations a training of `epochs` epochs logged every
 * `logEvery` logs at most (iterations 0..epochs with e % logEvery = 0).
 */
export function loggedIterations(epochs: number, logEvery: number): number {
  return Math.floor(epochs / logEvery) + 1;
}

/**
 * Appends iteration `epoch`: its `cost` (with the penalty) and `accuracy`,
 * and, when given, its `dataCost` (without the penalty) and the validation
 * rows' cost and accuracy. Every iteration of one history gives the same
 * of these.
 */
export function appendIteration(
  history: EpochHistory,
  epoch: number,
  cost: number,
  accuracy: number,
  dataCost?: number,
  validationCost?: number,
  validationAccuracy?: number,
): void {
  const values = ensureRoom(history, 1);
  const at = history.length++ * HISTORY_STRIDE;
  values[at] = epoch;
  values[at + 1] = cost;
  values[at + 2] = accuracy;
  if (dataCost !== undefined) {
    history.dataCost = true;
    values[at + 3] = dataCost;
  }
  if (validationCost !== undefined && validationAccuracy !== undefined) {
    history.validation = true;
    values[at + 4] = validationCost;
    values[at + 5] = validationAccuracy;
  }
}

/**
 * Makes room in `history` for `more` iterations past its `length` and
 * returns its values (a new array when it had to grow).
 */
export function ensureRoom(history: EpochHistory, more: number): Float64Array {
  const needed = (history.length + more) * HISTORY_STRIDE;
  if (needed > history.values.length) {
    const grown = new Float64Array(Math.max(needed, 2 * history.values.length));
    grown.set(history.values);
    history.values = grown;
  }
  return history.values;
}

/** The cost of the last logged iteration (undefined before the first). */
export function lastCost(history: EpochHistory): number | undefined {
  return history.length === 0
    ? undefined
    : history.values[(history.length - 1) * HISTORY_STRIDE + 1];
}

/**
 * The iterations from the `from`-th on as the API gives them, one object
 * each, fields in the order the service has always written them (epoch,
 * cost, accuracy, dataCost, validationCost, validationAccuracy), the
 * optional ones only when the history holds them.
 */
export function historyLogs(history: EpochHistory, from = 0): EpochLog[] {
  const { values, length, dataCost, validation } = history;
  const logs: EpochLog[] = [];
  for (let i = Math.max(0, from); i < length; i++) {
    const at = i * HISTORY_STRIDE;
    const epoch = values[at];
    const cost = values[at + 1];
    const accuracy = values[at + 2];
    const log: EpochLog = dataCost
      ? { epoch, cost, accuracy, dataCost: values[at + 3] }
      : { epoch, cost, accuracy };
    logs.push(
      validation
        ? {
            ...log,
            validationCost: values[at + 4],
            validationAccuracy: values[at + 5],
          }
        : log,
    );
  }
  return logs;
}

/**
 * Appends `logs` (as `historyLogs` gives them) to `history`: a checkpoint
 * written before histories were columns held its iterations this way.
 */
export function appendLogs(
  history: EpochHistory,
  logs: readonly EpochLog[],
): void {
  for (const log of logs) {
    appendIteration(
      history,
      log.epoch,
      log.cost,
      log.accuracy,
      log.dataCost,
      log.validationCost,
      log.validationAccuracy,
    );
  }
}

/**
 * `stored` as columns: a checkpoint written before histories were columns
 * (a job that was paused across a deploy) holds one `EpochLog` an
 * iteration; one written since holds columns, returned as they are.
 */
export function historyColumns(
  stored: EpochHistory | readonly EpochLog[],
): EpochHistory {
  if (!Array.isArray(stored)) return stored as EpochHistory;
  const history = emptyHistory(stored.length);
  appendLogs(history, stored);
  return history;
}
