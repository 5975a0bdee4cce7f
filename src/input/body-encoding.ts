/**
 * How a request body's bytes become text: its charset (the `charset`
 * parameter of `Content-Type`), read from the headers before the body, so a
 * body the service cannot decode is a 415 that names what it cannot read,
 * before anything else is read.
 */
import { UnsupportedMediaTypeError } from "../errors";
import { describe } from "./numbers";

/** How to turn a body's bytes into text. */
export interface BodyEncoding {
  /** The charset, as `TextDecoder` names it: `utf-8` when none is declared. */
  readonly charset: string;
}

/**
 * The charset `request` declares.
 *
 * @throws UnsupportedMediaTypeError for a charset the platform's
 *   `TextDecoder` does not know
 */
export function readBodyEncoding(request: Request): BodyEncoding {
  return { charset: readCharset(request.headers.get("content-type")) };
}

function readCharset(contentType: string | null): string {
  const label = charsetParameter(contentType ?? "");
  if (label === null) return "utf-8";
  try {
    // The WHATWG Encoding Standard's labels: "latin1" is windows-1252, and so on.
    return new TextDecoder(label).encoding;
  } catch {
    throw new UnsupportedMediaTypeError(
      `charset ${describe(label)} is not one the service reads: send utf-8, or a charset of the Encoding Standard such as utf-16le or windows-1252`,
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
