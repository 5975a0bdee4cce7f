/**
 * One training, from request to stored version: read, find the starting
 * weights, train, measure, store. Routes call this; it holds no HTTP itself.
 */
import type { Dataset, Weights } from "../engine/dataset";
import { predictProbabilities } from "../engine/evaluate";
import { binaryMetrics, type BinaryMetrics } from "../engine/metrics";
import { stratifiedSplit } from "../engine/split";
import { thinRoc } from "../engine/roc";
import { isWarmStart, startingWeights, type InitSpec } from "../engine/init";
import { trainLogistic } from "../engine/train";
import { trainExtended } from "../engine/train-extended";
import type { Limits } from "../input/limits";
import { readTrainingRequest } from "../input/request-body";
import {
  EXTENDED_OPTION_NAMES,
  type TrainingOptions,
} from "../input/train-options";
import {
  saveModel,
  type ModelVersion,
  type NewModelVersion,
  type StoreBindings,
} from "../storage/model-store";
import { extendedInputs, extendedRecord } from "./extended-training";
import { softmaxVersion } from "./softmax-training";
import { warmStartSource } from "./warm-start";

/** How many points of the training ROC curve a model keeps. */
const ROC_POINTS = 256;

/**
 * Trains on the body of `request` (options in the body or in `query`) and
 * stores the result as the next version of `name`. Nothing is stored when
 * any step fails.
 *
 * Without any of the extended options (standardize, l1, l2, batchSize,
 * optimizer, earlyStopping, classWeights) this runs the lab's loop,
 * `trainLogistic`; with any, `trainExtended`, which gives the same numbers
 * when they are all unset.
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
  const model =
    classes > 2
      ? await softmaxVersion(store, name, dataset, options, classes)
      : await logisticVersion(store, name, dataset, options);
  return saveModel(store, model);
}

/** Trains the lab's two-class model: what a version of it holds. */
async function logisticVersion(
  store: StoreBindings,
  name: string,
  dataset: Dataset,
  options: TrainingOptions,
): Promise<NewModelVersion> {
  const start = await startingPoint(store, options.init, dataset.cols);
  const { validation: held, classes: _classes, ...rest } = options;
  const { training, validation } = held
    ? stratifiedSplit(dataset, held.fraction, held.seed)
    : { training: dataset, validation: undefined };
  const extended = EXTENDED_OPTION_NAMES.some((key) => key in options);
  const inputs = extended ? extendedInputs(training, options, 2) : {};
  const result = extended
    ? trainExtended(training, {
        ...options,
        standardize: inputs.standardize,
        sampleWeights: inputs.sampleWeights,
        initial: start.weights,
        validation,
      })
    : trainLogistic(training, {
        ...rest,
        initial: start.weights,
        validation,
      });
  const { weights, history } = result;
  const more = extendedRecord(result, inputs);
  const metrics = metricsOf(training, weights, options.threshold);
  return {
    name,
    features: dataset.cols,
    samples: training.rows,
    ...rest,
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
          metrics: metricsOf(validation, weights, options.threshold),
        },
      }),
    ...more,
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

/**
 * The weights `init` stands for. A warm start reads the stored model and
 * records which version it started from, so the training can be replayed.
 */
async function startingPoint(
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
