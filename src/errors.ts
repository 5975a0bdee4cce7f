/**
 * The errors the domain throws, and the one place that turns them into HTTP.
 *
 * Every layer throws an `AppError` subclass; `errorBody` and the status on each
 * class are all `app.onError` needs, so no handler catches anything itself.
 */

/** An error a client can act on: it carries its HTTP status and a stable code. */
export abstract class AppError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 422;
  abstract readonly code: string;
  /** Headers the response must carry, such as `WWW-Authenticate` on a 401. */
  readonly headers: Record<string, string> = {};
}

/** The request body could not be read as JSON or CSV at all. */
export class MalformedBodyError extends AppError {
  readonly status = 400;
  readonly code = "malformed_body";
}

/** The body parsed, but its rows, values or labels are not a usable dataset. */
export class DatasetError extends AppError {
  readonly status = 400;
  readonly code = "invalid_dataset";
}

/** A training or prediction option is unknown, of the wrong type or out of range. */
export class OptionError extends AppError {
  readonly status = 400;
  readonly code = "invalid_option";
}

/** A model name outside 1-64 of letters, digits, `-`, `_`, `.`. */
export class ModelNameError extends AppError {
  readonly status = 400;
  readonly code = "invalid_model_name";
}

/** Rows sent for prediction do not have as many features as the model. */
export class FeatureMismatchError extends AppError {
  readonly status = 400;
  readonly code = "feature_mismatch";
}

/** A report the model cannot have, such as a ROC curve of many classes. */
export class ReportNotFoundError extends AppError {
  readonly status = 404;
  readonly code = "report_not_found";
}

/** A body whose content type the endpoint does not read. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
}

/** No model (or no such version of it) is stored under that name. */
export class ModelNotFoundError extends AppError {
  readonly status = 404;
  readonly code = "model_not_found";
  constructor(name: string, version?: number) {
    super(
      version === undefined
        ? `no model named ${name}`
        : `model ${name} has no version ${version}`,
    );
  }
}

/** The request is larger than a limit allows (rows, features or work). */
export class LimitError extends AppError {
  readonly status = 422;
  readonly code = "over_limit";
}

/** The body is larger than the configured byte limit. */
export class BodyTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "body_too_large";
}

/** A write without a valid token, or a read without one where reads are private. */
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = "unauthorized";
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
  readonly status = 403;
  readonly code = "writes_disabled";
}

/** Training produced a non-finite cost or weights, so there is nothing to store. */
export class TrainingDivergedError extends AppError {
  readonly status = 422;
  readonly code = "training_diverged";
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
