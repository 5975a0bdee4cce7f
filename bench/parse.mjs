#!/usr/bin/env node
// Parse vs train: how long reading a ~12 MB training body takes next to
// training on it. Writes 100,000 rows × 16 features ("-0.1234", label last)
// of the bench's seeded synthetic data as CSV and as the equivalent JSON
// body, then times, as the median of RUNS runs after two warm-up runs:
//   - the parser alone, fed the text already decoded in 64 KiB chunks
//     (CsvReader, JsonBodyReader);
//   - readTrainingRequest on a Request whose body streams 64 KiB byte chunks
//     (UTF-8 decoding and Node's streams included);
//   - trainLinear for 100 epochs from zeros (lr 1, logEvery 10, bce).
// Usage: node_modules/.bin/node bench/parse.mjs   (ROWS=..., RUNS=... to change)
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./wasm-modules.mjs";
import { median, synthetic } from "./workloads.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROWS = Number(process.env.ROWS ?? 100_000);
const COLS = 16;
const RUNS = Number(process.env.RUNS ?? 7);
const CHUNK = 64 * 1024;

const bundle = join(root, "bench", "out", "parse-bundle.mjs");
await bundleForNode(
  {
    root,
    exports: [
      'export { CsvReader } from "./src/input/csv";',
      'export { JsonBodyReader } from "./src/input/json-data";',
      'export { readTrainingRequest } from "./src/input/training-request";',
      'export { trainLinear } from "./src/engine/train";',
    ],
  },
  bundle,
);
const { CsvReader, JsonBodyReader, readTrainingRequest, trainLinear } =
  await import(pathToFileURL(bundle).href);

// The bench's seeded synthetic data (features in [-1, 1), labels from a hidden
// logistic model), written with 4 decimals as an export would write them.
const data = synthetic(ROWS, COLS, 7);
const csvLines = [];
const jsonRows = [];
for (let i = 0; i < ROWS; i++) {
  const row = data.x.subarray(i * COLS, (i + 1) * COLS);
  const fields = Array.from(row, (v) => v.toFixed(4));
  csvLines.push(`${fields.join(",")},${data.y[i]}\n`);
  jsonRows.push(`[${fields.join(",")}]`);
}
const csv = csvLines.join("");
const json = `{"x":[${jsonRows.join(",")}],"y":[${Array.from(data.y).join(",")}]}`;

const limits = {
  maxBodyBytes: 1 << 30,
  maxRows: 10_000_000,
  maxCols: 1000,
  maxWork: 1e15,
};

/** Median ms of `fn` over RUNS runs, after two warm-up runs. */
async function time(fn) {
  for (let k = 0; k < 2; k++) await fn();
  const times = [];
  for (let k = 0; k < RUNS; k++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The text as TextDecoder hands it to the parser: flat 64 KiB chunks. */
function decodedChunks(text) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const chunks = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    chunks.push(decoder.decode(bytes.subarray(i, i + CHUNK), { stream: true }));
  }
  return chunks;
}

/** A PUT whose body streams `bytes` in 64 KiB chunks, with its length. */
function streamedRequest(bytes, type) {
  let at = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + CHUNK));
      at += CHUNK;
    },
  });
  return new Request("http://bench/v1/models/b", {
    method: "PUT",
    body,
    duplex: "half",
    headers: { "content-type": type, "content-length": String(bytes.length) },
  });
}

const bytes = {
  csv: new TextEncoder().encode(csv),
  json: new TextEncoder().encode(json),
};
const csvChunks = decodedChunks(csv);
const jsonChunks = decodedChunks(json);
let dataset;
const csvParse = await time(() => {
  const reader = new CsvReader(true, bytes.csv.length);
  for (const chunk of csvChunks) reader.push(chunk);
  const t = reader.finish();
  dataset = { x: t.x, y: t.y, rows: t.rows, cols: t.cols };
});
const csvRequest = await time(() =>
  readTrainingRequest(streamedRequest(bytes.csv, "text/csv"), {}, limits),
);
const jsonParse = await time(() => {
  const reader = new JsonBodyReader(true, bytes.json.length);
  for (const chunk of jsonChunks) reader.push(chunk);
  reader.end();
  reader.others();
  reader.dataset();
});
const jsonRequest = await time(() =>
  readTrainingRequest(
    streamedRequest(bytes.json, "application/json"),
    {},
    limits,
  ),
);
const options = { epochs: 100, lr: 1, logEvery: 10, loss: "bce" };
const train = await time(() =>
  trainLinear(dataset, {
    ...options,
    initial: { w: new Float32Array(COLS), b: new Float32Array(1) },
  }),
);

const ms = (t) => `${t.toFixed(1).padStart(8)} ms`;
const ratio = (t) =>
  `${((100 * t) / train).toFixed(1).padStart(5)}% of training`;
console.log(
  `${ROWS} rows × ${COLS} features; CSV ${(bytes.csv.length / 1e6).toFixed(1)} MB, JSON ${(bytes.json.length / 1e6).toFixed(1)} MB; median of ${RUNS} runs, Node ${process.version}`,
);
console.log(
  `CSV parse (64 KiB text chunks)     ${ms(csvParse)}  ${ratio(csvParse)}`,
);
console.log(
  `CSV readTrainingRequest (stream)   ${ms(csvRequest)}  ${ratio(csvRequest)}`,
);
console.log(
  `JSON parse (64 KiB text chunks)    ${ms(jsonParse)}  ${ratio(jsonParse)}`,
);
console.log(
  `JSON readTrainingRequest (stream)  ${ms(jsonRequest)}  ${ratio(jsonRequest)}`,
);
console.log(`train 100 epochs (bce, lr 1, zeros) ${ms(train)}`);
