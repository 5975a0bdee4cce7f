/**
 * The errors of datasets and their uploads in parts (src/http/datasets.ts,
 * src/storage/dataset-store.ts), listed with every other in ERROR_CLASSES
 * (src/errors.ts).
 */
import { AppError } from "./app-error";

/** A dataset name outside 1-64 of letters, digits, `-`, `_`, `.` (a model name's rule). */
export class DatasetNameError extends AppError {
  static readonly code = "invalid_dataset_name";
  static readonly status = 400;
  static readonly meaning =
    "a dataset name outside 1-64 of letters, digits, -, _, .";
}

/**
 * A request about an upload in parts that breaks its rules: an upload id
 * that is no id, a part number outside 1-10000, a part
 * larger than the upload's part size, or a middle part of another size.
 */
export class UploadPartError extends AppError {
  static readonly code = "invalid_upload_part";
  static readonly status = 400;
  static readonly meaning =
    "an upload id that is not a UUID, a part number outside 1-10000, a part over the upload's partSize, or a part below another that is not partSize bytes";
}

/** No dataset is stored under that name. */
export class DatasetNotFoundError extends AppError {
  static readonly code = "dataset_not_found";
  static readonly status = 404;
  static readonly meaning = "no such dataset";
  constructor(name: string) {
    super(`no dataset named ${name}`);
  }
}

/** No upload in parts with that id is open for the dataset. */
export class UploadNotFoundError extends AppError {
  static readonly code = "upload_not_found";
  static readonly status = 404;
  static readonly meaning =
    "no open upload with that id for the dataset (never started, completed or aborted)";
  constructor(name: string, uploadId: string) {
    super(`dataset ${name} has no open upload ${uploadId}`);
  }
}

/**
 * A part numbered after the upload's last part (its shorter one), or a
 * completion with parts missing.
 */
export class UploadConflictError extends AppError {
  static readonly code = "upload_conflict";
  static readonly status = 409;
  static readonly meaning =
    "a part numbered after the last part (the shorter one), or completing with parts missing";
}

/**
 * A dataset replaced by another write while a job was reading it: the job
 * pinned the object's ETag when it started (storage/dataset-store.ts).
 */
export class DatasetChangedError extends AppError {
  static readonly code = "dataset_changed";
  static readonly status = 409;
  static readonly meaning =
    "the dataset was replaced while a job was reading it";
}

/** A body that must have its length declared came without Content-Length. */
export class LengthRequiredError extends AppError {
  static readonly code = "length_required";
  static readonly status = 411;
  static readonly meaning =
    "a dataset or part sent without Content-Length (R2 stores only a body of known length)";
}
