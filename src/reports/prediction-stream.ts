/**
 * A prediction answered as lines, CSV or NDJSON, made a block of rows at a
 * time as the client reads: each block is predicted (the engine's
 * `predictInto` on a view of its rows), written and encoded only when the
 * stream asks for more, so neither all the probabilities nor the whole text
 * is ever held, whatever the number of rows (unless the caller made the
 * probabilities already: a prediction job measures its labelled rows as it
 * predicts them, and the stream then only writes them).
 *
 * The numbers are the JSON answer's (prediction.ts), written as JSON writes
 * them: `String(n)` is JSON's form of a finite number, and every number here
 * is finite (float32 inputs and weights, products in float64).
 */
import type { ClassValue } from "../engine/class-values";
import type { FeatureRows } from "../engine/dataset";
import { predictInto, type Prediction } from "../engine/linear-model";
import type { LinearWeights } from "../engine/weights";
import { explanation, type Explanation } from "./prediction";

/** The streamed forms of a prediction. */
export type StreamFormat = "csv" | "ndjson";

/** About how many numbers one block of rows writes. */
const BLOCK_VALUES = 32_768;

/**
 * The CSV header of a prediction by a model of `outputs` outputs over
 * `features` features: `probability,label` for two classes,
 * `probability_0,…,probability_{K−1},label` for K; with `explain`,
 * `bias,contribution_0,…,contribution_{d−1},logit` after them (the logit of
 * the `label` class, with many classes), each contribution named
 * `contribution_<name>` when the model has `names`.
 */
export function predictionCsvHeader(
  outputs: number,
  features: number,
  explain: boolean,
  names?: readonly string[],
): string {
  const columns =
    outputs === 1
      ? ["probability"]
      : Array.from({ length: outputs }, (_, k) => `probability_${k}`);
  columns.push("label");
  if (explain) {
    columns.push("bias");
    for (let j = 0; j < features; j++) {
      columns.push(csvField(`contribution_${names?.[j] ?? j}`));
    }
    columns.push("logit");
  }
  return columns.join(",");
}

/**
 * The answer of a model of `weights` for `rows` as a stream of UTF-8 lines,
 * one chunk a block of rows: for `csv` the header, then one line a row; for
 * `ndjson` one JSON object a row, `{probability, label}` for two classes or
 * `{probabilities: [K], label}` for K, with `explanation` (one entry of the
 * JSON answer's `explanations`, and the model's `features` names in it when
 * it has `names`: a line stands alone) when `explain`. Labels are at
 * `threshold` for two classes. With `predicted` (all the rows' prediction,
 * as `predictInto` makes it at `threshold`: a caller that measured them as
 * it predicted them), the stream writes it and predicts nothing.
 */
export function predictionStream(
  weights: LinearWeights,
  classes: readonly ClassValue[],
  rows: FeatureRows,
  threshold: number | undefined,
  explain: boolean,
  format: StreamFormat,
  names?: readonly string[],
  predicted?: Prediction,
): ReadableStream<Uint8Array> {
  const { values, cols } = rows;
  const outputs = weights.b.length;
  const perRow = outputs + 1 + (explain ? cols + 3 : 0);
  const blockRows = Math.max(1, Math.floor(BLOCK_VALUES / perRow));
  const scratch = predicted === undefined ? blockRows : 0;
  const probabilities = new Float32Array(scratch * outputs);
  const labels = new Uint32Array(scratch);
  const encoder = new TextEncoder();
  const line = format === "csv" ? csvLine : ndjsonLine;
  let start = 0;
  let text =
    format === "csv"
      ? predictionCsvHeader(outputs, cols, explain, names) + "\n"
      : "";
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const end = Math.min(rows.rows, start + blockRows);
      const n = end - start;
      const block =
        predicted === undefined
          ? predictInto(
              {
                probabilities: probabilities.subarray(0, n * outputs),
                labels: labels.subarray(0, n),
              },
              weights,
              values.subarray(start * cols, end * cols),
              n,
              cols,
              threshold,
            )
          : {
              probabilities: predicted.probabilities.subarray(
                start * outputs,
                end * outputs,
              ),
              labels: predicted.labels.subarray(start, end),
            };
      for (let i = 0; i < n; i++) {
        const label = block.labels[i];
        const h = block.probabilities.subarray(i * outputs, (i + 1) * outputs);
        const why = explain
          ? named(explanation(weights, rows, start + i, label, classes), names)
          : null;
        text += line(h, classes[label], why) + "\n";
      }
      controller.enqueue(encoder.encode(text));
      text = "";
      start = end;
      if (start === rows.rows) controller.close();
    },
  });
}

/** One row as CSV: its probabilities, label and explanation's numbers. */
function csvLine(
  h: Float32Array,
  label: ClassValue,
  why: Explanation | null,
): string {
  let line = String(h[0]);
  for (let k = 1; k < h.length; k++) line += "," + String(h[k]);
  line += "," + csvField(String(label));
  if (why === null) return line;
  line += "," + String(why.bias);
  for (const part of why.contributions) line += "," + String(part);
  return line + "," + String(why.logit);
}

/** `why` with the features' `names` before its numbers, when there are names. */
function named(
  why: Explanation,
  names: readonly string[] | undefined,
): Explanation {
  if (names === undefined) return why;
  const { class: label, ...parts } = why;
  return {
    ...(label !== undefined && { class: label }),
    features: names,
    ...parts,
  };
}

/** One row as a JSON object: the JSON answer's entries for it. */
function ndjsonLine(
  h: Float32Array,
  label: ClassValue,
  why: Explanation | null,
): string {
  const entry =
    h.length === 1
      ? { probability: h[0], label }
      : { probabilities: Array.from(h), label };
  return JSON.stringify(why === null ? entry : { ...entry, explanation: why });
}

/** `text` as one CSV field: quoted (RFC 4180) when it holds a comma, a quote or a line end. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
