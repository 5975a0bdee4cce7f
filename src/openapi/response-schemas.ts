/**
 * JSON Schemas of what the API answers (models, lists, reports, predictions,
 * errors), written by hand after the shapes src/reports/model-json.ts,
 * src/reports/prediction.ts and src/storage/model-store.ts build; the metrics
 * they hold are in metric-schemas.ts. tests/http/openapi.test.ts checks real
 * answers against them. Each is self-contained (no `$ref`), so it can be used
 * alone. The `Error` schema's codes come from the error classes.
 */
import { ERROR_CLASSES } from "./error-classes";
import type { JsonSchema } from "../input/json-schema";
import {
  CLASSES,
  EXTENDED_OPTIONS,
  EPOCHS,
  INIT,
  LOG_EVERY,
  LOSS,
  LR,
  MODEL_NAME,
  THRESHOLD,
  VALIDATION,
  VERSION,
} from "../input/schemas";
import {
  CLASS_METRICS,
  CLASS_METRIC_PROPERTIES,
  CONFUSION,
  METRICS,
} from "./metric-schemas";
import {
  classValue,
  classValues,
  count,
  fraction,
  number,
  strict,
} from "./schema-parts";
import { WARNINGS } from "./warning-schemas";
import { ALIAS_NAMES } from "./alias-schemas";

const WEIGHTS = strict(
  { w: { type: "array", items: number }, b: number },
  [],
  "Float32 weights, one per feature, and the bias.",
);

export const EPOCH_LOG = strict(
  {
    epoch: count,
    cost: number,
    accuracy: fraction,
    dataCost: number,
    validationCost: number,
    validationAccuracy: fraction,
  },
  ["dataCost", "validationCost", "validationAccuracy"],
  "Cost (with many classes, the mean cross-entropy) and accuracy of the weights an iteration started with; on the held-out rows too, with `validation`. With l1 or l2, `cost` includes the penalty and `dataCost` is the cost without it.",
);

const SOFTMAX_WEIGHTS = strict(
  {
    w: { type: "array", items: { type: "array", items: number } },
    b: { type: "array", items: number },
  },
  [],
  "Float32 weights: K rows of one per feature (nn.Linear(d, K).weight), and K biases.",
);

const EXTENDED_PROPERTIES = {
  ...EXTENDED_OPTIONS,
  stopping: strict(
    {
      stoppedAt: {
        ...count,
        description:
          "The last epoch run; when stopped early, its update was not made.",
      },
      bestEpoch: {
        ...count,
        description:
          "The logged epoch whose starting weights the model keeps (lowest validation cost).",
      },
      reason: { type: "string", enum: ["no_improvement", "completed"] },
    },
    [],
    "With earlyStopping: how training ended.",
  ),
  standardization: strict(
    {
      mean: { type: "array", items: number },
      scale: { type: "array", items: number },
    },
    [],
    "With standardize: each feature's mean and scale (population standard deviation, 1 for a constant feature) over the training rows, float64.",
  ),
} as const satisfies Record<string, JsonSchema>;

/** What every model version says of how it was trained. */
const COMMON_PROPERTIES = {
  name: MODEL_NAME,
  version: VERSION,
  samples: { ...count, description: "Rows trained on." },
  epochs: EPOCHS,
  lr: LR,
  logEvery: LOG_EVERY,
  history: { type: "array", items: EPOCH_LOG },
  cost: { ...number, description: "The last logged cost." },
  accuracy: fraction,
  init: INIT,
  ...EXTENDED_PROPERTIES,
  job: strict(
    {
      id: { type: "string", description: "The job's id." },
      dataset: { type: "string", description: "The dataset it trained on." },
    },
    [],
    "The job that trained this version (POST /v1/jobs); absent for a version a request trained.",
  ),
  warnings: WARNINGS,
} as const satisfies Record<string, JsonSchema>;

/** The features' names, when the training body gave them. */
const FEATURE_NAMES = {
  type: "array",
  items: { type: "string", minLength: 1 },
  description:
    "The features' names, in order: a training CSV header's (all but the label's) or JSON `columns`. Absent when the training named none: features are then known by position.",
} as const satisfies JsonSchema;

const STANDARDIZED =
  "With standardize: the weights as trained, over (x − mean) / scale. `weights` are the same model over raw features, w_j / scale_j and b − Σ w_j·mean_j / scale_j: what prediction and evaluation use.";

const TRAINING_PROPERTIES = {
  ...COMMON_PROPERTIES,
  classes: classValues,
  featureNames: FEATURE_NAMES,
  loss: LOSS,
  threshold: THRESHOLD,
  derivedFrom: {
    ...VERSION,
    description:
      "The version this one was made from with another threshold (POST /v1/models/{name}/threshold), its weights the same; absent for a training.",
  },
  initialWeights: WEIGHTS,
  standardizedWeights: { ...WEIGHTS, description: STANDARDIZED },
} as const satisfies Record<string, JsonSchema>;

/** The properties present only when their option was set. */
const EXTENDED = [
  ...Object.keys(EXTENDED_OPTIONS),
  "featureNames",
  "derivedFrom",
  "job",
  "stopping",
  "standardization",
  "standardizedWeights",
] as const;

const SOFTMAX_TRAINING_PROPERTIES = {
  ...COMMON_PROPERTIES,
  classes: classValues,
  featureNames: FEATURE_NAMES,
  initialWeights: SOFTMAX_WEIGHTS,
  standardizedWeights: { ...SOFTMAX_WEIGHTS, description: STANDARDIZED },
} as const satisfies Record<string, JsonSchema>;

const CREATED_AT = { type: "string", format: "date-time" } as const;

// GET /v1/models/{name} says which aliases point at the version it answers.
const GOT = {
  aliases: {
    ...ALIAS_NAMES,
    description: `${ALIAS_NAMES.description} GET only, when any alias points at it.`,
  },
} as const;

/** A model version: `PUT`, `POST` and `GET /v1/models/{name}`. */
export const MODEL = {
  oneOf: [
    strict(
      {
        ...TRAINING_PROPERTIES,
        features: count,
        weights: WEIGHTS,
        createdAt: CREATED_AT,
        ...GOT,
      },
      [...EXTENDED, "aliases"],
      "A two-class logistic model.",
    ),
    strict(
      {
        ...SOFTMAX_TRAINING_PROPERTIES,
        features: count,
        weights: SOFTMAX_WEIGHTS,
        createdAt: CREATED_AT,
        ...GOT,
      },
      [...EXTENDED, "aliases"],
      "A softmax model of K ≥ 3 classes.",
    ),
  ],
} as const satisfies JsonSchema;

/** A page of `GET /v1/models`. */
export const MODEL_LIST = strict({
  models: {
    type: "array",
    items: strict(
      {
        name: MODEL_NAME,
        version: VERSION,
        features: count,
        classes: {
          ...classValues,
          description: `${classValues.description} Absent only when too long to list (over 600 characters as JSON): the model has them.`,
        },
        samples: count,
        accuracy: fraction,
        createdAt: CREATED_AT,
      },
      ["classes"],
    ),
  },
  cursor: {
    type: ["string", "null"],
    description: "The next page's cursor; null on the last page.",
  },
});

const HELD_OUT = strict({
  ...VALIDATION.properties,
  samples: { ...count, description: "Rows held out." },
});

/** The training report: `GET /v1/models/{name}/report`. */
export const REPORT = {
  oneOf: [
    strict(
      {
        ...TRAINING_PROPERTIES,
        weights: {
          ...WEIGHTS,
          description: "With standardize: the weights in original units.",
        },
        confusionMatrix: CONFUSION,
        metrics: strict({ training: METRICS, validation: METRICS }, [
          "validation",
        ]),
        validation: HELD_OUT,
      },
      ["validation", "weights", ...EXTENDED],
      "A two-class model's report.",
    ),
    strict(
      {
        ...SOFTMAX_TRAINING_PROPERTIES,
        weights: {
          ...SOFTMAX_WEIGHTS,
          description: "With standardize: the weights in original units.",
        },
        confusionMatrix: CLASS_METRIC_PROPERTIES.confusionMatrix,
        metrics: strict(
          { training: CLASS_METRICS, validation: CLASS_METRICS },
          ["validation"],
        ),
        validation: HELD_OUT,
      },
      ["validation", "weights", ...EXTENDED],
      "A softmax model's report: K × K confusion matrix, per-class metrics.",
    ),
  ],
} as const satisfies JsonSchema;

/** Every error: a stable code, a message, and the request's id. */
export const ERROR = strict({
  error: strict({
    code: { type: "string", enum: ERROR_CLASSES.map((error) => error.code) },
    message: { type: "string" },
    requestId: {
      type: "string",
      description: "As in the X-Request-Id header, and in the logs.",
    },
  }),
});
