/**
 * The JSON shapes the API returns for a model: pure functions of a stored
 * version, so every route shows a model the same way.
 */
import type { Weights } from "../engine/dataset";
import type { Confusion } from "../engine/evaluate";
import type { BinaryMetrics } from "../engine/metrics";
import type { OptimizerOptions } from "../engine/optimizers";
import type { ModelVersion } from "../storage/model-store";

/** Weights as plain JSON numbers (each one a float32 value). */
export interface WeightsJson {
  w: number[];
  b: number;
}

/** How a version was trained and how training went: common to both shapes. */
type TrainingJson = Pick<
  ModelVersion,
  | "name"
  | "version"
  | "samples"
  | "epochs"
  | "lr"
  | "loss"
  | "logEvery"
  | "history"
  | "cost"
  | "accuracy"
  | "threshold"
  | "init"
  | "standardize"
  | "l1"
  | "l2"
  | "batchSize"
  | "seed"
  | "earlyStopping"
  | "classWeights"
  | "stopping"
  | "standardization"
> & {
  initialWeights: WeightsJson;
  optimizer?: OptimizerJson;
  standardizedWeights?: WeightsJson;
};

/** An optimizer as the `optimizer` option takes it, every field filled. */
export type OptimizerJson =
  | { sgd: { momentum: number; nesterov: boolean; weightDecay: number } }
  | {
      adam: { beta1: number; beta2: number; eps: number; weightDecay: number };
    };

/** A model as `PUT /v1/models/{name}` and `GET /v1/models/{name}` return it. */
export type ModelJson = TrainingJson & {
  features: number;
  weights: WeightsJson;
  createdAt: string;
};

/**
 * The training report: how training went and how the final weights fit.
 * `weights` (original units) is there only beside `standardizedWeights`.
 */
export type TrainingReport = TrainingJson & {
  weights?: WeightsJson;
  confusionMatrix: Confusion;
  metrics: { training: BinaryMetrics; validation?: BinaryMetrics };
  validation?: { fraction: number; seed: number; samples: number };
};

/** A model version as API JSON, weights as plain number arrays. */
export function modelJson(model: ModelVersion): ModelJson {
  return {
    ...trainingJson(model),
    features: model.features,
    weights: weightsJson(model.weights),
    createdAt: model.createdAt,
  };
}

/** The training report of a model version as JSON. */
export function trainingReport(model: ModelVersion): TrainingReport {
  return {
    ...trainingJson(model),
    ...(model.standardizedWeights && { weights: weightsJson(model.weights) }),
    confusionMatrix: model.metrics.confusionMatrix,
    metrics: {
      training: model.metrics,
      ...(model.validation && { validation: model.validation.metrics }),
    },
    ...(model.validation && {
      validation: {
        fraction: model.validation.fraction,
        seed: model.validation.seed,
        samples: model.validation.samples,
      },
    }),
  };
}

function trainingJson(model: ModelVersion): TrainingJson {
  const { name, version, samples, epochs, lr, loss, logEvery } = model;
  const { history, cost, accuracy, threshold, init } = model;
  return {
    name,
    version,
    samples,
    epochs,
    lr,
    loss,
    logEvery,
    history,
    cost,
    accuracy,
    threshold,
    init,
    initialWeights: weightsJson(model.initialWeights),
    ...extendedJson(model),
  };
}

/** The extended options and what they produced, each only when set. */
function extendedJson(model: ModelVersion): Partial<TrainingJson> {
  const { standardize, l1, l2, batchSize, seed, optimizer } = model;
  const { earlyStopping, classWeights, stopping, standardization } = model;
  return {
    ...(standardize && { standardize }),
    ...(l1 !== undefined && { l1 }),
    ...(l2 !== undefined && { l2 }),
    ...(batchSize !== undefined && { batchSize, seed }),
    ...(optimizer && { optimizer: optimizerJson(optimizer) }),
    ...(earlyStopping && { earlyStopping }),
    ...(classWeights !== undefined && { classWeights }),
    ...(stopping && { stopping }),
    ...(standardization && { standardization }),
    ...(model.standardizedWeights && {
      standardizedWeights: weightsJson(model.standardizedWeights),
    }),
  };
}

/** The engine's optimizer options in the `optimizer` option's own form. */
export function optimizerJson(options: OptimizerOptions): OptimizerJson {
  if (options.kind === "sgd") {
    const { momentum, nesterov, weightDecay } = options;
    return { sgd: { momentum, nesterov, weightDecay } };
  }
  const { beta1, beta2, eps, weightDecay } = options;
  return { adam: { beta1, beta2, eps, weightDecay } };
}

function weightsJson(weights: Weights): WeightsJson {
  return { w: Array.from(weights.w), b: weights.b };
}
