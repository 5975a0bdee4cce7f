/**
 * A compressed request body, inflated as it is read and never far ahead of
 * its reader.
 *
 * workerd's `DecompressionStream` inflates all of one write at once into a
 * buffer it keeps until read, with no back-pressure (its source says so), so
 * a small body written whole, or piped, could inflate to gigabytes before
 * the first read. Here the compressed bytes go in a slice at a time, and the
 * next slice only while a read waits for output: what is inflated and not
 * yet read is at most one slice's worth, about a megabyte whatever the
 * ratio, so the caller's count of inflated bytes stops a bomb within a
 * megabyte of its limit.
 */
import { MalformedBodyError } from "../errors";
import type { ContentCoding } from "./body-encoding";

/** Compressed bytes written at a time. */
const SLICE = 1024;

/**
 * The most one slice can inflate to, the size of each read: deflate spends
 * at least 2 bits on a match of 258 bytes, 1032 bytes a byte, plus a match
 * whose first bits came in the slice before.
 */
const MOST = 1032 * (SLICE + 1) + 258;

/**
 * The inflated bytes of `body`, sent with `coding`, a chunk at a time. Each
 * chunk is a view of a buffer the next read reuses: use it before asking for
 * the next. Stopping early (a `break` or a throw in the loop) cancels the
 * body.
 *
 * @throws MalformedBodyError when the bytes are not valid `coding` data:
 *   damaged, cut short, or followed by more bytes
 */
export async function* inflate(
  body: ReadableStream<Uint8Array>,
  coding: ContentCoding,
): AsyncGenerator<Uint8Array> {
  const source = body.getReader();
  const stream = new DecompressionStream(coding);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader({ mode: "byob" });
  let buffer = new ArrayBuffer(MOST);
  let input: Uint8Array = new Uint8Array(0);
  let ended = false;
  try {
    for (;;) {
      let waiting = true;
      const read = reader.read(new Uint8Array(buffer));
      read.then(
        () => (waiting = false),
        () => (waiting = false),
      );
      // workerd fulfils a waiting read inside the write that gives it
      // output, before the write returns: so the read still waits after a
      // write only when that slice gave nothing (a header, a table).
      while (waiting && !ended) {
        if (input.byteLength === 0) {
          const next = await source.read();
          if (next.done) {
            ended = true;
            await decompressing(coding, writer.close());
          } else input = next.value;
          continue;
        }
        await decompressing(coding, writer.write(input.subarray(0, SLICE)));
        input = input.subarray(SLICE);
      }
      const { value, done } = await decompressing(coding, read);
      if (done) return;
      yield value;
      buffer = value.buffer as ArrayBuffer;
    }
  } finally {
    const ignore = () => undefined;
    source.cancel().catch(ignore);
    reader.cancel().catch(ignore);
    writer.abort().catch(ignore);
  }
}

/** `step` of the decompression, its failure told as the body's problem. */
async function decompressing<T>(
  coding: ContentCoding,
  step: Promise<T>,
): Promise<T> {
  try {
    return await step;
  } catch (error) {
    // workerd's messages: "Decompression failed.", "Called close() on a
    // decompression stream with incomplete data", "Trailing bytes after end
    // of compressed data".
    const message = error instanceof Error ? error.message : "";
    throw new MalformedBodyError(
      /trailing/i.test(message)
        ? `the ${coding} body goes on after the end of its compressed data`
        : /incomplete/i.test(message)
          ? `the ${coding} body ends before its compressed data does`
          : `the ${coding} body is damaged: its bytes are not ${coding} data`,
    );
  }
}
