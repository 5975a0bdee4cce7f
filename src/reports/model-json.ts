/**
 * The JSON shapes the API returns for a model: pure functions of a stored
 * version, so every route shows a model the same way.
 */
import type { Weights } from "../engine/dataset";
import type { Confusion } from "../engine/evaluate";
import type { BinaryMetrics } from "../engine/metrics";
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
> & { initialWeights: WeightsJson };

/** A model as `PUT /v1/models/{name}` and `GET /v1/models/{name}` return it. */
export type ModelJson = TrainingJson & {
  features: number;
  weights: WeightsJson;
  createdAt: string;
};

/** The training report: how training went and how the final weights fit. */
export type TrainingReport = TrainingJson & {
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
  };
}

function weightsJson(weights: Weights): WeightsJson {
  return { w: Array.from(weights.w), b: weights.b };
}
