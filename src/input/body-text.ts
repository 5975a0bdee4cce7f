/**
 * Request bodies as text chunks, decoded as the bytes arrive, so a parser can
 * read a body without it ever being one string in memory.
 */
import { MalformedBodyError } from "../errors";

/** A reader of text that takes it a chunk at a time. */
export interface TextSink {
  push(text: string): void;
}

/**
 * Reads the body of `request` and pushes it into `sink` a chunk of text at a
 * time, decoded as UTF-8 in streaming mode (a character cut by a chunk
 * boundary arrives whole in the next chunk). A leading BOM is dropped, as
 * `Request.text()` drops it. Invalid UTF-8 is refused, not replaced by U+FFFD,
 * so a damaged body is never read as other text. When `sink` throws, the rest
 * of the body is left unread.
 *
 * @throws MalformedBodyError when the body is not valid UTF-8
 */
export async function readBodyText(
  request: Request,
  sink: TextSink,
): Promise<void> {
  if (request.body === null) return;
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const reader = request.body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sink.push(decode(decoder, value, bytes));
      bytes += value.byteLength;
    }
    sink.push(decode(decoder, undefined, bytes));
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
}

/**
 * The length `request` declares in Content-Length, at most `max`; 0 when it
 * declares none. A hint for sizing arrays, never trusted as the real length.
 */
export function declaredLength(request: Request, max: number): number {
  const length = Number(request.headers.get("content-length") ?? "");
  return Number.isSafeInteger(length) && length > 0 ? Math.min(length, max) : 0;
}

function decode(
  decoder: TextDecoder,
  bytes: Uint8Array | undefined,
  offset: number,
): string {
  try {
    return decoder.decode(bytes, { stream: bytes !== undefined });
  } catch {
    throw new MalformedBodyError(
      bytes === undefined
        ? "the body is not valid UTF-8: it ends inside a character"
        : `the body is not valid UTF-8: a bad byte sequence near bytes ${offset}-${offset + bytes.byteLength - 1}`,
    );
  }
}
