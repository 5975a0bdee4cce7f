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
import { checkClassOptions } from "./class-options";
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
  const { epochs, validation } = options;
  const { rows, cols } = dataset;
  checkShape(limits, rows, cols);
  const classValues = resolveClasses(
    dataset,
    options.classes,
    options.positiveClass,
  );
  checkWork(limits, rows, cols, epochs, outputsFor(classValues.length));
  if (validation) checkSplit(validation, dataset);
  const byLabel = rowsByLabel(dataset.y);
  const trainingCounts = classValues.map((_, k) => {
    const n = byLabel[k]?.length ?? 0;
    return n - (validation ? validationCount(n, validation.fraction) : 0);
  });
  const chosen = checkClassOptions(
    given,
    options,
    classValues,
    cols,
    trainingCounts,
  );
  const { x, y } = dataset;
  return {
    dataset: { x, y, rows, cols },
    options: chosen,
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
  return startingPointOf(request.options, request.dataset.cols, source);
}

/**
 * `startingPoint` for a training of `options` over rows of `cols`
 * features (a job's, whose rows are in shards).
 *
 * @throws OptionError, FeatureMismatchError as `startingPoint`
 */
export function startingPointOf(
  options: ModelOptions,
  cols: number,
  source: WarmStartSource | null,
): StartingPoint {
  const { init, classValues = [] } = options;
  if (!isWarmStart(init)) return { init };
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
