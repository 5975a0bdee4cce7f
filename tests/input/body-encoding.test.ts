/**
 * A body's content coding and charset, read from its headers; and a
 * compressed body inflated as it streams: the same bytes however it is cut,
 * a 400 naming what is wrong with damaged data, and never inflated more than
 * a slice ahead of its reader, however small the body and large what it
 * inflates to.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedMediaTypeError } from "../../src/errors";
import { readBodyEncoding } from "../../src/input/body-encoding";
import { inflate } from "../../src/input/inflate";
import { compress } from "../http/api";
import { cutAt } from "./chunks";

/** What readBodyEncoding reads from these headers, or what it throws. */
function encodingOf(headers: Record<string, string>) {
  try {
    return readBodyEncoding(
      new Request("http://edge-logreg.test/", { headers }),
    );
  } catch (error) {
    if (!(error instanceof UnsupportedMediaTypeError)) throw error;
    return { message: error.message, headers: error.headers };
  }
}

describe("the headers", () => {
  const GZIP = { coding: "gzip", charset: "utf-8" };
  const NONE = { coding: null, charset: "utf-8" };

  it("read the coding: gzip (or x-gzip), deflate, identity, any case", () => {
    const cases: [string, object][] = [
      ["gzip", GZIP],
      [" GZip ", GZIP],
      ["x-gzip", GZIP],
      ["deflate", { coding: "deflate", charset: "utf-8" }],
      ["identity", NONE],
      ["identity, gzip", GZIP],
      ["", NONE],
    ];
    expect(encodingOf({})).toEqual(NONE);
    for (const [header, encoding] of cases) {
      expect(encodingOf({ "content-encoding": header }), header).toEqual(
        encoding,
      );
    }
  });

  it("refuse another coding, or two, naming it, with Accept-Encoding", () => {
    const unknown = (name: string) =>
      `content encoding "${name}" is not one the service reads: send gzip or deflate, or no Content-Encoding`;
    const cases: [string, string][] = [
      ["br", unknown("br")],
      ["compress", unknown("compress")],
      ["deflate-raw", unknown("deflate-raw")],
      ["Foo", unknown("foo")],
      [
        "gzip, gzip",
        'content encoding "gzip, gzip" applies 2 codings: send one, gzip or deflate',
      ],
    ];
    for (const [header, message] of cases) {
      expect(encodingOf({ "content-encoding": header })).toEqual({
        message,
        headers: { "Accept-Encoding": "gzip, deflate" },
      });
    }
  });

  it("read the charset: any case, quoted or not, by its label", () => {
    const cases: [string, string][] = [
      ["text/csv", "utf-8"],
      ["text/csv; charset=utf-8", "utf-8"],
      ["text/csv;charset=UTF-16LE", "utf-16le"],
      ['text/csv; Charset="windows-1252"', "windows-1252"],
      ["text/csv; charset = latin1", "windows-1252"],
      ['text/csv; header=present; charset="utf-16"', "utf-16le"],
      ['text/csv; note="a; charset=latin1"; charset=utf-8', "utf-8"],
      ["application/json; charset=ascii", "windows-1252"],
    ];
    for (const [type, charset] of cases) {
      expect(encodingOf({ "content-type": type }), type).toEqual({
        coding: null,
        charset,
      });
    }
  });

  it("refuse a charset TextDecoder does not know, naming it", () => {
    for (const [type, label] of [
      ["text/csv; charset=klingon", '"klingon"'],
      ['text/csv; charset="utf-7"', '"utf-7"'],
      ["text/csv; charset=iso-2022-kr", '"iso-2022-kr"'],
      ["text/csv; charset=", '""'],
    ]) {
      expect(encodingOf({ "content-type": type })).toEqual({
        message: `charset ${label} is not one the service reads: send utf-8, or a charset of the Encoding Standard such as utf-16le or windows-1252`,
        headers: {},
      });
    }
  });
});

/** The body `chunks` stream, counting how many bytes have been pulled. */
function source(chunks: readonly Uint8Array[]) {
  const counts = { pulled: 0, cancelled: false };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next === chunks.length) return controller.close();
        counts.pulled += chunks[next].byteLength;
        controller.enqueue(chunks[next++]);
      },
      cancel() {
        counts.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counts };
}

/** All `inflate` gives for these chunks, as text, or the error it throws. */
async function inflated(chunks: Uint8Array[], coding: "gzip" | "deflate") {
  const decoder = new TextDecoder();
  let text = "";
  try {
    for await (const chunk of inflate(source(chunks).stream, coding)) {
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return `${error.constructor.name}: ${error.message}`;
  }
}

describe("inflate", () => {
  const rows = Array.from(
    { length: 3000 },
    (_, i) => `${(i * 0.37) % 1},${-i / 7},${i % 2}\n`,
  ).join("");

  it("gives the bytes that were compressed, however they are cut", async () => {
    for (const coding of ["gzip", "deflate"] as const) {
      const body = await compress(rows, coding);
      const cuts = [[], [1], [2, 3, 10], [body.length - 1]];
      cuts.push(Array.from({ length: 40 }, (_, i) => (i * 997) % body.length));
      for (const at of cuts) {
        expect(await inflated(cutAt(body, at), coding)).toBe(rows);
      }
    }
  });

  it("refuses damaged, cut short and trailing data, saying which", async () => {
    const body = await compress(rows, "gzip");
    const damaged = body.slice();
    damaged[20] ^= 0xff;
    const cases: [Uint8Array, string][] = [
      [damaged, "the gzip body is damaged: its bytes are not gzip data"],
      [
        new TextEncoder().encode(rows),
        "the gzip body is damaged: its bytes are not gzip data",
      ],
      [body.slice(0, -4), "the gzip body ends before its compressed data does"],
      [
        new Uint8Array([...body, ...body]),
        "the gzip body goes on after the end of its compressed data",
      ],
    ];
    for (const [bytes, message] of cases) {
      expect(await inflated([bytes], "gzip")).toBe(
        `MalformedBodyError: ${message}`,
      );
    }
    expect(await inflated([body], "deflate")).toBe(
      "MalformedBodyError: the deflate body is damaged: its bytes are not deflate data",
    );
  });

  it("inflates no more than a slice ahead of its reader", async () => {
    // 64 MiB of zeros: about 64 KB of gzip, 1028 to 1.
    const bomb = await compress(new Uint8Array(64 << 20), "gzip");
    const wanted = 8 << 20;
    for (const chunks of [cutAt(bomb, range(1024, bomb.length)), [bomb]]) {
      const { stream, counts } = source(chunks);
      let read = 0;
      let largest = 0;
      for await (const chunk of inflate(stream, "gzip")) {
        read += chunk.byteLength;
        largest = Math.max(largest, chunk.byteLength);
        if (read > wanted) break;
      }
      // One read takes what one slice of 1 KiB gave: at most 1032 KiB.
      expect(largest).toBeLessThanOrEqual(1032 * 1025 + 258);
      expect(read).toBeLessThanOrEqual(wanted + largest);
      expect(counts.cancelled).toBe(true);
      if (chunks.length > 1) {
        // Pulled in 1 KiB chunks: what 8 MiB needs (8 KiB at 1028 to 1)
        // and the slice being read, no more.
        expect(counts.pulled).toBeLessThanOrEqual(wanted / 1028 + 2048);
      }
    }
  });
});

/** start, 2·start, ... below end. */
function range(step: number, end: number): number[] {
  return Array.from(
    { length: Math.floor((end - 1) / step) },
    (_, i) => (i + 1) * step,
  );
}
