/**
 * The body of `POST /v1/datasets/{name}/uploads`: none, or the options of
 * the upload, `{"partSize": n}`. A part size is honoured, not ignored,
 * within what R2 and the service take of a part: at least 5 MiB (R2's
 * smallest part but the last) and at most MAX_DATASET_BYTES (the most one
 * request may send, so a part of that size can be sent at all). A client on
 * a slow link asks for small parts to retry less; one on a fast link for
 * large ones, to send fewer requests and reach a bigger file within the
 * 10,000 parts R2 allows.
 */
import { OptionError } from "../errors";
import type { JsonSchema } from "./json-schema-type";
import { MAX_PARTS, MIN_PART_BYTES, type Limits } from "./limits";
import { describe } from "./numbers";
import { readJsonValue } from "./request-body";

/** The body's schema, as the document declares it (no body: the defaults). */
export const UPLOAD_OPTIONS = {
  type: "object",
  additionalProperties: false,
  properties: {
    partSize: {
      type: "integer",
      minimum: MIN_PART_BYTES,
      description: `The size in bytes of every part but the last: from ${MIN_PART_BYTES} (5 MiB, R2's smallest part) to MAX_DATASET_BYTES (100 MB by default: one part is one request); DATASET_PART_BYTES (8 MiB by default) when absent. At most ${MAX_PARTS} parts, so it bounds the file at ${MAX_PARTS} × partSize.`,
    },
  },
  examples: [{ partSize: 16 * 1024 * 1024 }],
} as const satisfies JsonSchema;

const SHAPE = '{"partSize": n} or no body';

/**
 * The part size of the upload `request` starts: its body's `partSize`, or
 * the service's `datasetPartBytes` when it sends no body (or `{}`).
 *
 * @throws OptionError for a body that is not an object, a key other than
 *   partSize, or a partSize that is not an integer from MIN_PART_BYTES to
 *   `limits.maxDatasetBytes`
 * @throws UnsupportedMediaTypeError, MalformedBodyError for a body that is
 *   not JSON (as `readJsonValue`)
 */
export async function readUploadPartSize(
  request: Request,
  limits: Limits,
): Promise<number> {
  if (request.body === null || request.headers.get("content-length") === "0") {
    return limits.datasetPartBytes;
  }
  const body = await readJsonValue(request, limits, SHAPE);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new OptionError(
      `the body must be an object ${SHAPE}, got ${describe(body)}`,
    );
  }
  const raw = body as Record<string, unknown>;
  const other = Object.keys(raw).find((name) => name !== "partSize");
  if (other !== undefined) {
    throw new OptionError(
      `unknown field ${describe(other)} in the body: an upload takes partSize only`,
    );
  }
  if (raw.partSize === undefined) return limits.datasetPartBytes;
  const max = limits.maxDatasetBytes;
  const size = raw.partSize;
  if (
    typeof size !== "number" ||
    !Number.isSafeInteger(size) ||
    size < MIN_PART_BYTES ||
    size > max
  ) {
    throw new OptionError(
      `partSize must be an integer from ${MIN_PART_BYTES} (5 MiB, R2's smallest part) to ${max} (MAX_DATASET_BYTES, the most one part may send) bytes, got ${describe(size)}`,
    );
  }
  return size;
}
