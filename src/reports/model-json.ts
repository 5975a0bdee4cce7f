/**
 * The JSON shapes the API returns for a model: pure functions of a stored
 * version, so every route shows a model the same way.
 */
import type { Weights } from "../engine/dataset";
import type { Confusion } from "../engine/evaluate";
import type { BinaryMetrics } from "../engine/metrics";
import type { MulticlassMetrics } from "../engine/multiclass-metrics";
import type { OptimizerOptions } from "../engine/optimizers";
import type { SoftmaxWeights } from "../engine/softmax";
import type {
  LogisticModelVersion,
  ModelVersion,
  SoftmaxModelVersion,
} from "../storage/model-store";

/** Weights as plain JSON numbers (each one a float32 value). */
export interface WeightsJson {
  w: number[];
  b: number;
}

/** What every version says of how it was trained and how training went. */
type CommonJson = Pick<
  ModelVersion,
  | "name"
  | "version"
  | "samples"
  | "epochs"
  | "lr"
  | "logEvery"
  | "history"
  | "cost"
  | "accuracy"
  | "init"
> &
  ExtendedJson;

/** The extended options, as requests give them, and what they produced. */
type ExtendedJson = Pick<
  ModelVersion,
  | "standardize"
  | "l1"
  | "l2"
  | "batchSize"
  | "seed"
  | "earlyStopping"
  | "classWeights"
  | "stopping"
  | "standardization"
> & { optimizer?: OptimizerJson };

/** How a two-class version was trained: both of its shapes have this. */
type TrainingJson = CommonJson &
  Pick<LogisticModelVersion, "loss" | "threshold"> & {
    initialWeights: WeightsJson;
    standardizedWeights?: WeightsJson;
  };

/** An optimizer as the `optimizer` option takes it, every field filled. */
export type OptimizerJson =
  | { sgd: { momentum: number; nesterov: boolean; weightDecay: number } }
  | {
      adam: { beta1: number; beta2: number; eps: number; weightDecay: number };
    };

/** Softmax weights as JSON: W as K rows of d numbers, and K biases. */
export interface SoftmaxWeightsJson {
  w: number[][];
  b: number[];
}

/** How a softmax version was trained and how training went. */
type SoftmaxTrainingJson = CommonJson &
  Pick<SoftmaxModelVersion, "classes"> & {
    initialWeights: SoftmaxWeightsJson;
    standardizedWeights?: SoftmaxWeightsJson;
  };

/** A model as `PUT /v1/models/{name}` and `GET /v1/models/{name}` return it. */
export type ModelJson = LogisticModelJson | SoftmaxModelJson;

/** A two-class model as JSON. */
export type LogisticModelJson = TrainingJson & {
  features: number;
  weights: WeightsJson;
  createdAt: string;
};

/** A softmax model of many classes as JSON. */
export type SoftmaxModelJson = SoftmaxTrainingJson & {
  features: number;
  weights: SoftmaxWeightsJson;
  createdAt: string;
};

/**
 * The training report: how training went and how the final weights fit.
 * `weights` (original units) is there only beside `standardizedWeights`.
 */
export type TrainingReport = LogisticTrainingReport | SoftmaxTrainingReport;

/** The training report of a two-class model. */
export type LogisticTrainingReport = TrainingJson & {
  weights?: WeightsJson;
  confusionMatrix: Confusion;
  metrics: { training: BinaryMetrics; validation?: BinaryMetrics };
  validation?: ValidationJson;
};

/** The training report of a softmax model: a K × K confusion matrix. */
export type SoftmaxTrainingReport = SoftmaxTrainingJson & {
  weights?: SoftmaxWeightsJson;
  confusionMatrix: number[][];
  metrics: { training: MulticlassMetrics; validation?: MulticlassMetrics };
  validation?: ValidationJson;
};

/** How the held-out rows were chosen. */
interface ValidationJson {
  fraction: number;
  seed: number;
  samples: number;
}

/** A model version as API JSON, weights as plain number arrays. */
export function modelJson(model: ModelVersion): ModelJson {
  const { features, createdAt } = model;
  if (model.classes !== undefined) {
    return {
      ...softmaxTrainingJson(model),
      features,
      weights: softmaxWeightsJson(model.weights),
      createdAt,
    };
  }
  return {
    ...trainingJson(model),
    features,
    weights: weightsJson(model.weights),
    createdAt,
  };
}

/** The training report of a model version as JSON. */
export function trainingReport(model: ModelVersion): TrainingReport {
  const metrics = {
    ...(model.validation && {
      validation: {
        fraction: model.validation.fraction,
        seed: model.validation.seed,
        samples: model.validation.samples,
      },
    }),
  };
  if (model.classes !== undefined) {
    return {
      ...softmaxTrainingJson(model),
      ...(model.standardizedWeights && {
        weights: softmaxWeightsJson(model.weights),
      }),
      confusionMatrix: model.metrics.confusionMatrix,
      metrics: {
        training: model.metrics,
        ...(model.validation && { validation: model.validation.metrics }),
      },
      ...metrics,
    };
  }
  return {
    ...trainingJson(model),
    ...(model.standardizedWeights && { weights: weightsJson(model.weights) }),
    confusionMatrix: model.metrics.confusionMatrix,
    metrics: {
      training: model.metrics,
      ...(model.validation && { validation: model.validation.metrics }),
    },
    ...metrics,
  };
}

function softmaxTrainingJson(model: SoftmaxModelVersion): SoftmaxTrainingJson {
  const { standardizedWeights } = model;
  return {
    ...commonJson(model),
    classes: model.classes,
    initialWeights: softmaxWeightsJson(model.initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: softmaxWeightsJson(standardizedWeights),
    }),
  };
}

function trainingJson(model: LogisticModelVersion): TrainingJson {
  const { standardizedWeights } = model;
  return {
    ...commonJson(model),
    loss: model.loss,
    threshold: model.threshold,
    initialWeights: weightsJson(model.initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: weightsJson(standardizedWeights),
    }),
  };
}

function commonJson(model: ModelVersion): CommonJson {
  const { name, version, samples, epochs, lr, logEvery } = model;
  const { history, cost, accuracy, init } = model;
  return {
    name,
    version,
    samples,
    epochs,
    lr,
    logEvery,
    history,
    cost,
    accuracy,
    init,
    ...extendedJson(model),
  };
}

/** The extended options and what they produced, each only when set. */
function extendedJson(model: ModelVersion): ExtendedJson {
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

/** K × d weights as K rows, in `nn.Linear(d, K).weight`'s layout. */
function softmaxWeightsJson(weights: SoftmaxWeights): SoftmaxWeightsJson {
  const classes = weights.b.length;
  const d = weights.w.length / classes;
  return {
    w: Array.from({ length: classes }, (_, k) =>
      Array.from(weights.w.subarray(k * d, (k + 1) * d)),
    ),
    b: Array.from(weights.b),
  };
}
