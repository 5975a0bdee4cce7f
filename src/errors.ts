/**
 * The errors the domain throws, and the one place that turns them into HTTP.
 *
 * Every layer throws an `AppError` subclass; `errorBody` and the status on each
 * class are all `app.onError` needs, so no handler catches anything itself.
 */

/** An error a client can act on: it carries its HTTP status and a stable code. */
export abstract class AppError extends Error {
  abstract readonly status: 400 | 404 | 409 | 413 | 415 | 422;
  abstract readonly code: string;
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

/** Training produced a non-finite cost or weights, so there is nothing to store. */
export class TrainingDivergedError extends AppError {
  readonly status = 422;
  readonly code = "training_diverged";
}

/** The JSON every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Builds the one error body shape the API returns. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
