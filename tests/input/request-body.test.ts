/**
 * Request bodies streamed in byte chunks: a chunk may end anywhere, inside a
 * number, a CRLF, a quote or a UTF-8 character, and the dataset read must be
 * the same; bytes that are not UTF-8 are refused, named by line and field.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/input/limits";
import { readPredictionRows } from "../../src/input/request-body";
import { readTrainingRequest } from "../../src/input/training-request";
import { cutAt, streamedRequest } from "./chunks";

const encoder = new TextEncoder();

/** The training read from `bytes` cut at `cuts`, as plain values. */
async function train(bytes: Uint8Array, type: string, cuts: number[] = []) {
  try {
    const request = streamedRequest(cutAt(bytes, cuts), type);
    const { dataset, options } = await readTrainingRequest(
      request,
      {},
      DEFAULT_LIMITS,
    );
    const { x, y, rows, cols } = dataset;
    return { x: Array.from(x), y: Array.from(y), rows, cols, options };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return `${error.constructor.name}: ${error.message}`;
  }
}

const CSV = encoder.encode(
  '\uFEFFtaille (m),"poids €",😀,y\r\n1.5,-2e3,"3",1\r\n0.25, 4 ,5,0\r\n',
);
const JSON_BODY = encoder.encode(
  '\uFEFF{"x": [[1.5, -2e3, 3], [0.25, 4, 5]], "y": [[1], [0]], "epochs": 7}',
);

describe("streamed bodies", () => {
  it("read the same cut at every byte", async () => {
    const csv = await train(CSV, "text/csv");
    const json = await train(JSON_BODY, "application/json");
    expect(csv).toEqual({
      x: [1.5, -2000, 3, 0.25, 4, 5],
      y: [1, 0],
      rows: 2,
      cols: 3,
      options: expect.objectContaining({ epochs: 100 }),
    });
    expect(json).toMatchObject({ ...(csv as object), options: { epochs: 7 } });
    for (let at = 0; at <= CSV.length; at++) {
      expect(await train(CSV, "text/csv", [at])).toEqual(csv);
    }
    for (let at = 0; at <= JSON_BODY.length; at++) {
      expect(await train(JSON_BODY, "application/json", [at])).toEqual(json);
    }
    const everyByte = Array.from(JSON_BODY, (_, i) => i);
    expect(await train(JSON_BODY, "application/json", everyByte)).toEqual(json);
    // Characters of 2, 3 and 4 bytes, cut anywhere, quoted back whole.
    const words = encoder.encode('{"x": [[1, "é € 😀"]], "y": [0]}');
    for (let at = 0; at <= words.length; at++) {
      expect(await train(words, "application/json", [at])).toBe(
        'DatasetError: x[0][1] is "é € 😀", expected a number',
      );
    }
  });

  it("read the same in random chunks", async () => {
    const body = fc
      .record({
        rows: fc.array(
          fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), {
            minLength: 3,
            maxLength: 3,
          }),
          { minLength: 1, maxLength: 20 },
        ),
        labels: fc.array(fc.constantFrom(0, 1), { minLength: 20 }),
      })
      .map(({ rows, labels }) => ({
        csv: rows.map((r, i) => `${r.join(",")},${labels[i]}\n`).join(""),
        json: JSON.stringify({ x: rows, y: labels.slice(0, rows.length) }),
      }));
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat()), async (b, cuts) => {
        for (const [text, type] of [
          [b.csv, "text/csv"],
          [b.json, "application/json"],
        ]) {
          const bytes = encoder.encode(text);
          const at = cuts.map((c) => c % (bytes.length + 1));
          expect(await train(bytes, type, at)).toEqual(
            await train(bytes, type),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("read rows to predict the same in chunks", async () => {
    const read = async (text: string, type: string, cuts: number[]) => {
      const bytes = encoder.encode(text);
      const request = streamedRequest(cutAt(bytes, cuts), type);
      const body = await readPredictionRows(request, DEFAULT_LIMITS);
      if (!("rows" in body)) throw new Error("expected positional rows");
      const m = body.rows;
      return { values: Array.from(m.values), rows: m.rows, cols: m.cols };
    };
    const rows = { values: [1, 2, 3, 4.5], rows: 2, cols: 2 };
    expect(await read("a,b\r\n1,2\r\n3,4.5", "text/csv", [4, 5, 11])).toEqual(
      rows,
    );
    expect(
      await read('{"x": [[1, 2], [3, 4.5]]}', "application/json", [9, 20]),
    ).toEqual(rows);
  });

  it("refuses bytes that are not UTF-8 at their line and field, wherever the chunks end", async () => {
    const bad = [
      [0xff],
      [0xc0, 0xaf], // an overlong "/"
      [0xed, 0xa0, 0x80], // a surrogate
      [0xe2, 0x82, 0x41], // a character cut short by an "A"
      [0xef, 0xbf, 0xbd], // U+FFFD itself: refused too (body-text.ts)
    ];
    const cases = [
      ["a,b,y\n1,2,0\r\n1,2,", ",0\n", "text/csv", "line 3 field 3"],
      ["# notes\n# more: ", "\n1,0\n", "text/csv", "line 2 (a comment)"],
      ['a,"b', '",y\n1,2,0\n', "text/csv", "line 1 field 2"],
      [
        '{"x": [[1]],\n "y": [0],\n "note": "',
        '"}',
        "application/json",
        "line 3 column 11",
      ],
    ];
    for (const bytes of bad) {
      for (const [before, after, type, where] of cases) {
        const body = new Uint8Array([
          ...encoder.encode(before),
          ...bytes,
          ...encoder.encode(after),
        ]);
        for (let at = 0; at <= body.length; at++) {
          expect(await train(body, type, [at])).toBe(
            `MalformedBodyError: ${where} has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)`,
          );
        }
      }
    }
    const cutShort = new Uint8Array([...encoder.encode("1,0\n"), 0xe2, 0x82]);
    expect(await train(cutShort, "text/csv", [5])).toBe(
      "MalformedBodyError: line 2 field 1 ends the body inside a utf-8 character",
    );
  });

  it("reads an empty body as no data", async () => {
    const empty = new Uint8Array(0);
    expect(await train(empty, "text/csv")).toBe(
      "DatasetError: the CSV has no data rows",
    );
    expect(await train(empty, "application/json")).toMatch(
      /^MalformedBodyError: the body is not valid JSON: /,
    );
  });
});
