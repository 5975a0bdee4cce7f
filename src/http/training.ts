/**
 * One training, from request to stored version: read, find the starting
 * weights, split, train, measure, store. Routes call this; it holds no HTTP
 * itself. Two classes train the lab's sigmoid model, more a softmax; both
 * go through the same steps and keep the same record.
 */
import type { Dataset, Weights } from "../engine/dataset";
import { predictProbabilities } from "../engine/evaluate";
import {
  isWarmStart,
  startingSoftmaxWeights,
  startingWeights,
  type InitSpec,
} from "../engine/init";
import { binaryMetrics, type BinaryMetrics } from "../engine/metrics";
import {
  multiclassMetrics,
  type MulticlassMetrics,
} from "../engine/multiclass-metrics";
import { thinRoc } from "../engine/roc";
import {
  predictedClasses,
  softmaxCostAndAccuracy,
  softmaxProbabilities,
  trainSoftmax,
  type SoftmaxWeights,
} from "../engine/softmax";
import { stratifiedSplit } from "../engine/split";
import { trainLogistic } from "../engine/train";
import {
  trainExtended,
  type LinearTrainResult,
} from "../engine/train-extended";
import type { Limits } from "../input/limits";
import { readTrainingRequest } from "../input/request-body";
import {
  EXTENDED_OPTION_NAMES,
  type TrainingOptions,
} from "../input/train-options";
import type { ValidationOption } from "../input/validation-option";
import { FeatureMismatchError, OptionError } from "../errors";
import {
  loadModel,
  saveModel,
  type ModelVersion,
  type StoreBindings,
} from "../storage/model-store";
import {
  extendedInputs,
  extendedRecord,
  type ExtendedInputs,
} from "./extended-training";

/** How many points of the training ROC curve a model keeps. */
const ROC_POINTS = 256;

/**
 * Trains on the body of `request` (options in the body or in `query`) and
 * stores the result as the next version of `name`. Nothing is stored when
 * any step fails.
 *
 * Two classes without any of the extended options (standardize, l1, l2,
 * batchSize, optimizer, earlyStopping, classWeights) run the lab's loop,
 * `trainLogistic`; with any, `trainExtended`, which gives the same numbers
 * when they are all unset. Many classes run `trainSoftmax`.
 */
export async function trainAndStore(
  store: StoreBindings,
  name: string,
  request: Request,
  query: Record<string, string>,
  limits: Limits,
): Promise<ModelVersion> {
  const { dataset, options, classes } = await readTrainingRequest(
    request,
    query,
    limits,
  );
  const { cols } = dataset;
  const { training, validation } = split(dataset, options.validation);
  const inputs = extendedInputs(training, options, classes);
  const {
    validation: _validation,
    classes: _classes,
    init: _init,
    loss,
    threshold,
    ...chosen
  } = options;
  const about = { name, features: cols, samples: training.rows, ...chosen };
  const trained = { training, validation, held: options.validation, inputs };

  if (classes > 2) {
    const start = await softmaxStart(store, options.init, classes, cols);
    const result = trainSoftmax(training, {
      ...chosen,
      ...engineInputs(inputs),
      initial: start.weights,
      validation,
    });
    return saveModel(store, {
      ...about,
      classes,
      ...record(result, start, softmaxMetrics, trained),
    });
  }
  const start = await logisticStart(store, options.init, cols);
  const extended = EXTENDED_OPTION_NAMES.some((key) => key in options);
  const train = extended ? trainExtended : trainLogistic;
  const result = train(training, {
    ...chosen,
    ...engineInputs(inputs),
    loss,
    initial: start.weights,
    validation,
  });
  const measure = (data: Dataset, weights: Weights) =>
    metricsOf(data, weights, threshold);
  return saveModel(store, {
    ...about,
    loss,
    threshold,
    ...record(result, start, measure, trained),
  });
}

/** The rows to train on and to hold out, as `validation` asks. */
function split(
  dataset: Dataset,
  held: ValidationOption | undefined,
): { training: Dataset; validation?: Dataset } {
  return held
    ? stratifiedSplit(dataset, held.fraction, held.seed)
    : { training: dataset };
}

/** The engine's fields for the inputs the options took from the rows. */
function engineInputs(inputs: ExtendedInputs) {
  return {
    standardize: inputs.standardize,
    sampleWeights: inputs.sampleWeights,
  };
}

/**
 * What a stored version keeps of one training, whatever the kind of model:
 * how it started, its history, the metrics `measure` gives of the final
 * weights on the training and held-out rows, and the extended record.
 */
function record<W, M extends { accuracy: number }>(
  result: LinearTrainResult<W>,
  start: { init: InitSpec; weights: W },
  measure: (data: Dataset, weights: W) => M,
  trained: {
    training: Dataset;
    validation?: Dataset;
    held?: ValidationOption;
    inputs: ExtendedInputs;
  },
) {
  const { weights, history } = result;
  const { training, validation, held } = trained;
  const metrics = measure(training, weights);
  return {
    init: start.init,
    history,
    cost: history[history.length - 1].cost,
    accuracy: metrics.accuracy,
    metrics,
    ...(held &&
      validation && {
        validation: {
          ...held,
          samples: validation.rows,
          metrics: measure(validation, weights),
        },
      }),
    ...extendedRecord(result, trained.inputs),
    weights,
    initialWeights: start.weights,
  };
}

/** Metrics of `weights` on `data`, the ROC curve thinned for storage. */
export function metricsOf(
  data: Dataset,
  weights: Weights,
  threshold: number,
): BinaryMetrics {
  const { x, y, rows, cols } = data;
  const probabilities = predictProbabilities(
    new Float32Array(rows),
    x,
    rows,
    cols,
    weights,
  );
  const metrics = binaryMetrics(probabilities, y, threshold);
  return { ...metrics, roc: metrics.roc && thinRoc(metrics.roc, ROC_POINTS) };
}

/** The metrics of softmax `weights` on the labelled rows of `data`. */
export function softmaxMetrics(
  data: Dataset,
  weights: SoftmaxWeights,
): MulticlassMetrics {
  const { x, y, rows, cols } = data;
  const classes = weights.b.length;
  const probabilities = softmaxProbabilities(
    new Float32Array(rows * classes),
    x,
    rows,
    cols,
    weights,
  );
  const predicted = predictedClasses(
    new Uint32Array(rows),
    probabilities,
    classes,
  );
  const { cost } = softmaxCostAndAccuracy(data, weights);
  return multiclassMetrics(y, predicted, classes, cost);
}

/**
 * The weights `init` stands for, for two classes. A warm start reads the
 * stored model and records which version it started from, so the training
 * can be replayed.
 */
async function logisticStart(
  store: StoreBindings,
  init: InitSpec,
  cols: number,
): Promise<{ init: InitSpec; weights: Weights }> {
  if (!isWarmStart(init)) return { init, weights: startingWeights(init, cols) };
  const source = await warmStartSource(store, init, cols, 2);
  if (source.classes !== undefined) throw new Error("not a two-class model");
  return {
    init: { model: source.name, version: source.version },
    weights: source.weights,
  };
}

/** `logisticStart` for a softmax model of `classes` classes. */
async function softmaxStart(
  store: StoreBindings,
  init: InitSpec,
  classes: number,
  cols: number,
): Promise<{ init: InitSpec; weights: SoftmaxWeights }> {
  if (!isWarmStart(init)) {
    return { init, weights: startingSoftmaxWeights(init, classes, cols) };
  }
  const source = await warmStartSource(store, init, cols, classes);
  if (source.classes === undefined) throw new Error("a two-class model");
  return {
    init: { model: source.name, version: source.version },
    weights: source.weights,
  };
}

/**
 * The stored model a warm start names, once it is known to exist and to
 * have `cols` features.
 *
 * @throws OptionError when there is no such model or version, or its
 *   number of classes is not `classes`
 * @throws FeatureMismatchError when its feature count differs
 */
async function warmStartSource(
  store: StoreBindings,
  init: { model: string; version?: number },
  cols: number,
  classes: number,
): Promise<ModelVersion> {
  const source = await loadModel(store, init.model, init.version);
  if (source === null) {
    throw new OptionError(
      init.version === undefined
        ? `init.model: no model named ${init.model}`
        : `init.model: model ${init.model} has no version ${init.version}`,
    );
  }
  if (source.features !== cols) {
    throw new FeatureMismatchError(
      `init.model: model ${source.name} has ${source.features} features, the data has ${cols}`,
    );
  }
  if ((source.classes ?? 2) !== classes) throw classesMismatch(source, classes);
  return source;
}

function classesMismatch(source: ModelVersion, classes: number): OptionError {
  return new OptionError(
    `init.model: model ${source.name} has ${source.classes ?? 2} classes, the data has ${classes}`,
  );
}
