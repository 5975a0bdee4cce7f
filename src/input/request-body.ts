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
  /**
   * K: `classes` when given, else the largest label + 1, at least 2. Two
   * classes train the lab's sigmoid model, more a softmax regression.
   */
  readonly classes: number;
}

/**
 * The options that only the two-class model takes: the lab's two losses and
 * its decision threshold (a softmax model's cost is the cross-entropy, and it
 * predicts the most likely class).
 */
const TWO_CLASS_OPTIONS = ["loss", "threshold"] as const;

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
  const { dataset, options } = await readLabeled(
    request,
    query,
    limits,
    (raw, fromText) => ({
      given: Object.keys(raw),
      options: readTrainingOptions(raw, fromText),
    }),
  );
  return checked(dataset, options.options, options.given, limits);
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

/**
 * Checks what only the data and the options together can tell: the shape
 * and work limits, the number of classes and the options it allows, the
 * split, explicit starting weights. `given` names the options the request
 * set itself.
 */
function checked(
  dataset: Dataset,
  options: TrainingOptions,
  given: readonly string[],
  limits: Limits,
): TrainingRequest {
  const { init, epochs, validation } = options;
  const { rows, cols } = dataset;
  checkShape(limits, rows, cols);
  const classes = classesOf(dataset, options.classes);
  if (classes > 2) {
    const twoClass = TWO_CLASS_OPTIONS.find((name) => given.includes(name));
    if (twoClass !== undefined) {
      throw new OptionError(
        `${twoClass} applies to two-class models, and classes is ${classes}: ` +
          `a softmax model minimises the cross-entropy and predicts the most likely class`,
      );
    }
  }
  checkWork(limits, rows, cols, epochs, classes > 2 ? classes : 1);
  if (validation) checkSplit(validation, dataset);
  if (typeof init === "object" && "w" in init) {
    checkInitShape(init, classes, cols);
  }
  const weights = options.classWeights;
  if (weights !== undefined && weights !== "balanced") {
    checkClassWeights(weights, classes);
  }
  return { dataset, options, classes };
}

/** A weight for each class 0..classes − 1, and for no other. */
function checkClassWeights(
  weights: Readonly<Record<string, number>>,
  classes: number,
): void {
  const labels = Object.keys(weights).map(Number);
  const beyond = labels.find((label) => label >= classes);
  if (beyond !== undefined) {
    throw new OptionError(
      `classWeights has a weight for class ${beyond}, and classes is ${classes}: give one for each class 0 to ${classes - 1}`,
    );
  }
  for (let k = 0; k < classes; k++) {
    if (!labels.includes(k)) {
      throw new OptionError(
        `classWeights has no weight for class ${k}: give one for each class 0 to ${classes - 1}`,
      );
    }
  }
}

/**
 * K for `dataset`: `given`, which every label must be below, or the largest
 * label + 1, at least 2.
 *
 * @throws OptionError when a label is not below `given`
 */
function classesOf(dataset: Dataset, given: number | undefined): number {
  let top = 0;
  for (let i = 0; i < dataset.rows; i++) {
    if (dataset.y[i] > top) top = dataset.y[i];
  }
  if (given === undefined) return Math.max(2, top + 1);
  if (top >= given) {
    throw new OptionError(
      `classes is ${given}, and a row has label ${top}: labels run from 0 to classes − 1`,
    );
  }
  return given;
}

/** Explicit starting weights must fit the classes and the features. */
function checkInitShape(
  init: { w: number[] | number[][]; b: number | number[] },
  classes: number,
  cols: number,
): void {
  const { w } = init;
  if (classes === 2) {
    if (Array.isArray(w[0])) {
      throw new OptionError(
        `init.w has a row per class, and classes is 2: give one weight per feature (${cols}) and one bias`,
      );
    }
    if (w.length !== cols) {
      throw new OptionError(
        `init.w has ${w.length} values, the data has ${cols} features`,
      );
    }
    return;
  }
  if (!Array.isArray(w[0])) {
    throw new OptionError(
      `init.w has one weight per feature, and classes is ${classes}: give ${classes} rows of ${cols} weights and ${classes} biases`,
    );
  }
  if (w.length !== classes) {
    throw new OptionError(
      `init.w has ${w.length} rows, and classes is ${classes}: give one row per class`,
    );
  }
  if (w[0].length !== cols) {
    throw new OptionError(
      `init.w rows have ${w[0].length} values, the data has ${cols} features`,
    );
  }
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
