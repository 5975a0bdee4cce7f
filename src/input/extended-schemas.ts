/**
 * The schemas of the training options beyond the lab's (penalties,
 * mini-batches, optimizers, early stopping, class weights, standardized
 * features: engine/fit.ts), as JSON Schema 2020-12. A stored version records
 * each one a training set (EXTENDED_OPTIONS).
 */
import type { JsonSchema } from "./json-schema-type";
import { MAX_CLASSES, SEED } from "./value-schemas";

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
  examples: [{ adam: { beta1: 0.9, beta2: 0.999 } }],
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
  examples: [{ patience: 5, minDelta: 0.0001 }],
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
  examples: [{ "0": 1, "1": 2 }],
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
        'A weight for each class, keyed by the class as text ("0", "-1", "yes", "true"; checked in code: one for each class, no other).',
      propertyNames: { minLength: 1 },
      additionalProperties: CLASS_WEIGHT,
      minProperties: 2,
      maxProperties: MAX_CLASSES,
    },
  ],
} as const satisfies JsonSchema;

/**
 * The extended options: each is kept only when it changes training
 * (train-options.ts), and a stored model carries each one that was set.
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
