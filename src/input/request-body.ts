/**
 * Reads request bodies into datasets: the one entry point from HTTP to input.
 *
 * JSON (`application/json`, or any `+json` type) and CSV (`text/csv`) are
 * accepted; anything else is a 415 that says which types to send. Bodies are
 * streamed through a parser a chunk at a time, straight into typed arrays.
 */
import type { Dataset } from "../engine/dataset";
import {
  DatasetError,
  OptionError,
  UnsupportedMediaTypeError,
} from "../errors";
import { declaredLength, readBodyText } from "./body-text";
import { CsvReader, type CsvTable } from "./csv";
import { JsonBodyReader, type JsonMatrix } from "./json-data";
import { checkShape, checkWork, type Limits } from "./limits";
import { describe, float32Problem, isDecimal, quote } from "./numbers";
import {
  readEvaluationOptions,
  readTrainingOptions,
  type TrainingOptions,
} from "./train-options";
import { checkSplit } from "./validation-option";

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
  return checked(
    await readLabeled(request, query, limits, readTrainingOptions),
    limits,
  );
}

/** A validated evaluation request: labelled rows and a threshold. */
export interface EvaluationRequest {
  readonly dataset: Dataset;
  readonly options: { readonly threshold?: number };
}

/**
 * Reads labelled rows to evaluate a model on, in the forms training takes;
 * the one option is `threshold` (in the JSON body, or the query for CSV).
 */
export async function readEvaluationRequest(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
): Promise<EvaluationRequest> {
  const read = await readLabeled(request, query, limits, readEvaluationOptions);
  checkShape(limits, read.dataset.rows, read.dataset.cols);
  return read;
}

/** Labelled rows and options read by `readOptions` from the body or query. */
async function readLabeled<T>(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  readOptions: (raw: Record<string, unknown>, fromText: boolean) => T,
): Promise<{ dataset: Dataset; options: T }> {
  const kind = bodyKind(request);
  if (kind === "csv") {
    const options = readOptions(query, true);
    const { x, y, rows, cols } = await readCsv(request, true, limits);
    return { dataset: { x, y, rows, cols }, options };
  }
  const queryNames = Object.keys(query);
  if (queryNames.length > 0) {
    throw new OptionError(
      `unexpected query parameter ${describe(queryNames[0])}: with a JSON body, options go in the body`,
    );
  }
  const body = await readJson(request, true, limits);
  const options = readOptions(body.others(), false);
  return { dataset: body.dataset(), options };
}

/** Checks what only the data and the options together can tell. */
function checked(request: TrainingRequest, limits: Limits): TrainingRequest {
  const { init, epochs, validation } = request.options;
  const { rows, cols } = request.dataset;
  checkShape(limits, rows, cols);
  checkWork(limits, rows, cols, epochs);
  if (validation) checkSplit(validation, request.dataset);
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
  const rows = await readRowsOf(request, limits);
  checkShape(limits, rows.rows, rows.cols);
  return rows;
}

async function readRowsOf(
  request: Request,
  limits: Limits,
): Promise<JsonMatrix> {
  if (bodyKind(request) === "csv") {
    const { x, rows, cols } = await readCsv(request, false, limits);
    return { values: x, rows, cols };
  }
  const body = await readJson(request, false, limits);
  const extra = Object.keys(body.others());
  if (extra.length > 0) {
    throw new OptionError(
      `unknown field ${describe(extra[0])}: send {"x": [[...], ...]}`,
    );
  }
  return body.rows();
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

async function readCsv(
  request: Request,
  labels: boolean,
  limits: Limits,
): Promise<CsvTable> {
  const csv = new CsvReader(labels, sizeHint(request, limits));
  await readBodyText(request, csv);
  return csv.finish();
}

async function readJson(
  request: Request,
  labels: boolean,
  limits: Limits,
): Promise<JsonBodyReader> {
  const body = new JsonBodyReader(labels, sizeHint(request, limits));
  await readBodyText(request, body);
  body.end();
  return body;
}

/** The body's declared length, to size arrays once; never trusted. */
function sizeHint(request: Request, limits: Limits): number {
  return declaredLength(request, limits.maxBodyBytes);
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
