/**
 * A dataset sent whole in another charset than UTF-8 (`text/csv;
 * charset=windows-1252`, `utf-16le`, …) is converted to UTF-8 as it streams
 * to R2, since jobs read datasets as UTF-8: converted at upload, its faults
 * are the upload's 400, not a job's failure later. Decoded in streaming mode
 * (a character cut by a chunk boundary arrives whole with the next chunk), a
 * leading BOM dropped, as `readBodyText` decodes a training body.
 *
 * A `TextDecoder` with `TransformStream` rather than `TextDecoderStream`:
 * the same decoding, but a fault becomes the service's MalformedBodyError
 * naming its line instead of the stream's bare TypeError.
 */
import { BodyTooLargeError, DatasetError, MalformedBodyError } from "../errors";
import { pushDecoded, type TextSink } from "./body-text";

/**
 * `body`, `bytes` long in `charset` (as `TextDecoder` names it), as a
 * stream of its UTF-8 bytes, whose length is known only at its end and may
 * be up to three times `bytes` (a windows-1252 byte can take three in
 * UTF-8): at most `max` of them (MAX_DATASET_BYTES), as a dataset stored
 * is.
 *
 * Bytes that are not valid in the charset are refused, not read as U+FFFD
 * (so a U+FFFD sent as such is refused too, as `readBodyText` refuses it).
 *
 * @throws BodyTooLargeError, through the stream, once the UTF-8 bytes are
 *   over `max`; MalformedBodyError for bytes not valid in
 *   `charset` (naming their line), for a body that ends inside a character,
 *   and for one whose length is not the `bytes` it declared; DatasetError
 *   for one with no text (a byte order mark only)
 */
export function utf8Stream(
  body: ReadableStream<Uint8Array>,
  charset: string,
  bytes: number,
  max: number,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder(charset, { fatal: false, ignoreBOM: false });
  const encoder = new TextEncoder();
  let read = 0;
  let written = 0;
  let line = 1;
  // A chunk's text goes out as UTF-8, up to its first U+FFFD, where
  // `pushDecoded` throws the error of its line.
  const sinkOf = (
    controller: TransformStreamDefaultController<Uint8Array>,
  ): TextSink => ({
    push(text) {
      line += count(text, "\n");
      const utf8 = encoder.encode(text);
      written += utf8.length;
      if (written > max) {
        throw new BodyTooLargeError(
          `the dataset is over ${max} bytes (MAX_DATASET_BYTES) once converted from ${charset} to UTF-8, as it is stored`,
        );
      }
      controller.enqueue(utf8);
    },
    where: () => `the dataset's line ${line}`,
  });
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > bytes) throw lengthError(read, bytes);
        pushDecoded(
          sinkOf(controller),
          decoder.decode(chunk, { stream: true }),
          charset,
          false,
        );
      },
      flush(controller) {
        if (read !== bytes) throw lengthError(read, bytes);
        pushDecoded(sinkOf(controller), decoder.decode(), charset, true);
        if (written === 0) {
          throw new DatasetError(
            `the dataset has no text once decoded from ${charset} (a byte order mark only)`,
          );
        }
      },
    }),
  );
}

function lengthError(read: number, bytes: number): MalformedBodyError {
  return new MalformedBodyError(
    read > bytes
      ? `the dataset has more than the ${bytes} bytes its Content-Length declares`
      : `the dataset ends after ${read} of the ${bytes} bytes its Content-Length declares`,
  );
}

/** How many times `needle` (one character) occurs in `text`. */
function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1))
    n++;
  return n;
}
