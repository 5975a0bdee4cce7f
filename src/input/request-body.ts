/**
 * Reads request bodies into datasets: the one entry point from HTTP to input.
 *
 * JSON (`application/json`, or any `+json` type) and CSV (`text/csv`) are
 * accepted; anything else is a 415 that says which types to send.
 */
import type { Dataset } from "../engine/dataset";
import {
  DatasetError,
  MalformedBodyError,
  OptionError,
  UnsupportedMediaTypeError,
} from "../errors";
import { parseCsv } from "./csv";
import { readLabels, readRows, type JsonMatrix } from "./json-data";
import { checkShape, checkWork, type Limits } from "./limits";
import { describe, float32Problem, isDecimal, quote } from "./numbers";
import { readTrainingOptions, type TrainingOptions } from "./train-options";

/** A validated training request. */
export interface TrainingRequest {
  readonly dataset: Dataset;
  readonly options: TrainingOptions;
}

type BodyKind = "json" | "csv";

/**
 * Reads a training body: JSON `{x, y, ...options}` with options in the body,
 * or CSV rows with the label last and options in `query`.
 */
export async function readTrainingRequest(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
): Promise<TrainingRequest> {
  const kind = bodyKind(request);
  if (kind === "csv") {
    const options = readTrainingOptions(query, true);
    const m = parseCsv(await request.text(), true);
    const cols = m.fields - 1;
    const x = new Float32Array(m.rows * cols);
    const y = new Float32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      x.set(m.values.subarray(i * m.fields, i * m.fields + cols), i * cols);
      y[i] = m.values[i * m.fields + cols];
    }
    return checked({ dataset: { x, y, rows: m.rows, cols }, options }, limits);
  }
  const queryNames = Object.keys(query);
  if (queryNames.length > 0) {
    throw new OptionError(
      `unexpected query parameter ${describe(queryNames[0])}: with a JSON body, options go in the body`,
    );
  }
  const { x, y, ...rawOptions } = await readJsonObject(request);
  const options = readTrainingOptions(rawOptions, false);
  if (x === undefined)
    throw new DatasetError("the body has no x (rows of features)");
  if (y === undefined) throw new DatasetError("the body has no y (labels)");
  const m = readRows(x);
  const labels = readLabels(y, m.rows);
  return checked(
    {
      dataset: { x: m.values, y: labels, rows: m.rows, cols: m.cols },
      options,
    },
    limits,
  );
}

/** Checks what only the data and the options together can tell. */
function checked(request: TrainingRequest, limits: Limits): TrainingRequest {
  const { init, epochs } = request.options;
  const { rows, cols } = request.dataset;
  checkShape(limits, rows, cols);
  checkWork(limits, rows, cols, epochs);
  if (typeof init === "object" && "w" in init && init.w.length !== cols) {
    throw new OptionError(
      `init.w has ${init.w.length} values, the data has ${cols} features`,
    );
  }
  return request;
}

/** Reads rows to predict: JSON `{x: [[...], ...]}` or CSV without labels. */
export async function readPredictionRows(
  request: Request,
  limits: Limits,
): Promise<JsonMatrix> {
  const rows = await readRowsOf(request);
  checkShape(limits, rows.rows, rows.cols);
  return rows;
}

async function readRowsOf(request: Request): Promise<JsonMatrix> {
  if (bodyKind(request) === "csv") {
    const m = parseCsv(await request.text(), false);
    return { values: m.values, rows: m.rows, cols: m.fields };
  }
  const { x, ...rest } = await readJsonObject(request);
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new OptionError(
      `unknown field ${describe(extra[0])}: send {"x": [[...], ...]}`,
    );
  }
  if (x === undefined)
    throw new DatasetError("the body has no x (rows of features)");
  return readRows(x);
}

function bodyKind(request: Request): BodyKind {
  const type = (request.headers.get("content-type") ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv") return "csv";
  throw new UnsupportedMediaTypeError(
    `content type ${type === "" ? "missing" : describe(type)}: send application/json or text/csv`,
  );
}

async function readJsonObject(
  request: Request,
): Promise<Record<string, unknown>> {
  const text = await request.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MalformedBodyError(
      `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedBodyError("the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Reads one row given in a query string as `x=1,2,3`. */
export function readQueryRow(x: string | undefined): JsonMatrix {
  if (x === undefined || x.trim() === "") {
    throw new DatasetError("give the row to predict as ?x=1,2,...");
  }
  const fields = x.split(",");
  const values = new Float32Array(fields.length);
  fields.forEach((field, j) => {
    const text = field.trim();
    if (!isDecimal(text)) {
      throw new DatasetError(
        `x field ${j + 1} is not a number: ${quote(text)}`,
      );
    }
    const problem = float32Problem(Number(text));
    if (problem)
      throw new DatasetError(`x field ${j + 1} ${problem}: ${quote(text)}`);
    values[j] = Number(text);
  });
  return { values, rows: 1, cols: fields.length };
}
