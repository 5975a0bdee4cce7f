/**
 * The one declaration of what a training or an evaluation may choose, as
 * JSON Schema 2020-12: the lab's options here, the extended ones in
 * extended-schemas.ts, and the tables of both. The validators in this folder
 * read their bounds, enums, defaults and error wording from these objects
 * (json-schema.ts), and src/openapi publishes the same objects, so the
 * document and the checks cannot drift apart. Rules JSON Schema cannot say
 * stay in code next to the reader that applies them, and each schema's
 * description says so.
 */
import type { JsonSchema } from "./json-schema-type";
import { EXTENDED_OPTIONS } from "./extended-schemas";
import {
  FLOAT32,
  MAX_CLASSES,
  MAX_EPOCHS,
  MAX_HISTORY,
  MODEL_NAME,
  SEED,
  VERSION,
  ALIAS_NAME,
} from "./value-schemas";

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

/** `classes`: the model's classes, as a count K or as the list of them. */
export const CLASSES = {
  description:
    "The classes, when they are not just the labels the data has: K, meaning the classes 0..K−1, or the list of them (numbers, strings or booleans, one type). Default: the distinct labels of the data, sorted (numbers ascending, strings by code point, false before true, as numpy.unique). Two classes train the lab's sigmoid model; three or more a softmax regression (`F.cross_entropy`) with K × d weights. Give it when a class has no row among the training data. In a query string: K, or the list's JSON. Checked in code: every label is one of them.",
  examples: [[0, 1, 2]],
  oneOf: [
    { type: "integer", minimum: 2, maximum: MAX_CLASSES, title: "K" },
    {
      type: "array",
      title: "[c1, c2, ...]",
      items: { type: ["integer", "string", "boolean"] },
      minItems: 2,
      maxItems: MAX_CLASSES,
      uniqueItems: true,
    },
  ],
} as const satisfies JsonSchema;

/** `positiveClass`: which of two classes is the positive one. */
export const POSITIVE_CLASS = {
  type: ["integer", "string", "boolean"],
  description:
    'With two classes, the class whose probability h is, and that label 1 of the confusion matrix, precision and recall refer to; default: the second of the sorted classes (1 of 0/1, "yes" of no/yes, true of false/true). In a query string: the class as text.',
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
  examples: [{ torch: { seed: 0 } }],
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
        "A warm start from a stored model's weights: at a version number or an alias's version; its newest version when none is given (whatever the alias serving names).",
      properties: {
        model: MODEL_NAME,
        version: { oneOf: [VERSION, ALIAS_NAME] },
      },
      required: ["model"],
      additionalProperties: false,
    },
  ],
} as const satisfies JsonSchema;

/** `validation`: rows to hold out and report metrics on. */
export const VALIDATION = {
  type: "object",
  title: '{"fraction": f, "seed": s}',
  examples: [{ fraction: 0.25, seed: 0 }],
  description:
    "Hold out a stratified, seeded share of each label's rows. In a query string: the JSON, URL-encoded. Checked in code: both parts keep at least one row.",
  properties: {
    fraction: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    seed: { ...SEED, default: 0, description: "Seed of the shuffle." },
  },
  required: ["fraction"],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Every training option, in the order messages list them. */
export const TRAINING_OPTIONS = {
  epochs: EPOCHS,
  lr: LR,
  logEvery: LOG_EVERY,
  loss: LOSS,
  init: INIT,
  threshold: THRESHOLD,
  validation: VALIDATION,
  classes: CLASSES,
  positiveClass: POSITIVE_CLASS,
  ...EXTENDED_OPTIONS,
} as const;

/** The one evaluation option. */
export const EVALUATION_OPTIONS = { threshold: MODEL_THRESHOLD } as const;

/** Query parameters of the reading routes, each read by model-ref.ts. */
