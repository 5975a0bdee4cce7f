/**
 * The JSON the API returns for a model version: pure functions of a stored
 * version, so every route shows a model the same way.
 *
 * The API keeps the two shapes it has always had: a two-class model's
 * weights are `{w: [d numbers], b: number}` with its `loss` and `threshold`;
 * a softmax model's are `{w: [K rows of d], b: [K]}`. Both show `classes`,
 * the class each index stands for (the values of the labels; with two, the
 * positive class second), and `featureNames` after them when the model has
 * names. Everything else a version records is shown as it is stored, but
 * its row scores (the thresholds routes' and pictures' own); its
 * `warnings` come last, `[]` when there are none.
 */
import type { ModelVersion } from "../domain/model-version";
import type { ClassValue } from "../engine/class-values";
import type { Confusion } from "../engine/evaluate";
import type { BinaryMetrics } from "../engine/metrics";
import type { MulticlassMetrics } from "../engine/multiclass-metrics";
import type { OptimizerOptions } from "../engine/optimizers";
import type { LinearWeights } from "../engine/weights";

/** A two-class model's weights as plain JSON numbers (float32 values). */
export interface WeightsJson {
  w: number[];
  b: number;
}

/** A softmax model's weights: W as K rows of d numbers, and K biases. */
export interface SoftmaxWeightsJson {
  w: number[][];
  b: number[];
}

/** An optimizer as the `optimizer` option takes it, every field filled. */
export type OptimizerJson =
  | { sgd: { momentum: number; nesterov: boolean; weightDecay: number } }
  | {
      adam: { beta1: number; beta2: number; eps: number; weightDecay: number };
    };

/** What a version shows of how it was trained, whatever its classes. */
type TrainingJson<W, Extra> = Omit<
  ModelVersion,
  | "features"
  | "classes"
  | "classValues"
  | "loss"
  | "threshold"
  | "optimizer"
  | "metrics"
  | "validation"
  | "weights"
  | "initialWeights"
  | "standardizedWeights"
  | "scores"
  | "createdAt"
> &
  Extra & {
    /** The class of each index; with two, the positive class second. */
    classes: readonly ClassValue[];
    optimizer?: OptimizerJson;
    initialWeights: W;
    standardizedWeights?: W;
  };

type TwoClasses = Required<Pick<ModelVersion, "loss" | "threshold">>;
type ManyClasses = object;

/** A model as `PUT /v1/models/{name}` and `GET /v1/models/{name}` return it. */
export type ModelJson = LogisticModelJson | SoftmaxModelJson;

/** A two-class model as JSON. */
export type LogisticModelJson = TrainingJson<WeightsJson, TwoClasses> &
  ModelJsonTail<WeightsJson>;

/** A softmax model of many classes as JSON. */
export type SoftmaxModelJson = TrainingJson<SoftmaxWeightsJson, ManyClasses> &
  ModelJsonTail<SoftmaxWeightsJson>;

interface ModelJsonTail<W> {
  features: number;
  weights: W;
  createdAt: string;
}

/**
 * The training report: how training went and how the final weights fit.
 * `weights` (original units) is there only beside `standardizedWeights`.
 */
export type TrainingReport = LogisticTrainingReport | SoftmaxTrainingReport;

/** The training report of a two-class model. */
export type LogisticTrainingReport = TrainingJson<WeightsJson, TwoClasses> &
  ReportTail<WeightsJson, Confusion, BinaryMetrics>;

/** The training report of a softmax model: a K × K confusion matrix. */
export type SoftmaxTrainingReport = TrainingJson<
  SoftmaxWeightsJson,
  ManyClasses
> &
  ReportTail<SoftmaxWeightsJson, number[][], MulticlassMetrics>;

interface ReportTail<W, C, M> {
  weights?: W;
  confusionMatrix: C;
  metrics: { training: M; validation?: M };
  /** How the held-out rows were chosen. */
  validation?: { fraction: number; seed: number; samples: number };
}

/** A model version as API JSON, weights as plain number arrays, its warnings last. */
export function modelJson(model: ModelVersion): ModelJson {
  const { features, weights, createdAt, warnings } = model;
  return {
    ...trainingJson(model),
    features,
    weights: weightsJson(weights),
    createdAt,
    warnings,
  } as ModelJson;
}

/** The training report of a model version as JSON, its warnings last. */
export function trainingReport(model: ModelVersion): TrainingReport {
  const { metrics, validation, standardizedWeights, warnings } = model;
  return {
    ...trainingJson(model),
    ...(standardizedWeights && { weights: weightsJson(model.weights) }),
    confusionMatrix: metrics.confusionMatrix,
    metrics: {
      training: metrics,
      ...(validation && { validation: validation.metrics }),
    },
    ...(validation && {
      validation: {
        fraction: validation.fraction,
        seed: validation.seed,
        samples: validation.samples,
      },
    }),
    warnings,
  } as TrainingReport;
}

/**
 * What both shapes show of a version's training: every field it records as
 * it is, but the weights (as JSON arrays), the optimizer (in the option's
 * own form), `classes` (the class values) and what each shape adds itself.
 */
function trainingJson(model: ModelVersion) {
  const {
    features: _features,
    weights: _weights,
    createdAt: _createdAt,
    metrics: _metrics,
    validation: _validation,
    warnings: _warnings,
    classes: _classes,
    classValues,
    featureNames,
    optimizer,
    initialWeights,
    standardizedWeights,
    scores: _scores,
    ...recorded
  } = model;
  return {
    ...recorded,
    ...(optimizer && { optimizer: optimizerJson(optimizer) }),
    classes: classValues,
    ...(featureNames && { featureNames }),
    initialWeights: weightsJson(initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: weightsJson(standardizedWeights),
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

/**
 * Weights as JSON: for one output `{w: [d], b}`, for K outputs K rows in
 * `nn.Linear(d, K).weight`'s layout and K biases.
 */
function weightsJson(weights: LinearWeights): WeightsJson | SoftmaxWeightsJson {
  const outputs = weights.b.length;
  if (outputs === 1) return { w: Array.from(weights.w), b: weights.b[0] };
  const d = weights.w.length / outputs;
  return {
    w: Array.from({ length: outputs }, (_, k) =>
      Array.from(weights.w.subarray(k * d, (k + 1) * d)),
    ),
    b: Array.from(weights.b),
  };
}
