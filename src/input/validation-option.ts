/**
 * The `validation` training option: hold out a stratified, seeded part of
 * the posted rows (engine/split.ts) and report metrics on it.
 */
import { validationCount } from "../engine/split";
import type { Dataset } from "../engine/dataset";
import { OptionError } from "../errors";
import { describe } from "./numbers";

/** A validated `validation` option. */
export interface ValidationOption {
  /** Share of each label's rows held out, strictly between 0 and 1. */
  readonly fraction: number;
  /** Seed of the shuffle that picks them; 0 by default. */
  readonly seed: number;
}

/**
 * Reads `{"fraction": f, "seed": s}` from JSON, or the same JSON URL-encoded
 * in a query string (`fromText`).
 *
 * @throws OptionError naming the part that is wrong
 */
export function readValidation(
  raw: unknown,
  fromText: boolean,
): ValidationOption | undefined {
  if (raw === undefined) return undefined;
  let value = raw;
  if (fromText && typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new OptionError(`validation is not valid JSON: ${describe(raw)}`);
    }
  }
  const spec =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  const extra =
    spec &&
    Object.keys(spec).find((key) => key !== "fraction" && key !== "seed");
  if (spec === null || extra) {
    throw new OptionError(
      `validation must be {"fraction": f, "seed": s}, got ${describe(value)}`,
    );
  }
  const { fraction, seed = 0 } = spec;
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw new OptionError(
      `validation.fraction must be a number between 0 and 1, got ${describe(fraction)}`,
    );
  }
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new OptionError(
      `validation.seed must be an integer from 0 to 2^53 - 1, got ${describe(seed)}`,
    );
  }
  return { fraction, seed };
}

/**
 * Refuses a split that would leave either part empty.
 *
 * @throws OptionError saying how many rows each part would get
 */
export function checkSplit(option: ValidationOption, data: Dataset): void {
  let ones = 0;
  for (let i = 0; i < data.rows; i++) ones += data.y[i];
  const held =
    validationCount(ones, option.fraction) +
    validationCount(data.rows - ones, option.fraction);
  if (held === 0 || held === data.rows) {
    throw new OptionError(
      `validation.fraction ${option.fraction} of ${data.rows} rows leaves ${held} for validation and ${data.rows - held} for training: both need at least one`,
    );
  }
}
