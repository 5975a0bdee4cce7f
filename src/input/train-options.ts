/**
 * Training options from a JSON body or a query string, checked once, by the
 * schemas in schemas.ts.
 */
import { OptionError } from "../errors";
import type { InitSpec } from "../engine/init";
import type { Loss } from "../engine/logistic";
import type { TrainingChoices } from "../engine/train-extended";
import {
  readClassWeights,
  readEarlyStopping,
  readOptimizer,
  readStandardize,
} from "./extended-options";
import { readInit } from "./init-option";
import { readEnum, readOptionNumber } from "./json-schema";
import { describe } from "./numbers";
import {
  BATCH_SEED,
  BATCH_SIZE,
  CLASSES,
  EPOCHS,
  EVALUATION_OPTIONS,
  EXTENDED_OPTIONS,
  L1,
  L2,
  LOG_EVERY,
  LOSS,
  LR,
  MAX_HISTORY,
  THRESHOLD,
  TRAINING_OPTIONS,
} from "./schemas";
import { readValidation, type ValidationOption } from "./validation-option";

/** Options a training request may carry. */
export interface TrainingOptions extends TrainingChoices {
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  readonly loss: Loss;
  readonly init: InitSpec;
  /** The model's default threshold: predicted 1 when h >= threshold. */
  readonly threshold: number;
  /** Rows to hold out for validation, if any. */
  readonly validation?: ValidationOption;
  /** K, when the request gives it; else it follows from the labels. */
  readonly classes?: number;
}

/** The options that switch training from the lab's loop to train-extended.ts. */
export const EXTENDED_OPTION_NAMES = Object.keys(
  EXTENDED_OPTIONS,
) as (keyof typeof EXTENDED_OPTIONS & keyof TrainingOptions)[];

/** Names of the options, as they appear in JSON and in query strings. */
export const TRAINING_OPTION_NAMES: readonly string[] =
  Object.keys(TRAINING_OPTIONS);

/**
 * Validates raw options against their schemas (schemas.ts). Values are JSON
 * values, or strings from a query string (`fromText`), where "100" means the
 * number 100.
 *
 * Defaults are the schemas' (epochs 100, lr 1, loss "bce", init "zeros",
 * threshold 0.5, the lab's `h >= 0.5`), but for logEvery's, which depends on
 * epochs: max(1, ⌊epochs/10⌋). So does its cap on the history's length,
 * checked here in code.
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
  const epochs = readOptionNumber("epochs", EPOCHS, raw.epochs, fromText);
  const lr = readOptionNumber("lr", LR, raw.lr, fromText);
  const logEvery =
    readOptionNumber("logEvery", LOG_EVERY, raw.logEvery, fromText) ??
    Math.max(1, Math.floor(epochs / 10));
  const logged = Math.floor(epochs / logEvery) + 1;
  if (logged > MAX_HISTORY) {
    throw new OptionError(
      `logEvery ${logEvery} would log ${logged} epochs, at most ${MAX_HISTORY} are kept: use logEvery of at least ${Math.ceil(epochs / (MAX_HISTORY - 1))}`,
    );
  }
  // A JSON null loss has always meant the default; kept so.
  const loss = readEnum<Loss>("loss", LOSS, raw.loss ?? undefined);
  const threshold = readOptionNumber(
    "threshold",
    THRESHOLD,
    raw.threshold,
    fromText,
  );
  const validation = readValidation(raw.validation, fromText);
  const standardize = readStandardize(raw.standardize, fromText);
  const l1 = readOptionNumber("l1", L1, raw.l1, fromText);
  const l2 = readOptionNumber("l2", L2, raw.l2, fromText);
  const batchSize = readOptionNumber(
    "batchSize",
    BATCH_SIZE,
    raw.batchSize,
    fromText,
  );
  const seed = readOptionNumber("seed", BATCH_SEED, raw.seed, fromText);
  if (raw.seed !== undefined && batchSize === undefined) {
    throw new OptionError(
      "seed needs batchSize: it seeds the mini-batch shuffle, and without batchSize training is full batch",
    );
  }
  const optimizer = readOptimizer(raw.optimizer, fromText);
  const earlyStopping = readEarlyStopping(raw.earlyStopping, fromText);
  if (earlyStopping && !validation) {
    throw new OptionError(
      "earlyStopping needs validation: it watches the cost of the held-out rows",
    );
  }
  const classWeights = readClassWeights(raw.classWeights, fromText);
  const classes = readOptionNumber("classes", CLASSES, raw.classes, fromText);
  return {
    epochs,
    lr,
    logEvery,
    loss,
    init: readInit(raw.init, fromText),
    threshold,
    ...(validation && { validation }),
    ...(classes !== undefined && { classes }),
    ...(standardize && { standardize }),
    ...(l1 !== 0 && { l1 }),
    ...(l2 !== 0 && { l2 }),
    ...(batchSize !== undefined && { batchSize, seed }),
    ...(optimizer && { optimizer }),
    ...(earlyStopping && { earlyStopping }),
    ...(classWeights && { classWeights }),
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
    if (!Object.hasOwn(EVALUATION_OPTIONS, name)) {
      throw new OptionError(
        `unknown option ${describe(name)}: expected ${Object.keys(EVALUATION_OPTIONS).join(", ")}`,
      );
    }
  }
  const { threshold: schema } = EVALUATION_OPTIONS;
  const value = readOptionNumber("threshold", schema, raw.threshold, fromText);
  return value === undefined ? {} : { threshold: value };
}
