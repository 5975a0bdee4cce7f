/**
 * How a request body's bytes become text: the content coding it was sent
 * with (`Content-Encoding`) and its charset (the `charset` parameter of
 * `Content-Type`). Both are read from the headers before the body, so a body
 * the service cannot decode is a 415 that names what it cannot read, before
 * anything else is read.
 */
import { UnsupportedMediaTypeError } from "../errors";
import { describe } from "./numbers";

/** A content coding the service undoes, as `DecompressionStream` names it. */
export type ContentCoding = "gzip" | "deflate";

/** How to turn a body's bytes into text. */
export interface BodyEncoding {
  /** The coding to undo first, or null when the body is sent as is. */
  readonly coding: ContentCoding | null;
  /** The charset, as `TextDecoder` names it: `utf-8` when none is declared. */
  readonly charset: string;
}

/** The codings a 415 answer lists in its `Accept-Encoding` (RFC 9110 12.5.3). */
export const ACCEPTED_CODINGS = "gzip, deflate";

// RFC 9110 8.4.1: "x-gzip" is gzip; HTTP's "deflate" is the zlib format
// (RFC 1950), which is what DecompressionStream("deflate") reads.
const CODINGS = new Map<string, ContentCoding>([
  ["gzip", "gzip"],
  ["x-gzip", "gzip"],
  ["deflate", "deflate"],
]);

/**
 * The content coding and charset `request` declares.
 *
 * @throws UnsupportedMediaTypeError for a content coding other than gzip,
 *   x-gzip, deflate or identity, for more than one coding, and for a charset
 *   the platform's `TextDecoder` does not know
 */
export function readBodyEncoding(request: Request): BodyEncoding {
  const headers = request.headers;
  return {
    coding: readCoding(headers.get("content-encoding")),
    charset: readCharset(headers.get("content-type")),
  };
}

function readCoding(header: string | null): ContentCoding | null {
  if (header === null) return null;
  // Codings are listed in the order they were applied; identity is none.
  const codings = header
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return null;
  if (codings.length > 1) {
    throw unsupportedCoding(
      `content encoding ${describe(header)} applies ${codings.length} codings: send one, gzip or deflate`,
    );
  }
  const coding = CODINGS.get(codings[0]);
  if (coding === undefined) {
    throw unsupportedCoding(
      `content encoding ${describe(codings[0])} is not one the service reads: send gzip or deflate, or no Content-Encoding`,
    );
  }
  return coding;
}

function unsupportedCoding(message: string): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(message, {
    "Accept-Encoding": ACCEPTED_CODINGS,
  });
}

/**
 * The charset `contentType` declares, as `TextDecoder` names it (the
 * WHATWG Encoding Standard's labels: "latin1" is windows-1252, and so on);
 * `utf-8` when it declares none. `send` is the advice of the refusal.
 *
 * @throws UnsupportedMediaTypeError for a label `TextDecoder` does not know
 */
export function readCharset(
  contentType: string | null,
  send = "send utf-8, or a charset of the Encoding Standard such as utf-16le or windows-1252",
): string {
  const label = charsetParameter(contentType ?? "");
  if (label === null) return "utf-8";
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new UnsupportedMediaTypeError(
      `charset ${describe(label)} is not one the service reads: ${send}`,
    );
  }
}

// One parameter after a ";": a name, "=", and a token or a quoted string
// (RFC 9110 5.6.6), so a ";" inside quotes does not end it.
const PARAMETER = /;\s*([^\s;=]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/g;

/** The value of the first `charset` parameter of `contentType`, or null. */
function charsetParameter(contentType: string): string | null {
  for (const [, name, value] of contentType.matchAll(PARAMETER)) {
    if (name.toLowerCase() !== "charset") continue;
    const text = value.trim();
    if (!text.startsWith('"')) return text;
    const closed = text.length > 1 && text.endsWith('"');
    return text.slice(1, closed ? -1 : undefined).replace(/\\(.)/g, "$1");
  }
  return null;
}
