/**
 * Reads request bodies into datasets: the one entry point from HTTP to input.
 *
 * JSON (`application/json`, or any `+json` type) and CSV (`text/csv`) are
 * accepted; anything else is a 415 that says which types to send, as is a
 * charset or a content coding the service cannot decode (body-encoding.ts).
 * Bodies are streamed through a parser a chunk at a time, straight into
 * typed arrays.
 */
import type { TrainingWarning } from "../engine/warnings";
import {
  DatasetError,
  MalformedBodyError,
  OptionError,
  UnsupportedMediaTypeError,
} from "../errors";
import { readBodyEncoding, type BodyEncoding } from "./body-encoding";
import { declaredLength, readBodyText, type TextSink } from "./body-text";
import type { LabeledRows } from "./class-coder";
import { CsvReader, type CsvTable } from "./csv";
import {
  readCsvDialect,
  refuseCsvDialect,
  type CsvDialect,
} from "./csv-dialect";
import { JsonBodyReader, type JsonMatrix } from "./json-data";
import type { GivenNames } from "./feature-names";
import { checkShape, type Limits } from "./limits";
import { describe, float32Problem, isDecimal, quote } from "./numbers";

/** The two forms a body comes in. */
export type BodyKind = "json" | "csv";

/** What the headers say a body is, read before anything else. */
export interface BodyFormat {
  readonly kind: BodyKind;
  readonly encoding: BodyEncoding;
}

/** What reading a CSV decided that its text left open (csv-first-row.ts). */
export type InputWarnings = readonly TrainingWarning[];

/** Labelled rows as a body gives them, with their options. */
export interface LabeledBody<T> {
  readonly dataset: LabeledRows;
  readonly options: T;
  /** What the body calls its features, unchecked (feature-names.ts checks). */
  readonly names: GivenNames | null;
  /** What reading its CSV decided (`header=auto`), for the model to say. */
  readonly warnings: InputWarnings;
}

/**
 * Labelled rows, and options read by `readOptions` from the JSON body or,
 * for CSV, from `query`, whose CSV dialect options (csv-dialect.ts) are
 * read apart; and the warnings reading the CSV gave.
 */
export async function readLabeled<T>(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  readOptions: (raw: Record<string, unknown>, fromText: boolean) => T,
): Promise<LabeledBody<T>> {
  const format = bodyFormat(request);
  if (format.kind === "csv") {
    const { dialect, rest } = readCsvDialect(query);
    const options = readOptions(rest, true);
    const table = await readCsv(request, format, true, limits, dialect);
    const { x, y, labelValues, rows, cols, header, warnings } = table;
    const names = headerNames(header, cols);
    return {
      dataset: { x, y, labelValues, rows, cols },
      options,
      names,
      warnings,
    };
  }
  const queryNames = Object.keys(query);
  if (queryNames.length > 0) {
    throw new OptionError(
      `unexpected query parameter ${describe(queryNames[0])}: with a JSON body, options go in the body`,
    );
  }
  const body = await readJson(request, format, true, limits);
  const { columns, ...others } = body.others();
  const options = readOptions(others, false);
  const dataset = body.dataset();
  return { dataset, options, names: columnsGiven(columns), warnings: [] };
}

/** JSON `columns`, when the body has them. */
function columnsGiven(columns: unknown): GivenNames | null {
  return columns === undefined
    ? null
    : { source: "columns", raw: columns, where: "columns" };
}

/**
 * The feature names of a CSV header: its first `cols` fields (a label's
 * comes last), trimmed; null without a header.
 */
function headerNames(header: string[] | null, cols: number): GivenNames | null {
  if (header === null) return null;
  const raw = header.slice(0, cols).map((name) => name.trim());
  return { source: "header", raw, where: "the header" };
}

/**
 * Rows to predict as a body gives them: positional rows (JSON `x`, CSV)
 * with the names of their columns when it gives them, or, for a JSON body
 * without `x`, its members, for named-rows.ts to read by their form.
 */
export type PredictionBody = (
  | {
      readonly rows: JsonMatrix;
      readonly names: GivenNames | null;
    }
  | { readonly members: Record<string, unknown> }
) & {
  /** What reading its CSV decided (`header=auto`), for the answer to say. */
  readonly warnings: InputWarnings;
};

/**
 * Reads rows to predict: CSV without labels, JSON `{x: [[...], ...]}` (with
 * `columns` beside it, perhaps), or another JSON object whose members give
 * the rows in a named form. A CSV is read in the dialect `query` gives
 * (csv-dialect.ts); a JSON body takes no dialect option.
 */
export async function readPredictionRows(
  request: Request,
  limits: Limits,
  query: Record<string, string> = {},
): Promise<PredictionBody> {
  const format = bodyFormat(request);
  if (format.kind === "csv") {
    const { dialect } = readCsvDialect(query);
    const table = await readCsv(request, format, false, limits, dialect);
    const { x, rows, cols, header, warnings } = table;
    checkShape(limits, rows, cols);
    return {
      rows: { values: x, rows, cols },
      names: headerNames(header, cols),
      warnings,
    };
  }
  refuseCsvDialect(query);
  const body = await readJson(request, format, false, limits);
  const { columns, ...others } = body.others();
  if (!body.hasRows) return { members: body.others(), warnings: [] };
  const extra = Object.keys(others);
  if (extra.length > 0) {
    throw new OptionError(
      `unknown field ${describe(extra[0])}: send {"x": [[...], ...]}`,
    );
  }
  const rows = body.rows();
  checkShape(limits, rows.rows, rows.cols);
  return { rows, names: columnsGiven(columns), warnings: [] };
}

/**
 * Reads a JSON body into `sink` a chunk of text at a time, in any coding
 * and charset the other bodies may come in, held to the same byte limit.
 * A 415's message ends with what to `send`.
 *
 * @throws UnsupportedMediaTypeError for a body that is not JSON
 * @throws the errors of `readBodyText`, and those `sink` throws
 */
export async function readJsonBody(
  request: Request,
  limits: Limits,
  sink: TextSink,
  send = JSON_ONLY,
): Promise<void> {
  const format = bodyFormat(request, send);
  if (format.kind !== "json") {
    throw new UnsupportedMediaTypeError(`content type text/csv: ${send}`);
  }
  await readBodyText(request, format.encoding, limits.maxBodyBytes, sink);
}

const JSON_ONLY = "send application/json";

/**
 * A small JSON body (an alias's `{"version": n}`, a threshold's
 * `{"threshold": t}`) read whole and parsed; `shape` says what to send, in
 * the 415 and in the 400.
 *
 * @throws UnsupportedMediaTypeError for a body that is not JSON
 * @throws MalformedBodyError for one that does not parse
 * @throws the errors of `readBodyText`
 */
export async function readJsonValue(
  request: Request,
  limits: Limits,
  shape: string,
): Promise<unknown> {
  let text = "";
  const sink = {
    push: (chunk: string) => void (text += chunk),
    where: () => `character ${text.length + 1}`,
  };
  await readJsonBody(request, limits, sink, `send application/json ${shape}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError(`the body is not JSON: send ${shape}`);
  }
}

/**
 * The body's kind, then its coding and charset: each a 415 when unknown,
 * whose message says what to `send`.
 */
function bodyFormat(
  request: Request,
  send = "send application/json or text/csv",
): BodyFormat {
  const kind = bodyKind(request, send);
  return { kind, encoding: readBodyEncoding(request) };
}

function bodyKind(request: Request, send: string): BodyKind {
  const type = (request.headers.get("content-type") ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv") return "csv";
  throw new UnsupportedMediaTypeError(
    `content type ${type === "" ? "missing" : describe(type)}: ${send}`,
  );
}

async function readCsv(
  request: Request,
  format: BodyFormat,
  labels: boolean,
  limits: Limits,
  dialect: CsvDialect,
): Promise<CsvTable> {
  const csv = new CsvReader(
    labels,
    sizeHint(request, format, limits),
    limits.maxCols,
    dialect,
  );
  await readBodyText(request, format.encoding, limits.maxBodyBytes, csv);
  return csv.finish();
}

async function readJson(
  request: Request,
  format: BodyFormat,
  labels: boolean,
  limits: Limits,
): Promise<JsonBodyReader> {
  const hint = sizeHint(request, format, limits);
  const body = new JsonBodyReader(labels, hint);
  await readBodyText(request, format.encoding, limits.maxBodyBytes, body);
  body.end();
  return body;
}

/**
 * The body's declared length, to size arrays once; never trusted, and none
 * for a compressed body, whose length says little of its text's.
 */
function sizeHint(request: Request, format: BodyFormat, limits: Limits) {
  if (format.encoding.coding !== null) return 0;
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
