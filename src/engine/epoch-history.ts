/**
 * A training's history as the loop writes it: each logged iteration's
 * numbers one after another in one array, not an object each. A training
 * logs up to one iteration an epoch (the lab's toy: 1,001), and an object
 * each was 117 KB of fresh heap a toy training; V8 keeps an array of
 * numbers unboxed, 8 bytes a number in its own heap (a typed array's
 * zeroed memory outside it took 14 µs a toy training for its 48 KB). The
 * `EpochLog` objects the API and the reports read are made once, by
 * `historyLogs`, when the model is put together (finish-fit.ts) or a job
 * reports its progress. Measured with the caches emptied before each
 * training, as the bench's rounds leave them: `npm run bench:ab -- <rev>
 * --cost --cold --log-every=1`.
 *
 * Plain data (an array of numbers and two booleans), so a paused
 * training's checkpoint (checkpoint-codec.ts) saves it whole: every finite
 * number round-trips JSON exactly.
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

/** `T` with its fields writable, while one is put together. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The logged iterations of one training, in order. */
export interface EpochHistory {
  /**
   * Each iteration's numbers, one iteration after another: its epoch, cost
   * and accuracy, then its cost without the penalty when `dataCost`, then
   * the validation rows' cost and accuracy when `validation`.
   */
  readonly values: number[];
  /** True when the iterations hold the cost without the penalty (training has one). */
  dataCost: boolean;
  /** True when they hold the validation rows' cost and accuracy. */
  validation: boolean;
}

/** A history with no iteration; its first says which numbers each holds. */
export function emptyHistory(): EpochHistory {
  return { values: [], dataCost: false, validation: false };
}

/** How many numbers each iteration of `history` holds. */
function stride({ dataCost, validation }: EpochHistory): number {
  return 3 + (dataCost ? 1 : 0) + (validation ? 2 : 0);
}

/** How many iterations `history` holds. */
export function historyLength(history: EpochHistory): number {
  return history.values.length / stride(history);
}

/**
 * Appends iteration `epoch`: its `cost` (with the penalty) and `accuracy`,
 * and, when given, its `dataCost` (without the penalty) and the validation
 * rows' cost and accuracy.
 *
 * @throws TypeError when it gives other numbers than the first iteration
 *   did (every iteration of a training gives the same)
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
  const penalised = dataCost !== undefined;
  const heldOut = validationCost !== undefined;
  if (history.values.length === 0) {
    history.dataCost = penalised;
    history.validation = heldOut;
  } else if (penalised !== history.dataCost || heldOut !== history.validation) {
    throw new TypeError(
      `iteration ${epoch} gives other numbers than the history's first`,
    );
  }
  const { values } = history;
  values.push(epoch, cost, accuracy);
  if (penalised) values.push(dataCost);
  if (heldOut) values.push(validationCost, validationAccuracy ?? NaN);
}

/**
 * Appends the iterations of a run of the lab's plain steps (no penalty, no
 * validation rows): up to `epochs` of them, from `from` every `every`,
 * with cost[k] = logs[2k] / rows and accuracy[k] = logs[2k + 1] / rows,
 * stopping before the first whose cost is not finite. Returns how many it
 * appended (fit-log.ts's `logPlainIterations` throws for the one after).
 * One loop, no call an iteration.
 *
 * @throws TypeError when the history holds other numbers than these
 */
export function appendPlainIterations(
  history: EpochHistory,
  logs: Float64Array,
  from: number,
  every: number,
  epochs: number,
  rows: number,
): number {
  if (history.dataCost || history.validation) {
    throw new TypeError("a run of plain steps in a history of other numbers");
  }
  // Room for all of them at once, then written in place: pushed three at a
  // time, the array grew by copies (24 µs of a warm toy training's history
  // against 10, timed phase by phase; whole trainings in bench:ab could
  // not tell them apart). The array stays one of unboxed numbers.
  const { values } = history;
  const start = values.length;
  values.length = start + 3 * epochs;
  let k = 0;
  for (let at = start; k < epochs; k++) {
    const cost = logs[2 * k] / rows;
    if (!Number.isFinite(cost)) break;
    values[at++] = from + k * every;
    values[at++] = cost;
    values[at++] = logs[2 * k + 1] / rows;
  }
  values.length = start + 3 * k;
  return k;
}

/** The cost of the last logged iteration (undefined before the first). */
export function lastCost(history: EpochHistory): number | undefined {
  const { values } = history;
  return values.length === 0
    ? undefined
    : values[values.length - stride(history) + 1];
}

/**
 * The iterations from the `from`-th on as the API gives them, one object
 * each, fields in the order the service has always written them (epoch,
 * cost, accuracy, dataCost, validationCost, validationAccuracy), the
 * optional ones only when the history holds them.
 */
export function historyLogs(history: EpochHistory, from = 0): EpochLog[] {
  const { values, dataCost, validation } = history;
  const step = stride(history);
  const logs: EpochLog[] = [];
  const v = dataCost ? 4 : 3; // where the validation numbers start
  for (let at = Math.max(0, from) * step; at < values.length; at += step) {
    const log: Writable<EpochLog> = {
      epoch: values[at],
      cost: values[at + 1],
      accuracy: values[at + 2],
    };
    if (dataCost) log.dataCost = values[at + 3];
    if (validation) {
      log.validationCost = values[at + v];
      log.validationAccuracy = values[at + v + 1];
    }
    logs.push(log);
  }
  return logs;
}

/**
 * Appends `logs` (as `historyLogs` gives them) to `history`: a checkpoint
 * written before the history was one array of numbers held its
 * iterations this way.
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
 * `stored` as an `EpochHistory`: a checkpoint written before (a job that
 * was paused across a deploy) holds one `EpochLog` an iteration; one
 * written since holds the history, returned as it is.
 */
export function storedHistory(
  stored: EpochHistory | readonly EpochLog[],
): EpochHistory {
  if (!Array.isArray(stored)) return stored as EpochHistory;
  const history = emptyHistory();
  appendLogs(history, stored);
  return history;
}
