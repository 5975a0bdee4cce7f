/**
 * The one declaration of what a request may carry, as JSON Schema 2020-12:
 * the options of training and evaluation, the query parameters, and the
 * request bodies. The validators in this folder read their bounds, enums,
 * defaults and error wording from these objects (json-schema.ts), and
 * src/openapi/document.ts publishes the same objects, so the document and the
 * checks cannot drift apart. Rules JSON Schema cannot say stay in code next
 * to the reader that applies them, and each schema's description says so.
 * The responses' schemas are in src/openapi/.
 */
import type { JsonSchema } from "./json-schema";

/** Upper bound on `epochs`, so one request cannot train without end. */
export const MAX_EPOCHS = 100_000;
/** Upper bound on the number of logged epochs kept in a model's history. */
export const MAX_HISTORY = 10_001;
/** Most classes a model may have: labels are 0..MAX_CLASSES − 1. */
export const MAX_CLASSES = 100;

const SEED = {
  type: "integer",
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const satisfies JsonSchema;

/** A number stored as float32; its range is checked in code (`readFloat32`). */
export const FLOAT32 = {
  type: "number",
  description:
    "Stored as float32: its float32 rounding must be finite, |x| < 3.4028235677973366e38 (checked in code).",
} as const satisfies JsonSchema;

/** A model name, as paths and `init.model` take it. */
export const MODEL_NAME = {
  type: "string",
  title: "model name",
  pattern: "^[A-Za-z0-9._-]{1,64}$",
  minLength: 1,
  maxLength: 64,
  description: '1-64 of letters, digits, "-", "_", "."',
  examples: ["toy"],
} as const satisfies JsonSchema;

/** A version number of a model. */
export const VERSION = {
  type: "integer",
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: "A version of the model: 1 for the first training of a name.",
} as const satisfies JsonSchema;

/** `epochs`: iterations of gradient descent. */
export const EPOCHS = {
  type: "integer",
  minimum: 0,
  maximum: MAX_EPOCHS,
  default: 100,
  description:
    "Iterations 0..epochs (epochs + 1 updates; with batchSize, passes over the batches), as the lab's `range(nb_epochs + 1)`. Checked in code: rows × features × (epochs + 1) must be within MAX_WORK (422 over_limit).",
} as const satisfies JsonSchema;

/** `lr`: the learning rate. */
export const LR = {
  type: "number",
  exclusiveMinimum: 0,
  default: 1,
  description:
    "Learning rate of the optimizer (`optim.SGD(lr=...)` by default). Torch's rule: above 0.",
} as const satisfies JsonSchema;

/** `logEvery`: how often an epoch's cost and accuracy are kept. */
export const LOG_EVERY = {
  type: "integer",
  minimum: 1,
  description: `Iteration e is logged when e % logEvery = 0. Default max(1, ⌊epochs / 10⌋). Checked in code: at most ${MAX_HISTORY} logged epochs, ⌊epochs / logEvery⌋ + 1 ≤ ${MAX_HISTORY}.`,
} as const satisfies JsonSchema;

/** `loss`: which of the lab's two costs to minimise. */
export const LOSS = {
  type: "string",
  enum: ["bce", "lab"],
  default: "bce",
  description:
    '"bce": `F.binary_cross_entropy` (logs clamped at -100); "lab": the low-level -(y·log h + (1-y)·log(1-h)) from the logit.',
} as const satisfies JsonSchema;

/** `threshold` of a training: the model's decision threshold. */
export const THRESHOLD = {
  type: "number",
  minimum: 0,
  maximum: 1,
  default: 0.5,
  description: "Label 1 when h >= threshold (the lab's `h >= 0.5`).",
} as const satisfies JsonSchema;

/** `threshold` of a prediction or evaluation: the model's when absent. */
export const MODEL_THRESHOLD = {
  type: "number",
  minimum: 0,
  maximum: 1,
  description: "Label 1 when h >= threshold; default: the model's threshold.",
} as const satisfies JsonSchema;

/** `classes`: how many classes the model has. */
export const CLASSES = {
  type: "integer",
  minimum: 2,
  maximum: MAX_CLASSES,
  description:
    "K, the number of classes; default: the largest label + 1, and at least 2. Two classes train the lab's sigmoid model; three or more a softmax regression (`F.cross_entropy`) with K × d weights. Give it when a class has no row among the training data. Checked in code: every label is below it.",
} as const satisfies JsonSchema;

const WEIGHT_ROW = {
  type: "array",
  items: FLOAT32,
  minItems: 1,
} as const satisfies JsonSchema;

/** One entry per class of a softmax model. */
const CLASS_ROWS = {
  type: "array",
  minItems: 3,
  maxItems: MAX_CLASSES,
} as const;

/** `init`: where the weights start, in one of four forms. */
export const INIT = {
  default: "zeros",
  description:
    "Where training starts. In a query string: the word zeros, or another form's JSON, URL-encoded. Checked in code: w has one weight per feature (and a row per class), and a warm start's model exists with as many features and classes.",
  oneOf: [
    { const: "zeros", description: "w = 0, b = 0." },
    {
      type: "object",
      title: '{"torch": {"seed": S}}',
      description:
        "What `torch.manual_seed(S); nn.Linear(d, 1)` gives (`nn.Linear(d, K)` for K ≥ 3 classes).",
      properties: {
        torch: {
          type: "object",
          title: '{"seed": S}',
          properties: { seed: SEED },
          required: ["seed"],
          additionalProperties: false,
        },
      },
      required: ["torch"],
      additionalProperties: false,
    },
    {
      type: "object",
      title: '{"w": [...], "b": n}',
      description:
        "Explicit starting weights: one per feature and a bias; for K ≥ 3 classes, K rows of one weight per feature and K biases (`nn.Linear(d, K)`'s weight and bias).",
      properties: {
        w: {
          oneOf: [WEIGHT_ROW, { ...CLASS_ROWS, items: WEIGHT_ROW }],
        },
        b: { oneOf: [FLOAT32, { ...CLASS_ROWS, items: FLOAT32 }] },
      },
      required: ["w", "b"],
      additionalProperties: false,
    },
    {
      type: "object",
      title: '{"model": "name", "version": n}',
      description:
        "A warm start from a stored model's weights (its newest version when none is given).",
      properties: { model: MODEL_NAME, version: VERSION },
      required: ["model"],
      additionalProperties: false,
    },
  ],
} as const satisfies JsonSchema;

/** `validation`: rows to hold out and report metrics on. */
export const VALIDATION = {
  type: "object",
  title: '{"fraction": f, "seed": s}',
  description:
    "Hold out a stratified, seeded share of each label's rows. In a query string: the JSON, URL-encoded. Checked in code: both parts keep at least one row.",
  properties: {
    fraction: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    seed: { ...SEED, default: 0, description: "Seed of the shuffle." },
  },
  required: ["fraction"],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** `standardize`: train on standardized features. */
export const STANDARDIZE = {
  type: "boolean",
  default: false,
  description:
    "Train on (x − mean) / scale, per feature over the training rows (after any validation split), as scikit-learn's StandardScaler; the model keeps the statistics and the weights in both units. Predictions use the original-unit weights, the same logits. `init` and `initialWeights` stay in original units. In a query string: true or false.",
} as const satisfies JsonSchema;

const PENALTY = {
  type: "number",
  minimum: 0,
  default: 0,
} as const satisfies JsonSchema;

/** `l1`: λ₁ of λ₁·Σ|w_j| added to the mean cost. */
export const L1 = {
  ...PENALTY,
  description:
    "λ₁ of λ₁·Σ|w_j| added to the mean cost (the bias is not penalised). When l1 or l2 is set, each logged epoch also records dataCost, the cost without the penalty.",
} as const satisfies JsonSchema;

/** `l2`: λ₂ of (λ₂/2)·Σw_j² added to the mean cost. */
export const L2 = {
  ...PENALTY,
  description:
    "λ₂ of (λ₂/2)·Σw_j² added to the mean cost (the bias is not penalised).",
} as const satisfies JsonSchema;

/** `batchSize`: rows per mini-batch. */
export const BATCH_SIZE = {
  type: "integer",
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description:
    "Rows per mini-batch; each epoch steps once per batch over a fresh seeded shuffle (MT19937, Fisher–Yates), the last batch partial. Default: full batch in row order; a size of at least the rows is full batch too.",
} as const satisfies JsonSchema;

/** `seed`: seed of the mini-batch shuffle. */
export const BATCH_SEED = {
  ...SEED,
  default: 0,
  description:
    "Seed of the mini-batch shuffle; only with batchSize (checked in code).",
} as const satisfies JsonSchema;

const DECAY = {
  type: "number",
  minimum: 0,
  default: 0,
  description: "L2 factor λ added to every parameter's gradient, bias too.",
} as const satisfies JsonSchema;

const BETA = {
  type: "number",
  minimum: 0,
  exclusiveMaximum: 1,
} as const satisfies JsonSchema;

/** `optimizer`: torch.optim.SGD or torch.optim.Adam, torch's defaults. */
export const OPTIMIZER = {
  default: "sgd",
  description:
    "The update rule, as torch.optim's; omitted fields take torch's defaults. In a query string: the word sgd, or the JSON, URL-encoded. Checked in code: nesterov needs momentum above 0.",
  oneOf: [
    { const: "sgd", description: "Plain gradient descent, optim.SGD(lr)." },
    {
      type: "object",
      title: '{"sgd": {"momentum": m, "nesterov": bool, "weightDecay": wd}}',
      description: "optim.SGD(lr, momentum, nesterov, weight_decay).",
      properties: {
        sgd: {
          type: "object",
          title: '{"momentum": m, "nesterov": bool, "weightDecay": wd}',
          properties: {
            momentum: { type: "number", minimum: 0, default: 0 },
            nesterov: { type: "boolean", default: false },
            weightDecay: DECAY,
          },
          additionalProperties: false,
        },
      },
      required: ["sgd"],
      additionalProperties: false,
    },
    {
      type: "object",
      title:
        '{"adam": {"beta1": b1, "beta2": b2, "eps": e, "weightDecay": wd}}',
      description: "optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay).",
      properties: {
        adam: {
          type: "object",
          title: '{"beta1": b1, "beta2": b2, "eps": e, "weightDecay": wd}',
          properties: {
            beta1: { ...BETA, default: 0.9 },
            beta2: { ...BETA, default: 0.999 },
            eps: { type: "number", minimum: 0, default: 1e-8 },
            weightDecay: DECAY,
          },
          additionalProperties: false,
        },
      },
      required: ["adam"],
      additionalProperties: false,
    },
  ],
} as const satisfies JsonSchema;

/** `earlyStopping`: stop when the validation cost stops falling. */
export const EARLY_STOPPING = {
  type: "object",
  title: '{"patience": k, "minDelta": d}',
  description:
    "Stop after `patience` logged epochs in a row whose validation cost is not below the best − minDelta, and keep the best logged weights (Keras's EarlyStopping, restore_best_weights). In a query string: the JSON, URL-encoded. Checked in code: needs validation.",
  properties: {
    patience: {
      type: "integer",
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: "Counted in logged epochs.",
    },
    minDelta: { type: "number", minimum: 0, default: 0 },
  },
  required: ["patience"],
  additionalProperties: false,
} as const satisfies JsonSchema;

const CLASS_WEIGHT = {
  type: "number",
  exclusiveMinimum: 0,
  description: "Stored as float32: its rounding must be above 0 and finite.",
} as const satisfies JsonSchema;

/** `classWeights`: a weight per class on each row's cost. */
export const CLASS_WEIGHTS = {
  description:
    "Multiply each training row's cost and gradient by its class's weight; the mean is still over the rows (F.binary_cross_entropy(weight=...); with many classes, F.cross_entropy(reduction=\"none\") times the weights, then the mean). In a query string: the word balanced, or the JSON, URL-encoded.",
  oneOf: [
    {
      const: "balanced",
      description:
        "n / (K·n_c) for class c over the training rows, as scikit-learn's; needs every class among them (checked in code).",
    },
    {
      type: "object",
      title: '{"0": a, "1": b, ...}',
      description:
        "A weight for each class 0..K−1, keyed by the class (checked in code: one for each class, no other).",
      propertyNames: { pattern: "^(0|[1-9][0-9]?)$" },
      additionalProperties: CLASS_WEIGHT,
      minProperties: 2,
      maxProperties: MAX_CLASSES,
    },
  ],
} as const satisfies JsonSchema;

/** Every training option, in the order messages list them. */
/**
 * The options that switch training from the lab's loop to train-extended.ts;
 * a stored model carries each one that was set.
 */
export const EXTENDED_OPTIONS = {
  standardize: STANDARDIZE,
  l1: L1,
  l2: L2,
  batchSize: BATCH_SIZE,
  seed: BATCH_SEED,
  optimizer: OPTIMIZER,
  earlyStopping: EARLY_STOPPING,
  classWeights: CLASS_WEIGHTS,
} as const;

export const TRAINING_OPTIONS = {
  epochs: EPOCHS,
  lr: LR,
  logEvery: LOG_EVERY,
  loss: LOSS,
  init: INIT,
  threshold: THRESHOLD,
  validation: VALIDATION,
  classes: CLASSES,
  ...EXTENDED_OPTIONS,
} as const;

/** The one evaluation option. */
export const EVALUATION_OPTIONS = { threshold: MODEL_THRESHOLD } as const;

/** Query parameters of the reading routes, each read by model-ref.ts. */
export const QUERY = {
  version: { ...VERSION, description: "Default: the newest version." },
  limit: {
    type: "integer",
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: "Models per page (KV lists at most 1000 keys at a time).",
  },
  cursor: {
    type: "string",
    description:
      "The `cursor` of the previous page; absent or empty: the first.",
  },
  x: {
    type: "string",
    description:
      "One row to predict, its features comma-separated; each a decimal number that fits float32 (checked in code, 400 invalid_dataset).",
    examples: ["4,3"],
  },
  threshold: MODEL_THRESHOLD,
  explain: {
    type: "boolean",
    default: false,
    description: "Add each feature's share of the logit, w_i·x_i.",
  },
} as const satisfies Record<string, JsonSchema>;

const ROWS = {
  type: "array",
  minItems: 1,
  items: { type: "array", minItems: 1, items: FLOAT32 },
  description:
    "Rows of features, all of one length (checked while the body streams, 400 invalid_dataset).",
} as const satisfies JsonSchema;

const LABEL = {
  type: "integer",
  minimum: 0,
  maximum: MAX_CLASSES - 1,
  description:
    "A class: 0 or 1 for the lab's two-class model; 0..K−1 with K ≥ 3 trains a softmax model of K classes.",
} as const satisfies JsonSchema;

const LABELS = {
  type: "array",
  minItems: 1,
  items: {
    oneOf: [LABEL, { type: "array", items: LABEL, minItems: 1, maxItems: 1 }],
  },
  description:
    "One label per row: [0, 1, ...] or, as the lab's y_data, [[0], [1], ...].",
} as const satisfies JsonSchema;

// The lab's six students, hours of lecture and lab and passed or not: the
// examples the document (and /docs) offers to send.
const TOY_X = [
  [1, 2],
  [2, 3],
  [3, 1],
  [4, 3],
  [5, 3],
  [6, 2],
];
const TOY_Y = [0, 0, 0, 1, 1, 1];
const TOY_CSV = [
  "hours_lecture,hours_lab,passed",
  ...TOY_X.map((row, i) => `${row},${TOY_Y[i]}`),
  "",
].join("\n");

/** A JSON training body: the data and, beside it, the options. */
export const TRAINING_BODY = {
  type: "object",
  properties: { x: ROWS, y: LABELS, ...TRAINING_OPTIONS },
  required: ["x", "y"],
  additionalProperties: false,
  examples: [{ x: TOY_X, y: TOY_Y, epochs: 1000, logEvery: 100 }],
} as const satisfies JsonSchema;

/** A JSON body of rows to predict. */
export const PREDICTION_BODY = {
  type: "object",
  properties: { x: ROWS },
  required: ["x"],
  additionalProperties: false,
  examples: [{ x: [[4, 3]] }],
} as const satisfies JsonSchema;

/** A JSON body of labelled rows to evaluate a model on. */
export const EVALUATION_BODY = {
  type: "object",
  properties: { x: ROWS, y: LABELS, ...EVALUATION_OPTIONS },
  required: ["x", "y"],
  additionalProperties: false,
  examples: [{ x: TOY_X, y: TOY_Y, threshold: 0.7 }],
} as const satisfies JsonSchema;

/** A CSV body with the label last (training, evaluation). */
export const LABELLED_CSV = {
  type: "string",
  contentMediaType: "text/csv",
  description:
    "Numeric rows, the label last (0 or 1; or 0..K−1 for K classes); an optional header row; lines starting with # are comments. Options go in the query string.",
  examples: [TOY_CSV],
} as const satisfies JsonSchema;

/** A CSV body of rows to predict, without labels. */
export const ROWS_CSV = {
  type: "string",
  contentMediaType: "text/csv",
  description: "Numeric rows without labels; an optional header row.",
  examples: ["4,3\n1,2\n"],
} as const satisfies JsonSchema;
