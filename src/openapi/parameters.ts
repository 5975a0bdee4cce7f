/**
 * The parameters operations share (operations.ts, version-operations.ts):
 * the model's name, the reading routes' query parameters, the query
 * parameters a CSV body brings, its training options and its dialect, each
 * from the schema that validates it (src/input/schemas.ts); the
 * Idempotency-Key header; and the errors every read, and every keyed write,
 * may answer.
 */
import type { JsonSchema } from "../input/json-schema";
import * as requests from "../input/schemas";
import { DATASET, THRESHOLD_CHOICES } from "../input/threshold-schemas";
import type { Parameter } from "./operation";
import {
  IdempotencyKeyError,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  ModelNameError,
  ModelNotFoundError,
  OptionError,
  UnauthorizedError,
} from "../errors";

/** The path's model name. */
export const NAME: Parameter = {
  name: "name",
  in: "path",
  required: true,
  schema: requests.MODEL_NAME,
};

/** The query parameter `key` of the reading routes. */
export const query = (key: keyof typeof requests.QUERY): Parameter => ({
  name: key,
  in: "query",
  ...(key === "x" && { required: true }),
  schema: requests.QUERY[key],
});

/** What a training option in the query string says of the body. */
export const CSV_ONLY =
  "With a text/csv body only: a JSON body carries its options.";

/** Training options in the query string; init and validation are JSON there. */
export const OPTIONS = Object.entries(requests.TRAINING_OPTIONS).map(
  ([key, schema]: [string, JsonSchema]): Parameter => ({
    name: key,
    in: "query",
    description: CSV_ONLY,
    ...(schema.type === "object" || schema.oneOf
      ? { content: { "application/json": { schema } } }
      : { schema }),
  }),
);

/** How a CSV body is written: every route that takes one takes these. */
export const DIALECT = Object.entries(requests.CSV_DIALECT_OPTIONS).map(
  ([key, schema]: [string, JsonSchema]): Parameter => ({
    name: key,
    in: "query",
    description: "With a text/csv body only: a JSON body has no dialect.",
    schema,
  }),
);

/** What `/thresholds` may be asked to choose besides F1 and Youden's J. */
export const CHOICES = Object.entries(THRESHOLD_CHOICES).map(
  ([key, schema]: [string, JsonSchema]): Parameter => ({
    name: key,
    in: "query",
    schema,
  }),
);

/** Which of a version's stored rows a read is of. */
export const DATASET_PARAMETER: Parameter = {
  name: "dataset",
  in: "query",
  schema: DATASET,
};

/** The header that makes a write safe to retry. */
export const IDEMPOTENCY_KEY: Parameter = {
  name: "Idempotency-Key",
  in: "header",
  description:
    "Makes a retry safe: within 24 hours, the same key with the same request (method, path, query and body) answers the first answer again, with Idempotent-Replayed: true, and changes nothing; with another request it is refused (422), and while the first still runs too (409).",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};
/** What a write with an Idempotency-Key may answer besides its own errors. */
export const KEYED_ERRORS = [
  IdempotencyKeyError,
  IdempotencyKeyReusedError,
  IdempotencyKeyInUseError,
];

/** What a read of a model may answer; a body adds its own, a training its own. */
export const READ_ERRORS = [
  ModelNameError,
  OptionError,
  UnauthorizedError,
  ModelNotFoundError,
];
