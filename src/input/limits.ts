/**
 * Every limit on what one request may ask, in one place.
 *
 * Defaults suit the Workers Paid plan's default CPU limit of 30 s per request
 * and the isolate's 128 MB of memory; each can be changed with a `[vars]`
 * entry of the same name in wrangler.toml (or a `--var` to `wrangler dev`).
 *
 * Sizing: training ran at about 270 million multiply-adds a second in workerd
 * under `wrangler dev` on the development machine (20,000 × 32 CSV, 200 more
 * epochs took 0.44-0.49 s more), so the work budget of 4e9 is about 15 s of
 * CPU, half the limit. An 8 MiB body holds at most about 4 million numbers
 * ("0," per value): 16 MB as float32, a few copies of which fit in memory.
 */
import { LimitError } from "../errors";

/** The limits in force for a request. */
export interface Limits {
  /** Largest request body, in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Most rows in one training, evaluation or prediction body. */
  readonly maxRows: number;
  /** Most features per row. */
  readonly maxCols: number;
  /**
   * Most multiply-adds one training may do: rows × cols × (epochs + 1), the
   * size of the gradient pass summed over every iteration.
   */
  readonly maxWork: number;
}

/** The defaults, used where wrangler.toml sets nothing. */
export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxRows: 1_000_000,
  maxCols: 1_000,
  maxWork: 4_000_000_000,
};

type LimitVar = "MAX_BODY_BYTES" | "MAX_ROWS" | "MAX_COLS" | "MAX_WORK";

const VARS: Record<keyof Limits, LimitVar> = {
  maxBodyBytes: "MAX_BODY_BYTES",
  maxRows: "MAX_ROWS",
  maxCols: "MAX_COLS",
  maxWork: "MAX_WORK",
};

/**
 * The limits configured in `vars` (the Worker's env), over the defaults.
 *
 * @throws Error when a var is set but is not a positive integer: a broken
 *   deployment should fail loudly, not run without limits
 */
export function readLimits(vars: Partial<Record<LimitVar, unknown>>): Limits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(VARS) as [string, LimitVar][]) {
    const raw = vars[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(
        `wrangler var ${name} must be a positive integer, got ${String(raw)}`,
      );
    }
    limits[key] = value;
  }
  return limits as unknown as Limits;
}

/** Refuses a body of more rows or features than the limits allow. */
export function checkShape(limits: Limits, rows: number, cols: number): void {
  if (rows > limits.maxRows) {
    throw new LimitError(
      `the body has ${rows} rows, at most ${limits.maxRows} are allowed`,
    );
  }
  if (cols > limits.maxCols) {
    throw new LimitError(
      `rows have ${cols} features, at most ${limits.maxCols} are allowed`,
    );
  }
}

/**
 * Refuses a training whose work, rows × cols × outputs × (epochs + 1), is
 * over budget, saying by how much and what to do instead. `outputs` is 1 for
 * the two-class model, K for a softmax model of K classes.
 */
export function checkWork(
  limits: Limits,
  rows: number,
  cols: number,
  epochs: number,
  outputs = 1,
): void {
  const perEpoch = rows * cols * outputs;
  const work = perEpoch * (epochs + 1);
  if (work <= limits.maxWork) return;
  const fitEpochs = Math.floor(limits.maxWork / perEpoch) - 1;
  const classes = outputs === 1 ? "" : ` × classes ${outputs}`;
  throw new LimitError(
    `training needs ${work} multiply-adds (rows ${rows} × features ${cols}${classes} × (epochs ${epochs} + 1)), ` +
      `${(work / limits.maxWork).toFixed(1)}× the budget of ${limits.maxWork}: ` +
      (fitEpochs >= 0
        ? `use at most ${fitEpochs} epochs, or fewer rows`
        : `send fewer rows (at most ${Math.floor(limits.maxWork / (cols * outputs))} with these features)`),
  );
}
