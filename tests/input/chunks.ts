/**
 * Helpers for the input tests: text cut into chunks every way, and requests
 * whose bodies arrive as chosen byte chunks.
 */
import { JsonBodyReader } from "../../src/input/json-data";

/** `whole` (text or bytes) cut at `cuts`: positions, in any order. */
export function cutAt<T extends { slice(start: number, end?: number): T }>(
  whole: T,
  cuts: readonly number[],
): T[] {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const chunks: T[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(whole.slice(previous, point));
    previous = point;
  }
  chunks.push(whole.slice(previous));
  return chunks;
}

/**
 * Every way of cutting `text` once, then the text one character a chunk:
 * each position falls on a chunk boundary in some of these.
 */
export function everyCut(text: string): string[][] {
  const ways = [[text]];
  for (let at = 0; at <= text.length; at++) ways.push(cutAt(text, [at]));
  ways.push(Array.from(text));
  return ways;
}

/** A PUT whose body streams `chunks`, with this content type. */
export function streamedRequest(
  chunks: readonly Uint8Array[],
  contentType: string,
): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request("http://edge-logreg.test/v1/models/t", {
    method: "PUT",
    body,
    headers: { "content-type": contentType },
    duplex: "half",
  } as RequestInit);
}

/** A JSON body read from these chunks, ended. */
export function readJson(
  chunks: string | readonly string[],
  labels = true,
): JsonBodyReader {
  const reader = new JsonBodyReader(labels);
  for (const chunk of typeof chunks === "string" ? [chunks] : chunks) {
    reader.push(chunk);
  }
  reader.end();
  return reader;
}

/** What a call returned, or the class and message of what it threw. */
export function outcome<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return `${error.constructor.name}: ${error.message}`;
  }
}
