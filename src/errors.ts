/**
 * The errors the service answers with, and the one place that turns them into
 * HTTP.
 *
 * Each error is a class that declares, once and as static members, its stable
 * code, its status and what it means in one line; `ERROR_CLASSES`
 * (openapi/error-classes.ts) lists them all, and the OpenAPI document (its `Error` schema and each operation's
 * responses) is derived from that list. Every layer throws an `AppError`
 * subclass; `errorBody` and the code, status and headers of each error are all
 * `app.onError` needs, so no handler catches anything itself. The base class
 * and the errors of datasets live in src/errors/ and are exported from here
 * too, so every layer imports its errors from this one module.
 */
import { AppError, type ErrorClass } from "./errors/app-error";
import {
  DatasetChangedError,
  DatasetNameError,
  DatasetNotFoundError,
  LengthRequiredError,
  UploadConflictError,
  UploadNotFoundError,
  UploadPartError,
} from "./errors/dataset-errors";

export {
  AppError,
  type ErrorClass,
  type ErrorStatus,
} from "./errors/app-error";
export * from "./errors/dataset-errors";
export * from "./errors/http-errors";

/** The request body could not be read as JSON or CSV at all. */
export class MalformedBodyError extends AppError {
  static readonly code = "malformed_body";
  static readonly status = 400;
  static readonly meaning =
    "the body is not JSON (an object) or CSV, not valid in its charset, or not valid in its Content-Encoding";
}

/** The body parsed, but its rows, values or labels are not a usable dataset. */
export class DatasetError extends AppError {
  static readonly code = "invalid_dataset";
  static readonly status = 400;
  static readonly meaning = "ragged rows, a bad value or label, no rows";
}

/** A training or prediction option is unknown, of the wrong type or out of range. */
export class OptionError extends AppError {
  static readonly code = "invalid_option";
  static readonly status = 400;
  static readonly meaning =
    "an unknown option or parameter, a value out of range, or options that do not go together";
}

/** A model name outside 1-64 of letters, digits, `-`, `_`, `.`. */
export class ModelNameError extends AppError {
  static readonly code = "invalid_model_name";
  static readonly status = 400;
  static readonly meaning = "a name outside 1-64 of letters, digits, -, _, .";
}

/** An alias name outside the model-name rules, or all digits (a version number). */
export class AliasNameError extends AppError {
  static readonly code = "invalid_alias_name";
  static readonly status = 400;
  static readonly meaning =
    "an alias outside 1-64 of letters, digits, -, _, ., or all digits";
}

/** Rows sent for prediction do not have as many features as the model. */
export class FeatureMismatchError extends AppError {
  static readonly code = "feature_mismatch";
  static readonly status = 400;
  static readonly meaning =
    "rows with another number of features than the model";
}

/** A write without a valid token, or a read without one where reads are private. */
export class UnauthorizedError extends AppError {
  static readonly code = "unauthorized";
  static readonly status = 401;
  static readonly meaning = "no valid Authorization: Bearer token";
  override readonly headers: Record<string, string>;
  constructor(message: string, tokenGiven: boolean) {
    super(message);
    // RFC 6750 section 3: no error attribute when no token was sent at all.
    this.headers = {
      "WWW-Authenticate": tokenGiven
        ? 'Bearer realm="edge-logreg", error="invalid_token"'
        : 'Bearer realm="edge-logreg"',
    };
  }
}

/** Writes are switched off: no API_TOKEN is set and open writes are not allowed. */
export class WritesDisabledError extends AppError {
  static readonly code = "writes_disabled";
  static readonly status = 403;
  static readonly meaning =
    "the Worker has no API_TOKEN, so it takes no writes (and, with no READ_TOKEN either, serves no dataset: training data is never public)";
}

/** No model (or no such version or alias of it) is stored under that name. */
export class ModelNotFoundError extends AppError {
  static readonly code = "model_not_found";
  static readonly status = 404;
  static readonly meaning = "no such model, version or alias";
  /** @param version the version asked: a number, or an alias's name */
  constructor(name: string, version?: number | string) {
    super(
      version === undefined
        ? `no model named ${name}`
        : typeof version === "number"
          ? `model ${name} has no version ${version}`
          : `model ${name} has no alias ${version}`,
    );
  }
}

/**
 * A report the model cannot have, such as a ROC curve of many classes, or
 * score curves of a version stored before they were kept.
 */
export class ReportNotFoundError extends AppError {
  static readonly code = "report_not_found";
  static readonly status = 404;
  static readonly meaning =
    "a report the model has none of (a ROC curve or thresholds of many classes, score curves of a version stored before them)";
}

/** No job has that id. */
export class JobNotFoundError extends AppError {
  static readonly code = "job_not_found";
  static readonly status = 404;
  static readonly meaning = "no job with that id";
  constructor(id: string) {
    super(`no job with id ${id}`);
  }
}

/** A change a job cannot take in its state, such as a cancel once it is finalizing. */
export class JobConflictError extends AppError {
  static readonly code = "job_conflict";
  static readonly status = 409;
  static readonly meaning =
    "the job cannot take that change in its state (a cancel once it is finalizing or finished)";
}

/** No route answers the request's method and path. */
export class RouteNotFoundError extends AppError {
  static readonly code = "not_found";
  static readonly status = 404;
  static readonly meaning = "no such route";
}

/** An Accept header that allows none of the media types an answer comes in. */
export class NotAcceptableError extends AppError {
  static readonly code = "not_acceptable";
  static readonly status = 406;
  static readonly meaning =
    "an Accept header that allows none of the answer's media types";
}

/** The body, as sent or once its Content-Encoding is undone, is larger than the byte limit. */
export class BodyTooLargeError extends AppError {
  static readonly code = "body_too_large";
  static readonly status = 413;
  static readonly meaning =
    "the body is over MAX_BODY_BYTES, as sent or once decompressed (a dataset: over MAX_DATASET_BYTES)";
}

/** A body whose content type, charset or content coding the endpoint does not read. */
export class UnsupportedMediaTypeError extends AppError {
  static readonly code = "unsupported_media_type";
  static readonly status = 415;
  static readonly meaning =
    "a body neither application/json nor text/csv, in a charset TextDecoder does not know, or in a Content-Encoding other than gzip or deflate";
  override readonly headers: Record<string, string>;
  /** @param headers such as the `Accept-Encoding` a refused coding answers with */
  constructor(message: string, headers: Record<string, string> = {}) {
    super(message);
    this.headers = headers;
  }
}

/**
 * The request is larger than a limit allows: rows, features, work, or the
 * numbers of its answer.
 */
export class LimitError extends AppError {
  static readonly code = "over_limit";
  static readonly status = 422;
  static readonly meaning =
    "too many rows or features, over the work budget, an answer of too many numbers, or too many aliases";
}

/** Labels of one class only, with no other class declared. */
export class SingleClassError extends AppError {
  static readonly code = "single_class";
  static readonly status = 422;
  static readonly meaning =
    "every label is one class and classes declares no other: a classifier needs two";
}

/** Training produced a non-finite cost or weights, so there is nothing to store. */
export class TrainingDivergedError extends AppError {
  static readonly code = "training_diverged";
  static readonly status = 422;
  static readonly meaning = "the cost or the weights stopped being finite";
}

/** A write that lost a race it cannot win, such as a delete of the model it was storing. */
export class WriteConflictError extends AppError {
  static readonly code = "conflict";
  static readonly status = 409;
  static readonly meaning =
    "the model was deleted while the write was being stored; nothing was stored";
}

/** An `Idempotency-Key` header that is empty, too long or not printable ASCII. */
export class IdempotencyKeyError extends AppError {
  static readonly code = "invalid_idempotency_key";
  static readonly status = 400;
  static readonly meaning =
    "an Idempotency-Key that is not 1 to 255 printable ASCII characters";
}

/** The same `Idempotency-Key` sent again with another request. */
export class IdempotencyKeyReusedError extends AppError {
  static readonly code = "idempotency_key_reused";
  static readonly status = 422;
  static readonly meaning =
    "the Idempotency-Key was used within 24 hours for a request with another body";
}

/** The same `Idempotency-Key` sent while its first request still runs. */
export class IdempotencyKeyInUseError extends AppError {
  static readonly code = "idempotency_key_in_use";
  static readonly status = 409;
  static readonly meaning =
    "the first request with this Idempotency-Key has not answered yet";
}

/**
 * A request Hono itself refused (an `HTTPException`). Its answer carries the
 * status Hono chose; 400 is the one the document gives.
 */
export class RequestRefusedError extends AppError {
  static readonly code = "http_error";
  static readonly status = 400;
  static readonly meaning =
    "a request Hono itself refused, with the status it chose";
}

/** A fault of the service: anything thrown that is not an `AppError`. */
export class InternalError extends AppError {
  static readonly code = "internal";
  static readonly status = 500;
  static readonly meaning = "a fault of the service; the log has the details";
}

/** The JSON every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

/** Builds the one error body shape the API returns. */
export function errorBody(
  code: string,
  message: string,
  requestId?: string,
): ErrorBody {
  return { error: { code, message, requestId } };
}
