/**
 * JSON Schemas of the datasets' path parameters and answers
 * (src/http/datasets.ts); tests/http/openapi.test.ts checks real answers
 * against them.
 */
import type { JsonSchema } from "../input/json-schema";
import { MAX_PARTS, MIN_PART_BYTES } from "../input/limits";
import { MODEL_NAME } from "../input/schemas";
import { strict } from "./schema-parts";

/** A dataset's name: a model name's rule. */
export const DATASET_NAME = {
  ...MODEL_NAME,
  title: "dataset name",
  examples: ["diabetes"],
} as const satisfies JsonSchema;

/** The id `POST /v1/datasets/{name}/uploads` answers. */
export const UPLOAD_ID = {
  type: "string",
  format: "uuid",
  pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "The uploadId its start answered.",
} as const satisfies JsonSchema;

/** A part's number in its upload. */
export const PART_NUMBER = {
  type: "integer",
  minimum: 1,
  maximum: MAX_PARTS,
  description: "The part's number, from 1 (R2's and S3's partNumber).",
} as const satisfies JsonSchema;

/** A stored dataset: `PUT`, `GET /v1/datasets/{name}`, complete. */
export const DATASET = strict(
  {
    name: DATASET_NAME,
    bytes: { type: "integer", minimum: 1, description: "Its size in bytes." },
    contentType: { type: "string", enum: ["text/csv"] },
    createdAt: {
      type: "string",
      format: "date-time",
      description: "When its write (or its upload in parts) started.",
    },
  },
  [],
  "A dataset as stored in R2; its ETag is the answer's ETag header.",
);

/** A page of `GET /v1/datasets`. */
export const DATASET_LIST = strict({
  datasets: { type: "array", items: DATASET, description: "In name order." },
  cursor: {
    type: ["string", "null"],
    description: "The next page's cursor; null on the last page.",
  },
});

/** `POST /v1/datasets/{name}/uploads`. */
export const UPLOAD = strict({
  uploadId: UPLOAD_ID,
  partSize: {
    type: "integer",
    minimum: MIN_PART_BYTES,
    description:
      "The size in bytes of every part but the last, which may be smaller: the partSize the start asked for, else DATASET_PART_BYTES when the upload started.",
  },
});

/** `PUT /v1/datasets/{name}/uploads/{uploadId}/parts/{partNumber}`. */
export const UPLOADED_PART = strict({
  part: PART_NUMBER,
  bytes: { type: "integer", minimum: 1 },
  etag: { type: "string", description: "R2's ETag of the part." },
});
