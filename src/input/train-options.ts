/**
 * Training options from a JSON body or a query string, checked once, each by
 * its schema in schemas.ts: numbers, booleans and words by the schema alone,
 * JSON-valued options by their own readers. Only the rules that tie two
 * options together are written here by name.
 */
import type { ClassValue } from "../engine/class-values";
import type { ModelOptions } from "../engine/model-options";
import { readClasses, readPositiveClass } from "./classes-option";
import { OptionError } from "../errors";
import {
  readClassWeights,
  readEarlyStopping,
  readOptimizer,
} from "./extended-options";
import { readInit } from "./init-option";
import {
  readEnum,
  readOptionBoolean,
  readOptionNumber,
  type JsonSchema,
} from "./json-schema";
import { describe } from "./numbers";
import {
  CLASS_WEIGHTS,
  EARLY_STOPPING,
  EXTENDED_OPTIONS,
  OPTIMIZER,
} from "./extended-schemas";
import {
  CLASSES,
  EVALUATION_OPTIONS,
  INIT,
  POSITIVE_CLASS,
  TRAINING_OPTIONS,
  VALIDATION,
} from "./option-schemas";
import { MAX_HISTORY } from "./value-schemas";
import { readValidation } from "./validation-option";

/**
 * Options a training request may carry: `classes` only when it gives them
 * (a count or the list), and `positiveClass`.
 */
export type TrainingOptions = Omit<ModelOptions, "classes" | "classValues"> & {
  readonly classes?: number | readonly ClassValue[];
  readonly positiveClass?: ClassValue;
};

/** Names of the options, as they appear in JSON and in query strings. */
const TRAINING_OPTION_NAMES: readonly string[] = Object.keys(TRAINING_OPTIONS);

/** The readers of the options a schema alone cannot read. */
const READERS = new Map<
  JsonSchema,
  (raw: unknown, fromText: boolean) => unknown
>([
  [INIT, readInit],
  [VALIDATION, readValidation],
  [OPTIMIZER, readOptimizer],
  [EARLY_STOPPING, readEarlyStopping],
  [CLASS_WEIGHTS, readClassWeights],
  [CLASSES, readClasses],
  [POSITIVE_CLASS, readPositiveClass],
]);

type OptionName = keyof typeof TRAINING_OPTIONS;

/**
 * The order the options are read in, and so which of a request's errors it
 * meets first: the table's, but `classes` and `init` last, as the service
 * has always read them.
 */
const LAST: readonly OptionName[] = ["classes", "positiveClass", "init"];
const READ_ORDER: readonly OptionName[] = [
  ...(Object.keys(TRAINING_OPTIONS) as OptionName[]).filter(
    (name) => !LAST.includes(name),
  ),
  ...LAST,
];

/**
 * The rules that tie an option to options read before it, each checked as
 * soon as the option is read (`read` holds the values so far, `raw` what
 * the request sent).
 */
const AFTER: Partial<
  Record<
    OptionName,
    (read: Record<string, unknown>, raw: Record<string, unknown>) => void
  >
> = {
  // logEvery's default depends on epochs, and so does its cap on the history.
  logEvery(read) {
    const epochs = read.epochs as number;
    const logEvery =
      (read.logEvery as number | undefined) ??
      Math.max(1, Math.floor(epochs / 10));
    const logged = Math.floor(epochs / logEvery) + 1;
    if (logged > MAX_HISTORY) {
      throw new OptionError(
        `logEvery ${logEvery} would log ${logged} epochs, at most ${MAX_HISTORY} are kept: use logEvery of at least ${Math.ceil(epochs / (MAX_HISTORY - 1))}`,
      );
    }
    read.logEvery = logEvery;
  },
  seed(read, raw) {
    if (raw.seed !== undefined && read.batchSize === undefined) {
      throw new OptionError(
        "seed needs batchSize: it seeds the mini-batch shuffle, and without batchSize training is full batch",
      );
    }
  },
  earlyStopping(read) {
    if (read.earlyStopping !== undefined && read.validation === undefined) {
      throw new OptionError(
        "earlyStopping needs validation: it watches the cost of the held-out rows",
      );
    }
  },
};

/** Option `name`'s value, read by its schema (or its reader) from `raw`. */
function readOption(
  name: string,
  schema: JsonSchema,
  raw: unknown,
  fromText: boolean,
): unknown {
  const reader = READERS.get(schema);
  if (reader !== undefined) return reader(raw, fromText);
  // A JSON null word has always meant the default; kept so.
  if (schema.enum) return readEnum(name, schema, raw ?? undefined);
  if (schema.type === "boolean") {
    return readOptionBoolean(name, schema, raw, fromText);
  }
  return readOptionNumber(name, schema, raw, fromText);
}

/**
 * Validates raw options against their schemas (schemas.ts). Values are JSON
 * values, or strings from a query string (`fromText`), where "100" means the
 * number 100.
 *
 * Defaults are the schemas' (epochs 100, lr 1, loss "bce", init "zeros",
 * threshold 0.5, the lab's `h >= 0.5`), but for logEvery's, which depends on
 * epochs: max(1, ⌊epochs/10⌋). So does its cap on the history's length,
 * checked here in code. An extended option (EXTENDED_OPTIONS) is kept only
 * when it changes training: at its schema's default (0, false, plain SGD)
 * it is left out, and `seed` is kept exactly when `batchSize` is.
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
  const read: Record<string, unknown> = {};
  for (const name of READ_ORDER) {
    const schema: JsonSchema = TRAINING_OPTIONS[name];
    const value = readOption(name, schema, raw[name], fromText);
    const unchanged =
      Object.hasOwn(EXTENDED_OPTIONS, name) && value === schema.default;
    if (value !== undefined && !unchanged) read[name] = value;
    AFTER[name]?.(read, raw);
  }
  const options = read as unknown as TrainingOptions;
  const { batchSize } = options;
  const { seed = TRAINING_OPTIONS.seed.default, ...rest } = options;
  return { ...rest, ...(batchSize !== undefined && { batchSize, seed }) };
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
