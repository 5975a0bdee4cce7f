/**
 * Request bodies as text chunks, decoded as the bytes arrive, so a parser can
 * read a body without it ever being one string in memory: the one place every
 * route's body goes from bytes to text, inflated first when it was sent
 * compressed, then decoded in its charset.
 */
import { BodyTooLargeError, MalformedBodyError } from "../errors";
import type { BodyEncoding } from "./body-encoding";
import { inflate } from "./inflate";

/** A reader of text that takes it a chunk at a time. */
export interface TextSink {
  push(text: string): void;
  /**
   * Where the text pushed so far ends, for an error about what comes next:
   * `line 3 field 2` for CSV, `line 3 column 7` for JSON.
   */
  where(): string;
}

/**
 * Reads the body of `request` and pushes it into `sink` a chunk of text at a
 * time: inflated as it streams when it was sent with a content coding, and
 * decoded in its charset in streaming mode (a character cut by a chunk
 * boundary arrives whole in the next chunk). A leading BOM of UTF-8 or
 * UTF-16 is dropped, as `Request.text()` drops it. When `sink` throws, the
 * rest of the body is left unread.
 *
 * Bytes that are not valid in the charset are refused, not read as U+FFFD,
 * so a damaged body is never read as other text; the error names the place
 * in the text, as `sink` tells it. To find that place the text is decoded
 * with replacement and refused at its first U+FFFD, so a U+FFFD sent as such
 * is refused too: in a numeric body it can only be in a name or a comment,
 * where it is the mark of an earlier decoding that lost bytes.
 *
 * @param maxBytes the most bytes the body may inflate to (MAX_BODY_BYTES):
 *   counted as they come, so a small body that inflates past it is refused
 *   without ever being inflated whole
 * @throws BodyTooLargeError when the body is longer than `maxBytes`
 * @throws MalformedBodyError when its bytes are not valid in its content
 *   coding or its charset
 */
export async function readBodyText(
  request: Request,
  encoding: BodyEncoding,
  maxBytes: number,
  sink: TextSink,
): Promise<void> {
  if (request.body === null) return;
  const { coding, charset } = encoding;
  const decoder = new TextDecoder(charset, { fatal: false, ignoreBOM: false });
  let bytes = 0;
  for await (const chunk of coding === null
    ? chunksOf(request.body)
    : inflate(request.body, coding)) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      throw new BodyTooLargeError(
        coding === null
          ? `the body is larger than ${maxBytes} bytes`
          : `the ${coding} body inflates to more than ${maxBytes} bytes`,
      );
    }
    pushDecoded(sink, decoder.decode(chunk, { stream: true }), charset, false);
  }
  pushDecoded(sink, decoder.decode(), charset, true);
}

/**
 * The length `request` declares in Content-Length, at most `max`; 0 when it
 * declares none. A hint for sizing arrays, never trusted as the real length.
 */
export function declaredLength(request: Request, max: number): number {
  const length = Number(request.headers.get("content-length") ?? "");
  return Number.isSafeInteger(length) && length > 0 ? Math.min(length, max) : 0;
}

/**
 * Pushes `text` (decoded from `charset`, the decoder's last text when
 * `end`) into `sink`, up to its first U+FFFD: there, the error of its
 * place, as `sink.where()` names it after the text before.
 *
 * @throws MalformedBodyError at a U+FFFD: bytes not valid in `charset`,
 *   or, at the end, a body that ends inside a character
 */
export function pushDecoded(
  sink: TextSink,
  text: string,
  charset: string,
  end: boolean,
): void {
  const bad = text.indexOf("\uFFFD");
  if (bad === -1) {
    if (text !== "") sink.push(text);
    return;
  }
  if (bad > 0) sink.push(text.slice(0, bad));
  throw new MalformedBodyError(
    end
      ? `${sink.where()} ends the body inside a ${charset} character`
      : `${sink.where()} has bytes that are not valid ${charset} (or U+FFFD, which stands for such bytes)`,
  );
}

/** The chunks of `body`, cancelling the rest when the loop stops early. */
async function* chunksOf(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) reader.cancel().catch(() => undefined);
  }
}
