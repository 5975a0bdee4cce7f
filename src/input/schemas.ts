/**
 * What a request may carry besides its options, as JSON Schema 2020-12: the
 * query parameters of the reading routes and the request bodies. The
 * options' schemas are option-schemas.ts's and extended-schemas.ts's, the
 * shared values' value-schemas.ts's; the responses' are in src/openapi.
 */
import type { JsonSchema } from "./json-schema-type";

export * from "./csv-schemas";
export * from "./extended-schemas";
export * from "./job-schemas";
export * from "./option-schemas";
export * from "./value-schemas";

import {
  EVALUATION_OPTIONS,
  MODEL_THRESHOLD,
  TRAINING_OPTIONS,
} from "./option-schemas";
import { ALIAS_NAME, FLOAT32, MAX_CLASSES, VERSION } from "./value-schemas";

export const QUERY = {
  version: {
    oneOf: [VERSION, ALIAS_NAME],
    description:
      "A version number or an alias. Default: the version the alias serving names when it is set, else the newest.",
  },
  limit: {
    type: "integer",
    minimum: 1,
    maximum: 1000,
    default: 100,
    description:
      "Models, versions or datasets per page (KV and R2 list at most 1000 keys at a time).",
  },
  cursor: {
    type: "string",
    description:
      "The `cursor` of the previous page; absent or empty: the first. Any other text is a 400 invalid_option.",
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

/** The features' names beside `x`: one distinct non-empty string per feature. */
export const COLUMNS = {
  type: "array",
  items: { type: "string", minLength: 1 },
  uniqueItems: true,
  description:
    "The features' names, one per column of x, in order; a model trained with them keeps them as featureNames and takes rows by name.",
  examples: [["hours_lecture", "hours_lab"]],
} as const satisfies JsonSchema;

/** A JSON training body: the data and, beside it, the options. */
export const TRAINING_BODY = {
  type: "object",
  properties: { x: ROWS, y: LABELS, columns: COLUMNS, ...TRAINING_OPTIONS },
  required: ["x", "y"],
  additionalProperties: false,
  examples: [{ x: TOY_X, y: TOY_Y, epochs: 1000, logEvery: 100 }],
} as const satisfies JsonSchema;

const RECORDS = {
  type: "array",
  minItems: 1,
  items: { type: "object", additionalProperties: { type: "number" } },
  description:
    "Rows by name, one object of the model's featureNames a row (a model without names takes none).",
} as const satisfies JsonSchema;

/**
 * A JSON body of rows to predict: `x` by position (with `columns`, by
 * name), or one of the named forms (input/named-rows.ts).
 */
export const PREDICTION_BODY = {
  type: "object",
  description:
    "One of: x (with columns, matched by name on a model with featureNames); records; or MLflow's dataframe_split, dataframe_records, instances, inputs, whose answers also hold predictions.",
  properties: {
    x: ROWS,
    columns: COLUMNS,
    records: RECORDS,
    dataframe_split: {
      type: "object",
      properties: { columns: COLUMNS, data: ROWS, index: { type: "array" } },
      required: ["data"],
      additionalProperties: false,
      description:
        "MLflow's (pandas') split orient: data by position, columns naming them.",
    },
    dataframe_records: { ...RECORDS, description: "MLflow's records orient." },
    instances: {
      type: "array",
      minItems: 1,
      items: {
        oneOf: [RECORDS.items, { type: "array", items: { type: "number" } }],
      },
      description: "MLflow's rows: objects by name or arrays by position.",
    },
    inputs: {
      oneOf: [
        ROWS,
        {
          type: "object",
          additionalProperties: { type: "array", items: { type: "number" } },
        },
      ],
      description:
        "MLflow's columns by name ({name: [values]}) or rows by position.",
    },
  },
  additionalProperties: false,
  examples: [{ x: [[4, 3]] }],
} as const satisfies JsonSchema;

/** The body of `PUT /v1/models/{name}/aliases/{alias}`: the version it names. */
export const ALIAS_BODY = {
  type: "object",
  properties: { version: VERSION },
  required: ["version"],
  additionalProperties: false,
  examples: [{ version: 1 }],
} as const satisfies JsonSchema;

/** A JSON body of labelled rows to evaluate a model on. */
export const EVALUATION_BODY = {
  type: "object",
  properties: { x: ROWS, y: LABELS, columns: COLUMNS, ...EVALUATION_OPTIONS },
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
