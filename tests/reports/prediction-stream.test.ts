/**
 * The streamed prediction a block at a time: one chunk a block of rows, each
 * of bounded size, which together are the whole answer.
 */
import { describe, expect, it } from "vitest";
import { predict } from "../../src/engine/linear-model";
import {
  predictionCsvHeader,
  predictionStream,
} from "../../src/reports/prediction-stream";

/** Every chunk of `stream`, decoded. */
async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of stream) chunks.push(decoder.decode(chunk));
  return chunks;
}

// Three classes over two features; 70,000 rows of 4 numbers each are
// written 8,192 rows (32,768 numbers) a block.
const weights = {
  w: new Float32Array([1, -1, 0.5, 0.25, -2, 1]),
  b: new Float32Array([0, 0.5, -0.5]),
};
const ROWS = 70_000;
const values = Float32Array.from({ length: ROWS * 2 }, (_, i) => (i % 13) / 4);
const rows = { values, rows: ROWS, cols: 2 };

describe("predictionStream", () => {
  it("writes a chunk a block of rows, never the whole answer at once", async () => {
    const chunks = await chunksOf(
      predictionStream(weights, [0, 1, 2], rows, undefined, false, "csv"),
    );
    expect(chunks).toHaveLength(Math.ceil(ROWS / 8192));
    const lines = chunks.join("").split("\n");
    expect(lines[0]).toBe("probability_0,probability_1,probability_2,label");
    expect(lines).toHaveLength(ROWS + 2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(1 << 20);
    // The last row, from the last block, is predict's.
    const { probabilities, labels } = predict(weights, values, ROWS, 2);
    const last = Array.from(probabilities.subarray(-3)).concat(labels.at(-1)!);
    expect(lines[ROWS]).toBe(last.join(","));
  });

  it("makes blocks smaller as rows grow wider", async () => {
    // 4 + 5 numbers a row with explanations: 3,640 rows a block.
    const chunks = await chunksOf(
      predictionStream(weights, [0, 1, 2], rows, undefined, true, "ndjson"),
    );
    expect(chunks).toHaveLength(Math.ceil(ROWS / 3640));
    expect(chunks.join("").split("\n")).toHaveLength(ROWS + 1);
  });

  it("writes labels as the model's class values, quoted in CSV when they need it", async () => {
    const named = ["no", 'say "yes"', "maybe, later"];
    const few = { values: values.subarray(0, 26), rows: 13, cols: 2 };
    const csv = (
      await chunksOf(
        predictionStream(weights, named, few, undefined, false, "csv"),
      )
    ).join("");
    const ndjson = (
      await chunksOf(
        predictionStream(weights, named, few, undefined, false, "ndjson"),
      )
    ).join("");
    const { labels } = predict(weights, few.values, 13, 2);
    const quoted = ["no", '"say ""yes"""', '"maybe, later"'];
    const csvLabels = csv
      .trimEnd()
      .split("\n")
      .slice(1)
      // Three probabilities, then the label, which may hold commas itself.
      .map((line) => line.split(",").slice(3).join(","));
    expect(csvLabels).toEqual(Array.from(labels, (k) => quoted[k]));
    const jsonLabels = ndjson
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { label: string }).label);
    expect(jsonLabels).toEqual(Array.from(labels, (k) => named[k]));
  });

  it("names the CSV's columns", () => {
    expect(predictionCsvHeader(1, 2, false)).toBe("probability,label");
    expect(predictionCsvHeader(1, 2, true)).toBe(
      "probability,label,bias,contribution_0,contribution_1,logit",
    );
    expect(predictionCsvHeader(3, 1, true)).toBe(
      "probability_0,probability_1,probability_2,label,bias,contribution_0,logit",
    );
  });
});
