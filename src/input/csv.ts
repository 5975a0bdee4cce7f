/**
 * CSV text -> a dense float32 matrix, read in one pass over the characters.
 *
 * Accepts what a numeric CSV export looks like in practice: an optional header
 * row (a first row in which no field is a number), CRLF or LF line ends, a
 * UTF-8 BOM, blank lines, spaces around fields and RFC 4180 quoted fields.
 * Numbers go straight into a growing Float32Array; no array per row is built.
 */
import { DatasetError, MalformedBodyError } from "../errors";
import { float32Problem, isDecimal, quote } from "./numbers";

/** A parsed numeric CSV: `rows` × `fields` values, row-major. */
export interface CsvMatrix {
  readonly values: Float32Array;
  readonly rows: number;
  readonly fields: number;
  /** The header's field names, or null when the first row held numbers. */
  readonly header: string[] | null;
}

/**
 * Parses numeric CSV text. With `labels`, the last field of each row is a
 * label and must be 0 or 1, after at least one feature. Errors name the line
 * (1-based, counting every line of the text) and the field (1-based).
 *
 * @throws DatasetError for ragged rows, non-numeric or non-float32 values, no rows
 * @throws MalformedBodyError for an unterminated quoted field
 */
export function parseCsv(text: string, labels: boolean): CsvMatrix {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let values = new Float32Array(1024);
  let count = 0;
  let rows = 0;
  let fields = -1;
  let header: string[] | null = null;
  let line = 0;
  let pos = start;
  const row: string[] = [];

  while (pos < text.length) {
    line++;
    pos = readLine(text, pos, line, row);
    if (row.length === 1 && row[0] === "") continue; // blank line
    if (fields === -1) {
      fields = row.length;
      if (labels && fields < 2) {
        throw new DatasetError(
          `line ${line} has ${fields} field: rows need at least one feature before the label`,
        );
      }
      const numeric = row.filter(isDecimal).length;
      if (numeric === 0) {
        header = row.slice();
        continue;
      }
      if (numeric < row.length) {
        const word = row.find((f) => !isDecimal(f)) ?? "";
        throw new DatasetError(
          `line ${line} mixes numbers and text (field ${row.indexOf(word) + 1} is ${quote(word)}): a header row must have no numbers`,
        );
      }
    }
    if (row.length !== fields) {
      throw new DatasetError(
        `line ${line} has ${row.length} fields, expected ${fields}`,
      );
    }
    if (count + fields > values.length) {
      const grown = new Float32Array(
        Math.max(values.length * 2, count + fields),
      );
      grown.set(values);
      values = grown;
    }
    for (let f = 0; f < fields; f++) {
      const field = row[f];
      if (!isDecimal(field)) {
        throw new DatasetError(
          field === ""
            ? `line ${line} field ${f + 1} is empty`
            : `line ${line} field ${f + 1} is not a number: ${quote(field)}`,
        );
      }
      const value = Number(field);
      const problem = float32Problem(value);
      if (problem) {
        throw new DatasetError(
          `line ${line} field ${f + 1} ${problem}: ${quote(field)}`,
        );
      }
      if (labels && f === fields - 1 && value !== 0 && value !== 1) {
        throw new DatasetError(
          `line ${line} has label ${quote(field)}, expected 0 or 1`,
        );
      }
      values[count++] = value;
    }
    rows++;
  }
  if (rows === 0) throw new DatasetError("the CSV has no data rows");
  return { values: values.subarray(0, count), rows, fields, header };
}

/**
 * Reads one line starting at `pos` into `row` (trimmed fields, quotes
 * removed) and returns the position after its line end.
 */
function readLine(
  text: string,
  pos: number,
  line: number,
  row: string[],
): number {
  row.length = 0;
  for (;;) {
    let field: string;
    while (pos < text.length && isBlank(text.charCodeAt(pos))) pos++;
    if (text.charCodeAt(pos) === 0x22 /* " */) {
      let value = "";
      pos++;
      for (;;) {
        const close = text.indexOf('"', pos);
        if (close === -1) {
          throw new MalformedBodyError(
            `line ${line} has a quoted field that is never closed`,
          );
        }
        value += text.slice(pos, close);
        pos = close + 1;
        if (text.charCodeAt(pos) !== 0x22) break;
        value += '"'; // "" inside quotes is one quote
        pos++;
      }
      while (pos < text.length && isBlank(text.charCodeAt(pos))) pos++;
      const c = text.charCodeAt(pos);
      if (pos < text.length && c !== 0x2c && c !== 0x0a && c !== 0x0d) {
        throw new MalformedBodyError(
          `line ${line} has text after a closing quote in field ${row.length + 1}`,
        );
      }
      field = value.trim();
    } else {
      let end = pos;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        end++;
      }
      field = text.slice(pos, end).trim();
      pos = end;
    }
    row.push(field);
    const c = text.charCodeAt(pos);
    if (c === 0x2c /* , */) {
      pos++;
      continue;
    }
    if (c === 0x0d /* \r */) pos++;
    if (text.charCodeAt(pos) === 0x0a /* \n */) pos++;
    return pos;
  }
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
