/**
 * The JSON shapes the API returns for a model: pure functions of a stored
 * version, so every route shows a model the same way.
 */
import type { Weights } from "../engine/dataset";
import type { Confusion } from "../engine/evaluate";
import type { BinaryMetrics } from "../engine/metrics";
import type { InitSpec } from "../engine/init";
import type { EpochLog } from "../engine/train";
import type { ModelVersion } from "../storage/model-store";

/** A model as `PUT /v1/models/{name}` and `GET /v1/models/{name}` return it. */
export interface ModelJson {
  name: string;
  version: number;
  features: number;
  samples: number;
  epochs: number;
  lr: number;
  loss: string;
  logEvery: number;
  history: readonly EpochLog[];
  cost: number;
  accuracy: number;
  threshold: number;
  weights: WeightsJson;
  init: InitSpec;
  initialWeights: WeightsJson;
  createdAt: string;
}

/** Weights as plain JSON numbers (each one a float32 value). */
export interface WeightsJson {
  w: number[];
  b: number;
}

/** The training report: how training went and how the final weights fit. */
export interface TrainingReport {
  name: string;
  version: number;
  samples: number;
  epochs: number;
  lr: number;
  loss: string;
  logEvery: number;
  history: readonly EpochLog[];
  cost: number;
  accuracy: number;
  threshold: number;
  confusionMatrix: Confusion;
  metrics: { training: BinaryMetrics };
  init: InitSpec;
  initialWeights: WeightsJson;
}

/** A model version as API JSON, weights as plain number arrays. */
export function modelJson(model: ModelVersion): ModelJson {
  return {
    name: model.name,
    version: model.version,
    features: model.features,
    samples: model.samples,
    epochs: model.epochs,
    lr: model.lr,
    loss: model.loss,
    logEvery: model.logEvery,
    history: model.history,
    cost: model.cost,
    accuracy: model.accuracy,
    threshold: model.threshold,
    weights: weightsJson(model.weights),
    init: model.init,
    initialWeights: weightsJson(model.initialWeights),
    createdAt: model.createdAt,
  };
}

/** The training report of a model version as JSON. */
export function trainingReport(model: ModelVersion): TrainingReport {
  return {
    name: model.name,
    version: model.version,
    samples: model.samples,
    epochs: model.epochs,
    lr: model.lr,
    loss: model.loss,
    logEvery: model.logEvery,
    history: model.history,
    cost: model.cost,
    accuracy: model.accuracy,
    threshold: model.threshold,
    confusionMatrix: model.metrics.confusionMatrix,
    metrics: { training: model.metrics },
    init: model.init,
    initialWeights: weightsJson(model.initialWeights),
  };
}

function weightsJson(weights: Weights): WeightsJson {
  return { w: Array.from(weights.w), b: weights.b };
}
