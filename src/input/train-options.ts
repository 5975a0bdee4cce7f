/**
 * Training options from a JSON body or a query string, checked once.
 */
import { OptionError } from "../errors";
import type { InitSpec } from "../engine/init";
import type { Loss } from "../engine/logistic";
import { readInit } from "./init-option";
import { readValidation, type ValidationOption } from "./validation-option";
import { describe, isDecimal } from "./numbers";

/** Options a training request may carry. */
export interface TrainingOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  readonly loss: Loss;
  readonly init: InitSpec;
  /** The model's default threshold: predicted 1 when h >= threshold. */
  readonly threshold: number;
  /** Rows to hold out for validation, if any. */
  readonly validation?: ValidationOption;
}

/** Names of the options, as they appear in JSON and in query strings. */
export const TRAINING_OPTION_NAMES: readonly string[] = [
  "epochs",
  "lr",
  "logEvery",
  "loss",
  "init",
  "threshold",
  "validation",
];

/** Upper bound on `epochs`, so one request cannot train without end. */
export const MAX_EPOCHS = 100_000;
/** Upper bound on the number of logged epochs kept in a model's history. */
export const MAX_HISTORY = 10_001;

/**
 * Validates raw options. Values are JSON values, or strings from a query
 * string (`fromText`), where "100" means the number 100.
 *
 * Defaults: epochs 100, lr 1, logEvery max(1, ⌊epochs/10⌋), loss "bce",
 * init "zeros", threshold 0.5 (the lab's `h >= 0.5`).
 *
 * @throws OptionError for an unknown option, a wrong type or a value out of range
 */
export function readTrainingOptions(
  raw: Record<string, unknown>,
  fromText: boolean,
): TrainingOptions {
  for (const name of Object.keys(raw)) {
    if (!TRAINING_OPTION_NAMES.includes(name)) {
      throw new OptionError(
        `unknown option ${describe(name)}: expected one of ${TRAINING_OPTION_NAMES.join(", ")}`,
      );
    }
  }
  const number = (name: string) => optionNumber(name, raw[name], fromText);

  const epochs = number("epochs") ?? 100;
  if (!Number.isInteger(epochs) || epochs < 0 || epochs > MAX_EPOCHS) {
    throw new OptionError(
      `epochs must be an integer from 0 to ${MAX_EPOCHS}, got ${epochs}`,
    );
  }
  const lr = number("lr") ?? 1;
  if (!(lr > 0) || !Number.isFinite(lr)) {
    throw new OptionError(`lr must be a finite number above 0, got ${lr}`);
  }
  const logEvery = number("logEvery") ?? Math.max(1, Math.floor(epochs / 10));
  if (!Number.isInteger(logEvery) || logEvery < 1) {
    throw new OptionError(
      `logEvery must be an integer of at least 1, got ${logEvery}`,
    );
  }
  if (Math.floor(epochs / logEvery) + 1 > MAX_HISTORY) {
    throw new OptionError(
      `logEvery ${logEvery} would log ${Math.floor(epochs / logEvery) + 1} epochs, at most ${MAX_HISTORY} are kept: use logEvery of at least ${Math.ceil(epochs / (MAX_HISTORY - 1))}`,
    );
  }
  const loss = raw.loss ?? "bce";
  if (loss !== "bce" && loss !== "lab") {
    throw new OptionError(`loss must be "bce" or "lab", got ${describe(loss)}`);
  }
  const threshold = readThreshold(number("threshold"));
  const validation = readValidation(raw.validation, fromText);
  return {
    epochs,
    lr,
    logEvery,
    loss,
    init: readInit(raw.init, fromText),
    threshold,
    ...(validation && { validation }),
  };
}

/**
 * Options of an evaluation: only `threshold`, whose default is the model's.
 *
 * @throws OptionError for any other option or a threshold out of range
 */
export function readEvaluationOptions(
  raw: Record<string, unknown>,
  fromText: boolean,
): { threshold?: number } {
  for (const name of Object.keys(raw)) {
    if (name !== "threshold") {
      throw new OptionError(
        `unknown option ${describe(name)}: expected threshold`,
      );
    }
  }
  const value = optionNumber("threshold", raw.threshold, fromText);
  return value === undefined ? {} : { threshold: readThreshold(value) };
}

/**
 * A decision threshold in [0, 1], default 0.5.
 *
 * @throws OptionError otherwise
 */
export function readThreshold(value: number | undefined): number {
  if (value === undefined) return 0.5;
  if (!(value >= 0 && value <= 1)) {
    throw new OptionError(
      `threshold must be a number from 0 to 1, got ${value}`,
    );
  }
  return value;
}

function optionNumber(
  name: string,
  value: unknown,
  fromText: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  if (fromText && typeof value === "string" && isDecimal(value.trim())) {
    return Number(value);
  }
  throw new OptionError(`${name} must be a number, got ${describe(value)}`);
}
