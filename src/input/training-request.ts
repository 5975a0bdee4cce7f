/**
 * A training request, validated whole before any work: its rows and options
 * read (request-body.ts, train-options.ts), then what only the data and the
 * options together can tell, and, for a warm start, whether the stored
 * model it names fits.
 */
import type { Dataset } from "../engine/dataset";
import type { StartingPoint } from "../engine/fit-model";
import { isWarmStart } from "../engine/init";
import type { ModelOptions } from "../engine/model-options";
import { rowsByLabel, validationCount } from "../engine/split";
import { outputsFor, type LinearWeights } from "../engine/weights";
import { classKey, type ClassValue } from "../engine/class-values";
import { FeatureMismatchError, OptionError } from "../errors";
import { resolveClasses } from "./class-index";
import { readFeatureNames } from "./feature-names";
import { describe } from "./numbers";
import { checkShape, checkWork, type Limits } from "./limits";
import {
  readLabeled,
  type InputWarnings,
  type LabeledBody,
} from "./request-body";
import { readTrainingOptions } from "./train-options";
import { checkSplit } from "./validation-option";

/** A validated training request. */
export interface TrainingRequest {
  readonly dataset: Dataset;
  /**
   * Its options, the classes resolved (class-index.ts): `classes` their
   * count and `classValues` them. Two classes train the lab's sigmoid
   * model, more a softmax. `dataset.y` holds class indices.
   */
  readonly options: ModelOptions;
  /** The features' names, when the body gives them (a CSV header, JSON `columns`). */
  readonly featureNames?: readonly string[];
  /** What `header=auto` decided about a CSV body: the model's first warnings. */
  readonly warnings: InputWarnings;
}

/** What a warm start's source must have for a training to start from it. */
export interface WarmStartSource {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  readonly classes: number;
  readonly classValues: readonly ClassValue[];
  readonly weights: LinearWeights;
}

/**
 * The options that only the two-class model takes: the lab's two losses and
 * its decision threshold (a softmax model's cost is the cross-entropy, and it
 * predicts the most likely class).
 */
const TWO_CLASS_OPTIONS = ["loss", "threshold"] as const;

/**
 * Reads a training body: JSON `{x, y, ...options}` with options in the body,
 * or CSV rows with the label last and options in `query`; then checks the
 * shape and work limits, the number of classes and the options it allows,
 * the split, explicit starting weights and class weights.
 *
 * @throws the input errors (errors.ts) naming what is wrong
 */
export async function readTrainingRequest(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
): Promise<TrainingRequest> {
  const read = await readLabeled(request, query, limits, givenOptions);
  return checkTraining(read, limits);
}

/**
 * Reads a training whose rows are a CSV (`csv`, a `text/csv` request whose
 * body is a stored dataset's bytes) and whose options come apart, as JSON
 * (`options`, a job's), with the CSV's `dialect` options: the rows read and
 * every check made as `readTrainingRequest` makes them.
 *
 * @throws the input errors (errors.ts) naming what is wrong
 */
export async function readTrainingCsv(
  csv: Request,
  options: Record<string, unknown>,
  dialect: Record<string, string>,
  limits: Limits,
): Promise<TrainingRequest> {
  const read = await readLabeled(csv, dialect, limits, () =>
    givenOptions(options, false),
  );
  return checkTraining(read, limits);
}

/** The options read from `raw`, and the names it gave. */
function givenOptions(raw: Record<string, unknown>, fromText: boolean) {
  return {
    given: Object.keys(raw),
    options: readTrainingOptions(raw, fromText),
  };
}

/**
 * What only the rows and the options together can tell: the shape and work
 * limits, the classes and the options they allow, the split, explicit
 * starting weights and class weights.
 */
function checkTraining(
  read: LabeledBody<ReturnType<typeof givenOptions>>,
  limits: Limits,
): TrainingRequest {
  const { dataset, names, warnings } = read;
  const { given, options } = read.options;
  const { init, epochs, validation } = options;
  const { rows, cols } = dataset;
  checkShape(limits, rows, cols);
  const { positiveClass, ...chosen } = options;
  const classValues = resolveClasses(dataset, options.classes, positiveClass);
  const classes = classValues.length;
  if (classes > 2) {
    const twoClass = TWO_CLASS_OPTIONS.find((name) => given.includes(name));
    if (twoClass !== undefined) {
      throw new OptionError(
        `${twoClass} applies to two-class models, and classes is ${classes}: ` +
          `a softmax model minimises the cross-entropy and predicts the most likely class`,
      );
    }
  }
  checkWork(limits, rows, cols, epochs, outputsFor(classes));
  if (validation) checkSplit(validation, dataset);
  if (typeof init === "object" && "w" in init) {
    checkInitShape(init, classes, cols);
  }
  const weights = options.classWeights;
  if (weights === "balanced") {
    checkBalanced(dataset, classValues, validation?.fraction);
  } else if (weights !== undefined) {
    checkClassWeights(weights, classValues);
  }
  const { x, y } = dataset;
  return {
    dataset: { x, y, rows, cols },
    options: { ...chosen, classes, classValues },
    ...(names !== null && {
      featureNames: readFeatureNames(names.raw, cols, names.where),
    }),
    warnings,
  };
}

/**
 * Where the training of `request` starts: its `init`, or for a warm start
 * the stored version `source` that `init` names (null: none was found),
 * once it is known to fit the data.
 *
 * @throws OptionError when there is no such model or version, or its
 *   number of classes is not the request's
 * @throws FeatureMismatchError when its feature count differs
 */
export function startingPoint(
  request: TrainingRequest,
  source: WarmStartSource | null,
): StartingPoint {
  const { init, classValues = [] } = request.options;
  if (!isWarmStart(init)) return { init };
  const cols = request.dataset.cols;
  if (source === null) {
    throw new OptionError(
      init.version === undefined
        ? `init.model: no model named ${init.model}`
        : typeof init.version === "string"
          ? `init.model: model ${init.model} has no alias ${init.version}`
          : `init.model: model ${init.model} has no version ${init.version}`,
    );
  }
  if (source.features !== cols) {
    throw new FeatureMismatchError(
      `init.model: model ${source.name} has ${source.features} features, the data has ${cols}`,
    );
  }
  const same =
    source.classValues.length === classValues.length &&
    source.classValues.every(
      (c, k) => classKey(c) === classKey(classValues[k]),
    );
  if (!same) {
    throw new OptionError(
      `init.model: model ${source.name} has classes ${describe(source.classValues)}, this training has ${describe(classValues)}`,
    );
  }
  return {
    init: { model: source.name, version: source.version },
    weights: source.weights,
  };
}

/**
 * "balanced" divides by each class's count among the training rows: a class
 * without rows there would have an infinite weight (scikit-learn raises).
 * Counts per class what the validation split (split.ts) leaves.
 *
 * @throws OptionError naming the first class with no training row
 */
function checkBalanced(
  dataset: Dataset,
  classes: readonly ClassValue[],
  fraction: number | undefined,
): void {
  const byLabel = rowsByLabel(dataset.y);
  let training = 0;
  let missing = -1;
  for (let k = 0; k < classes.length; k++) {
    const n = byLabel[k]?.length ?? 0;
    const kept =
      n - (fraction === undefined ? 0 : validationCount(n, fraction));
    training += kept;
    if (kept === 0 && missing === -1) missing = k;
  }
  if (missing === -1) return;
  const where =
    fraction === undefined
      ? `the ${training} training rows`
      : `the ${training} rows validation leaves for training`;
  throw new OptionError(
    `classWeights "balanced" needs every class among ${where}, got no row of class ${describe(classes[missing])}`,
  );
}

/** A weight for each class, keyed by `classKey`, and for no other. */
function checkClassWeights(
  weights: Readonly<Record<string, number>>,
  classes: readonly ClassValue[],
): void {
  const keys = classes.map(classKey);
  const all = `give one for each class ${describe(keys)}`;
  const beyond = Object.keys(weights).find((key) => !keys.includes(key));
  if (beyond !== undefined) {
    throw new OptionError(
      `classWeights has a weight for ${describe(beyond)}, which is not a class: ${all}`,
    );
  }
  const lacking = keys.find((key) => !Object.hasOwn(weights, key));
  if (lacking !== undefined) {
    throw new OptionError(
      `classWeights has no weight for class ${describe(lacking)}: ${all}`,
    );
  }
}

/** Explicit starting weights must fit the classes and the features. */
function checkInitShape(
  init: { w: number[] | number[][]; b: number | number[] },
  classes: number,
  cols: number,
): void {
  const { w } = init;
  if (classes === 2) {
    if (Array.isArray(w[0])) {
      throw new OptionError(
        `init.w has a row per class, and classes is 2: give one weight per feature (${cols}) and one bias`,
      );
    }
    if (w.length !== cols) {
      throw new OptionError(
        `init.w has ${w.length} values, the data has ${cols} features`,
      );
    }
    return;
  }
  if (!Array.isArray(w[0])) {
    throw new OptionError(
      `init.w has one weight per feature, and classes is ${classes}: give ${classes} rows of ${cols} weights and ${classes} biases`,
    );
  }
  if (w.length !== classes) {
    throw new OptionError(
      `init.w has ${w.length} rows, and classes is ${classes}: give one row per class`,
    );
  }
  if (w[0].length !== cols) {
    throw new OptionError(
      `init.w rows have ${w[0].length} values, the data has ${cols} features`,
    );
  }
}
