/**
 * One training of a softmax model of K ≥ 3 classes, from validated request
 * to the version the store keeps: find the starting weights, split, train,
 * measure. training.ts calls this when the labels (or `classes`) say K ≥ 3.
 */
import type { Dataset } from "../engine/dataset";
import {
  isWarmStart,
  startingSoftmaxWeights,
  type InitSpec,
} from "../engine/init";
import {
  multiclassMetrics,
  type MulticlassMetrics,
} from "../engine/multiclass-metrics";
import {
  predictedClasses,
  softmaxCostAndAccuracy,
  softmaxProbabilities,
  trainSoftmax,
  type SoftmaxWeights,
} from "../engine/softmax";
import { stratifiedSplit } from "../engine/split";
import type { TrainingOptions } from "../input/train-options";
import type { NewModelVersion, StoreBindings } from "../storage/model-store";
import { extendedInputs, extendedRecord } from "./extended-training";
import { warmStartSource } from "./warm-start";

/**
 * Trains `F.cross_entropy` on `dataset` (labels 0..classes − 1) with the
 * lab's loop, as `options` say (the request has refused the two-class ones,
 * loss and threshold).
 */
export async function softmaxVersion(
  store: StoreBindings,
  name: string,
  dataset: Dataset,
  options: TrainingOptions,
  classes: number,
): Promise<NewModelVersion> {
  const {
    validation: held,
    init: _init,
    loss: _loss,
    threshold: _threshold,
    classes: _classes,
    ...rest
  } = options;
  const start = await startingPoint(store, options.init, classes, dataset.cols);
  const { training, validation } = held
    ? stratifiedSplit(dataset, held.fraction, held.seed)
    : { training: dataset, validation: undefined };
  const inputs = extendedInputs(training, options, classes);
  const result = trainSoftmax(training, {
    ...rest,
    standardize: inputs.standardize,
    sampleWeights: inputs.sampleWeights,
    initial: start.weights,
    validation,
  });
  const { weights, history } = result;
  const metrics = softmaxMetrics(training, weights);
  return {
    name,
    features: dataset.cols,
    classes,
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
          metrics: softmaxMetrics(validation, weights),
        },
      }),
    ...extendedRecord(result, inputs),
    weights,
    initialWeights: start.weights,
  };
}

/** The metrics of `weights` on the labelled rows of `data`. */
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

/** The weights `init` stands for; a warm start records its version. */
async function startingPoint(
  store: StoreBindings,
  init: InitSpec,
  classes: number,
  cols: number,
): Promise<{ init: InitSpec; weights: SoftmaxWeights }> {
  if (!isWarmStart(init)) {
    return { init, weights: startingSoftmaxWeights(init, classes, cols) };
  }
  const source = await warmStartSource(store, init, cols, classes);
  if (source.classes === undefined) {
    throw new Error("warmStartSource returned a two-class model");
  }
  return {
    init: { model: source.name, version: source.version },
    weights: source.weights,
  };
}
