/**
 * The operations on datasets (src/http/datasets.ts). Their reads answer
 * WritesDisabledError where no token is set, so they are documented as
 * needing a token, as writes are: training data is never public.
 */
import {
  BodyTooLargeError,
  DatasetError,
  DatasetNameError,
  DatasetNotFoundError,
  LengthRequiredError,
  MalformedBodyError,
  OptionError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  UploadConflictError,
  UploadNotFoundError,
  UploadPartError,
  WritesDisabledError,
} from "../errors";
import { query } from "./parameters";
import {
  json,
  ok,
  operation,
  type Answer,
  type Operation,
  type Parameter,
  type Spec,
} from "./operation";
import { DATASET_NAME, PART_NUMBER, UPLOAD_ID } from "./dataset-schemas";

/** The path's dataset name. */
const NAME: Parameter = {
  name: "name",
  in: "path",
  required: true,
  schema: DATASET_NAME,
};
const UPLOAD: Parameter = {
  name: "uploadId",
  in: "path",
  required: true,
  schema: UPLOAD_ID,
};
const PART: Parameter = {
  name: "partNumber",
  in: "path",
  required: true,
  schema: PART_NUMBER,
};

/** Who may do anything with datasets, and what a bad name answers. */
const ACCESS = [DatasetNameError, UnauthorizedError, WritesDisabledError];
const READ = [...ACCESS, DatasetNotFoundError];
const UPLOAD_ERRORS = [...ACCESS, UploadPartError, UploadNotFoundError];
const BODY = [
  LengthRequiredError,
  BodyTooLargeError,
  UnsupportedMediaTypeError,
  DatasetError,
];

const ETAG: Answer["headers"] = {
  ETag: {
    description:
      "R2's ETag of the stored bytes: a job pins it, so a dataset replaced mid-job fails it rather than mixing files.",
    schema: { type: "string" },
  },
};

/** 201 with the dataset stored. */
const CREATED: Record<string, Answer> = {
  "201": {
    description: "The dataset; Location is its path.",
    headers: {
      Location: { description: "/v1/datasets/{name}", schema: {} },
      ...ETAG,
    },
    content: json("Dataset"),
  },
};

/** A body of raw bytes, `description` saying what. */
function rawBody(description: string, type: string): Operation["requestBody"] {
  return {
    required: true,
    description,
    content: { [type]: { schema: { type: "string" } } },
  };
}

/** An operation of tag datasets. */
function datasetOperation(
  spec: Omit<Spec, "tag">,
  body?: Operation["requestBody"],
): Operation {
  const built = operation({ ...spec, tag: "datasets" });
  return body ? { ...built, requestBody: body } : built;
}

const LENGTH =
  "Content-Length is required (411 without: R2 stores only a body of known length); no Content-Encoding, as the bytes are stored as sent. Content-Type text/csv, text/plain or application/octet-stream (stored as text/csv; another is a 415).";

/** What a dataset sent whole may be in: any charset, stored as UTF-8. */
const CONVERTED =
  "In UTF-8, as jobs read it, or in the charset its Content-Type names (any TextDecoder knows, such as windows-1252 or utf-16le; another is a 415): converted to UTF-8 as it streams to R2, whose size the answer's bytes gives; bytes not valid in that charset are a 400 naming their line, and nothing is stored.";

/** What a part must be in: UTF-8, as it is stored as sent. */
const PART_UTF8 =
  "In UTF-8: a part is stored as sent and keeps its size, so a part in another charset is a 415 (convert the file first, as with iconv -f windows-1252 -t utf-8, or PUT it whole, which converts it).";

export const DATASET_OPERATIONS = {
  listDatasets: datasetOperation({
    id: "listDatasets",
    summary: "List datasets in name order, a page at a time (token required)",
    parameters: [query("limit"), query("cursor")],
    ok: ok("A page.", json("DatasetList")),
    errors: [OptionError, UnauthorizedError, WritesDisabledError],
  }),
  putDataset: datasetOperation(
    {
      id: "putDataset",
      summary: "Store a CSV file as a dataset, replacing any of that name",
      description:
        "The body streams to R2 unparsed (a job checks it when it reads it), at most MAX_DATASET_BYTES (100 MB: the request body limit of Free and Pro zones) as sent and, in another charset than UTF-8, once converted (413, nothing stored); larger files go up in parts. A dataset of the same name is replaced whole, as in R2 or S3.",
      parameters: [NAME],
      ok: CREATED,
      errors: [...ACCESS, ...BODY, MalformedBodyError],
    },
    rawBody(
      `The CSV file, as training takes it. ${LENGTH} ${CONVERTED}`,
      "text/csv",
    ),
  ),
  getDataset: datasetOperation({
    id: "getDataset",
    summary: "A dataset's size and creation time (token required)",
    parameters: [NAME],
    ok: {
      "200": {
        description: "The dataset.",
        headers: ETAG,
        content: json("Dataset"),
      },
    },
    errors: READ,
  }),
  getDatasetContent: datasetOperation({
    id: "getDatasetContent",
    summary: "A dataset's bytes, streamed (token required)",
    parameters: [NAME],
    ok: {
      "200": {
        description: "The bytes as stored, with Content-Length.",
        headers: ETAG,
        content: { "text/csv": { schema: { type: "string" } } },
      },
    },
    errors: READ,
  }),
  deleteDataset: datasetOperation({
    id: "deleteDataset",
    summary: "Delete a dataset",
    parameters: [NAME],
    ok: { "204": { description: "Deleted." } },
    errors: READ,
  }),
  startUpload: datasetOperation(
    {
      id: "startUpload",
      summary: "Start uploading a dataset in parts",
      description:
        "Then PUT parts 1, 2, … of exactly partSize bytes each but the last, which may be smaller (at most 10,000 parts), and POST complete; DELETE aborts. Nothing is readable under the name until the upload completes. The body is optional: none (or `{}`) takes the service's part size, DATASET_PART_BYTES; `{\"partSize\": n}` asks for n bytes, from 5 MiB (R2's smallest part) to MAX_DATASET_BYTES (the most one part may send); another size or key is a 400 invalid_option, a body that is not JSON a 400 malformed_body, one sent as another type than application/json a 415: never ignored.",
      parameters: [NAME],
      ok: { "201": { description: "The upload.", content: json("Upload") } },
      errors: [
        ...ACCESS,
        OptionError,
        MalformedBodyError,
        UnsupportedMediaTypeError,
        BodyTooLargeError,
      ],
    },
    {
      required: false,
      description:
        "Optional: the upload's part size. Sent as application/json (another type is a 415).",
      content: json("UploadOptions"),
    },
  ),
  uploadPart: datasetOperation(
    {
      id: "uploadPart",
      summary: "Upload one part of a dataset (again: replaces it)",
      description:
        "A part shorter than partSize is the last: a part numbered after it is a 409, a shorter part below another part a 400.",
      parameters: [NAME, UPLOAD, PART],
      ok: ok("The part as stored.", json("UploadedPart")),
      errors: [...UPLOAD_ERRORS, ...BODY, UploadConflictError],
    },
    rawBody(
      `The part's bytes. ${LENGTH} ${PART_UTF8}`,
      "application/octet-stream",
    ),
  ),
  completeUpload: datasetOperation({
    id: "completeUpload",
    summary: "Complete an upload in parts: the dataset is stored",
    parameters: [NAME, UPLOAD],
    ok: CREATED,
    errors: [...UPLOAD_ERRORS, UploadConflictError],
  }),
  abortUpload: datasetOperation({
    id: "abortUpload",
    summary: "Abort an upload in parts: its parts are discarded",
    parameters: [NAME, UPLOAD],
    ok: { "204": { description: "Aborted." } },
    errors: UPLOAD_ERRORS,
  }),
} satisfies Record<string, Operation>;
