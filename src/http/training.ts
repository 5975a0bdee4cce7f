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
import { FeatureMismatchError, OptionError } from "../errors";
import type { Limits } from "../input/limits";
import { readTrainingRequest } from "../input/request-body";
import {
  loadModel,
  saveModel,
  type ModelVersion,
  type StoreBindings,
} from "../storage/model-store";

/** How many points of the training ROC curve a model keeps. */
const ROC_POINTS = 256;

/**
 * Trains on the body of `request` (options in the body or in `query`) and
 * stores the result as the next version of `name`. Nothing is stored when
 * any step fails.
 */
export async function trainAndStore(
  store: StoreBindings,
  name: string,
  request: Request,
  query: Record<string, string>,
  limits: Limits,
): Promise<ModelVersion> {
  const { dataset, options } = await readTrainingRequest(
    request,
    query,
    limits,
  );
  const start = await startingPoint(store, options.init, dataset.cols);
  const { validation: held, ...rest } = options;
  const { training, validation } = held
    ? stratifiedSplit(dataset, held.fraction, held.seed)
    : { training: dataset, validation: undefined };
  const { weights, history } = trainLogistic(training, {
    ...rest,
    initial: start.weights,
    validation,
  });
  const metrics = metricsOf(training, weights, options.threshold);
  return saveModel(store, {
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
    weights,
    initialWeights: start.weights,
  });
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
  return {
    init: { model: source.name, version: source.version },
    weights: source.weights,
  };
}
