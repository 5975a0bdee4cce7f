/**
 * What a dataset write brings besides its name: the declared length of its
 * body, the upload id and part number of an upload in parts. All are read
 * before a byte goes to R2, so a refusal writes nothing.
 */
import {
  BodyTooLargeError,
  DatasetError,
  LengthRequiredError,
  UnsupportedMediaTypeError,
  UploadPartError,
} from "../errors";
import { readCharset } from "./body-encoding";
import { MAX_PARTS } from "./limits";
import { describe } from "./numbers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The media types a dataset body may declare: CSV, or a client's generic
 * bytes. It is stored as `text/csv` whatever it declared.
 */
const DATASET_TYPES = ["text/csv", "text/plain", "application/octet-stream"];
const ACCEPTED = `${DATASET_TYPES.slice(0, -1).join(", ")} or ${DATASET_TYPES.at(-1)}`;

/**
 * The byte length `request` declares for its body, which R2 needs before it
 * takes a stream, checked against `max` (`what` names the body in messages:
 * "the dataset", "part 3").
 *
 * @throws LengthRequiredError when there is no Content-Length (a chunked
 *   body), DatasetError when it declares no bytes, BodyTooLargeError when
 *   it declares more than `max`, UnsupportedMediaTypeError for a compressed
 *   body, one that says it is not CSV, or one in a charset `TextDecoder`
 *   does not know, as a training body's (a dataset is stored as sent)
 */
export function readBodyLength(
  request: Request,
  max: number,
  what: string,
): number {
  const encoding = request.headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") {
    throw new UnsupportedMediaTypeError(
      `${what} is stored as sent: send it without Content-Encoding, got ${describe(encoding)}`,
    );
  }
  const type = request.headers.get("content-type");
  const essence = type?.split(";")[0].trim().toLowerCase();
  if (essence && !DATASET_TYPES.includes(essence)) {
    throw new UnsupportedMediaTypeError(
      `${what} must be CSV sent as Content-Type ${ACCEPTED} (stored as text/csv), got ${describe(type)}`,
    );
  }
  readCharset(type, "send the dataset in utf-8, as jobs read it");
  const header = request.headers.get("content-length");
  if (header === null) {
    throw new LengthRequiredError(
      `${what} needs a Content-Length header: R2 stores a body of known length only (send the file, not a chunked stream)`,
    );
  }
  const bytes = Number(header);
  if (!/^\d+$/.test(header) || !Number.isSafeInteger(bytes)) {
    throw new LengthRequiredError(
      `Content-Length must be a number of bytes, got ${describe(header)}`,
    );
  }
  if (bytes === 0 || request.body === null) {
    throw new DatasetError(`${what} has no bytes`);
  }
  if (bytes > max) {
    throw new BodyTooLargeError(
      `${what} has ${bytes} bytes, more than the ${max} allowed`,
    );
  }
  return bytes;
}

/**
 * An upload id from the URL: the UUID `POST .../uploads` answered.
 *
 * @throws UploadPartError otherwise
 */
export function readUploadId(value: string): string {
  if (!UUID.test(value)) {
    throw new UploadPartError(
      `upload id ${describe(value)} is not one POST /v1/datasets/{name}/uploads gave (a lower-case UUID)`,
    );
  }
  return value;
}

/**
 * A part number from the URL: an integer from 1 to 10,000 (R2's, and S3's,
 * numbering of parts), in decimal digits.
 *
 * @throws UploadPartError otherwise
 */
export function readPartNumber(value: string): number {
  const part = Number(value);
  if (!/^[1-9]\d{0,4}$/.test(value) || part > MAX_PARTS) {
    throw new UploadPartError(
      `part number must be an integer from 1 to ${MAX_PARTS}, got ${describe(value)}`,
    );
  }
  return part;
}
