/**
 * What starting and listing jobs may carry, as JSON Schema 2020-12: the
 * body of `POST /v1/jobs` (its training options are the training's own,
 * option-schemas.ts) and the query of `GET /v1/jobs`. The readers in
 * job-request.ts check requests against these objects, and src/openapi
 * publishes the same objects.
 */
import type { JsonSchema } from "./json-schema-type";
import { CSV_DIALECT_OPTIONS } from "./csv-schemas";
import { TRAINING_OPTIONS } from "./option-schemas";
import { ALIAS_NAME, MODEL_NAME, VERSION } from "./value-schemas";

/** The kinds of job there are. */
export const JOB_KIND = {
  type: "string",
  enum: ["train", "predict"],
  description:
    '"train": train `model` on the rows of `dataset`, as PUT /v1/models/{name} trains on a body. "predict": score every row of `dataset` with `model` and write the answers as dataset `output`.',
} as const satisfies JsonSchema;

/** A dataset's name: a model name's rules. */
export const DATASET_NAME = {
  ...MODEL_NAME,
  title: "dataset name",
  examples: ["diabetes"],
} as const satisfies JsonSchema;

/** A job's id, as `POST /v1/jobs` gave it. */
export const JOB_ID = {
  type: "string",
  pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "A UUID, lower case.",
} as const satisfies JsonSchema;

/** A job's state, as its record and the listing's filter give it. */
export const JOB_STATE = {
  type: "string",
  enum: [
    "queued",
    "preparing",
    "running",
    "finalizing",
    "succeeded",
    "failed",
    "cancelling",
    "cancelled",
  ],
  description:
    "queued, then preparing (reading the dataset), running (the epochs), finalizing (final metrics, storing the version; no cancel from here), and succeeded or failed; a cancel makes it cancelling until the next step boundary, then cancelled (at once while queued).",
} as const satisfies JsonSchema;

/** The body of `POST /v1/jobs` with kind "train". */
export const TRAIN_JOB = {
  type: "object",
  required: ["kind", "dataset", "model"],
  properties: {
    kind: JOB_KIND,
    dataset: DATASET_NAME,
    model: MODEL_NAME,
    ...TRAINING_OPTIONS,
    ...CSV_DIALECT_OPTIONS,
  },
  additionalProperties: false,
  description:
    "The dataset to train on, the model to store the version under, and the training options of PUT /v1/models/{name} as JSON, with the CSV dialect the dataset is written in. Options that only the rows can check (classes, init's shape, class weights) are checked when the job reads them: the job then fails with the 400's code and message.",
} as const satisfies JsonSchema;

/** The body of `POST /v1/jobs` with kind "predict". */
export const PREDICT_JOB = {
  type: "object",
  required: ["kind", "dataset", "model", "output"],
  properties: {
    kind: JOB_KIND,
    dataset: DATASET_NAME,
    model: MODEL_NAME,
    version: {
      oneOf: [VERSION, ALIAS_NAME],
      description:
        "A version number or an alias, as ?version= takes them; the job pins the number it names when it starts. Default: the version the alias serving names when it is set, else the newest.",
    },
    output: {
      ...DATASET_NAME,
      title: "output dataset name",
      description:
        "The dataset the job writes (replacing one of that name once it succeeds): CSV, a header then one line a row of `dataset`, as POST /v1/models/{name}/predict answers text/csv. Not `dataset` itself.",
      examples: ["diabetes-scored"],
    },
    ...CSV_DIALECT_OPTIONS,
  },
  additionalProperties: false,
  description:
    "The dataset to score (CSV rows of the model's features, or with the label last: then the job also gives the metrics /evaluate gives), the model and version, the dataset to write, and the CSV dialect the dataset is written in.",
} as const satisfies JsonSchema;

/** The query of `GET /v1/jobs`. */
export const JOB_QUERY = {
  model: { ...MODEL_NAME, description: "Only the jobs of this model." },
  state: { ...JOB_STATE, description: "Only the jobs in this state." },
  limit: {
    type: "integer",
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: "Jobs per page.",
  },
  cursor: {
    type: "string",
    description:
      "The `cursor` of the previous page; absent or empty: the first. Any other text is a 400 invalid_option.",
  },
} as const satisfies Record<string, JsonSchema>;
