/**
 * What a dataset write brings besides its name: the declared length and
 * charset of its body, the upload id and part number of an upload in parts.
 * All are read before a byte goes to R2, so a refusal writes nothing.
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

/** What a dataset write's headers say of its body. */
export interface DatasetBody {
  /** The byte length its Content-Length declares. */
  readonly bytes: number;
  /**
   * Its charset as `TextDecoder` names it (`utf-8` when none is declared);
   * another than `utf-8` only where the body is converted (`converts`).
   */
  readonly charset: string;
}

/**
 * The byte length `request` declares for its body, which R2 needs before it
 * takes a stream, checked against `max`, and its charset (`what` names the
 * body in messages: "the dataset", "part 3"). A dataset sent whole may be in
 * any charset `TextDecoder` knows, as it is converted to UTF-8 on its way to
 * R2 (`converts`); a part is stored as sent and must keep its size, so it
 * must be UTF-8 already.
 *
 * @throws LengthRequiredError when there is no Content-Length (a chunked
 *   body), DatasetError when it declares no bytes, BodyTooLargeError when
 *   it declares more than `max`, UnsupportedMediaTypeError for a compressed
 *   body, one that says it is not CSV, one in a charset `TextDecoder` does
 *   not know, and a part in a charset other than UTF-8
 */
export function readDatasetBody(
  request: Request,
  max: number,
  what: string,
  converts: boolean,
): DatasetBody {
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
  const charset = readCharset(
    type,
    converts
      ? "send utf-8, or a charset of the Encoding Standard such as windows-1252 or utf-16le (converted to utf-8 as it is stored)"
      : "send the parts in utf-8, as jobs read it",
  );
  if (!converts && charset !== "utf-8") {
    throw new UnsupportedMediaTypeError(
      `${what} is in ${charset}, and parts are stored as sent (each keeps its size), so they must be utf-8: convert the file first (iconv -f ${charset} -t utf-8 file.csv > file-utf8.csv), or send it whole with PUT /v1/datasets/{name}, which converts it`,
    );
  }
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
  return { bytes, charset };
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
