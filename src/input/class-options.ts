/**
 * The training options only the classes, the features and the training
 * rows' count of each class can check: a request's (training-request.ts,
 * from its rows) and a job's (jobs/train-plan.ts, from its manifest).
 */
import type { ClassValue } from "../engine/class-values";
import { classKey } from "../engine/class-values";
import type { ModelOptions } from "../engine/model-options";
import { OptionError } from "../errors";
import { describe } from "./numbers";
import type { TrainingOptions } from "./train-options";

/**
 * The options that only the two-class model takes: the lab's two losses and
 * its decision threshold (a softmax model's cost is the cross-entropy, and it
 * predicts the most likely class).
 */
const TWO_CLASS_OPTIONS = ["loss", "threshold"] as const;

/**
 * What only the classes, the features and the training rows' count of each
 * class can tell of `options` (those given by name in `given`): the
 * options a softmax refuses, explicit starting weights' shape, class
 * weights; then the options with the classes resolved. A request's rows
 * and a job's manifest (its first pass's counts) both come through here.
 *
 * @throws OptionError naming the option that cannot apply
 */
export function checkClassOptions(
  given: readonly string[],
  options: TrainingOptions,
  classValues: readonly ClassValue[],
  cols: number,
  trainingCounts: readonly number[],
): ModelOptions {
  const { init, validation } = options;
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
  if (typeof init === "object" && "w" in init) {
    checkInitShape(init, classes, cols);
  }
  const weights = options.classWeights;
  if (weights === "balanced") {
    checkBalanced(trainingCounts, classValues, validation?.fraction);
  } else if (weights !== undefined) {
    checkClassWeights(weights, classValues);
  }
  const { positiveClass: _p, ...chosen } = options;
  return { ...chosen, classes, classValues: [...classValues] };
}

/**
 * "balanced" divides by each class's count among the training rows: a class
 * without rows there would have an infinite weight (scikit-learn raises).
 * Counts per class what the validation split (split.ts) leaves.
 *
 * @throws OptionError naming the first class with no training row
 */
function checkBalanced(
  trainingCounts: readonly number[],
  classes: readonly ClassValue[],
  fraction: number | undefined,
): void {
  let training = 0;
  let missing = -1;
  for (let k = 0; k < classes.length; k++) {
    const kept = trainingCounts[k] ?? 0;
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
