/**
 * The fields of a numeric CSV -> float32 features and labels.
 *
 * `CsvReader` finds the fields in the text; this decides what they mean: the
 * header, blank lines, the row length, each value's grammar and range, and the
 * label. Values go straight into the x and y arrays, so no array is built per
 * row; only the first record is kept as strings, until csv-first-row.ts says
 * whether it is a header.
 */
import type { ClassValue } from "../engine/class-values";
import type { TrainingWarning } from "../engine/warnings";
import { DatasetError, LimitError } from "../errors";
import { TextLabelCoder } from "./class-coder";
import type { CsvPart, CsvResume, CsvTable } from "./csv-results";
import { DEFAULT_DIALECT, type CsvDialect } from "./csv-dialect";
import { firstRow } from "./csv-first-row";
import {
  fieldValue,
  float32Problem,
  quote,
  readDecimal,
  scanDecimal,
  type ScannedNumber,
} from "./numbers";

export type { CsvPart, CsvResume, CsvTable } from "./csv-results";

/**
 * Builds a `CsvTable` a field at a time. With `labels`, the last field of
 * each row is a label (class-coder.ts), after at least one feature. Errors
 * name the line (1-based, counting every line, blank ones too) and the field.
 */
export class CsvTableBuilder {
  private lineNumber: number;
  private taken = 0;
  private firstEmpty = false;
  private problem: string | null = null;
  private firstRow: string[] | null = [];
  private header: string[] | null = null;
  private readonly warnings: TrainingWarning[] = [];
  private readonly sep: number;
  private fields = 0;
  private cols = 0;
  private rows = 0;
  private capacity = 0;
  private x = new Float32Array(0);
  private y = new Float32Array(0);
  private recordStart = 0;
  private readonly scan: ScannedNumber = { end: 0, value: 0 };
  private readonly labelCoder: TextLabelCoder;

  /**
   * @param labels whether the last column holds labels
   * @param sizeHint the length of the whole text when known (Content-Length),
   *   so the arrays are sized once from the first row, not grown by doubling
   * @param maxCols the most features a row may have: the first row is
   *   refused as soon as it has more, before anything is sized by it
   * @param dialect the header rule, the delimiter and the decimal mark
   * @param resume where the text starts, when it is a part of a longer CSV
   */
  constructor(
    private readonly labels: boolean,
    private readonly sizeHint = 0,
    private readonly maxCols = Infinity,
    private readonly dialect: CsvDialect = DEFAULT_DIALECT,
    resume?: CsvResume,
  ) {
    this.sep = dialect.delimiter.charCodeAt(0);
    this.labelCoder = resume?.labelCoder ?? new TextLabelCoder();
    this.lineNumber = resume?.line ?? 1;
    if (resume !== undefined && resume.fields !== null) {
      this.firstRow = null;
      this.fields = resume.fields;
      this.cols = labels ? resume.fields - 1 : resume.fields;
    }
  }

  /** The line of the record being read, 1-based. */
  get line(): number {
    return this.lineNumber;
  }

  /** How many fields of the record being read have been taken. */
  get fieldCount(): number {
    return this.taken;
  }

  /**
   * Takes the next field of the record: `text` from `start` to `end`, with
   * its leading blanks already skipped (and its quotes already removed).
   *
   * @throws LimitError when the first record has more features than
   *   `maxCols`, at the first field past them
   */
  take(text: string, start: number, end: number): void {
    if (this.firstRow !== null) {
      // Later rows are held to the first row's width (a wider one is
      // ragged), so the first is the one whose width must be bounded; its
      // fields are kept as strings until it is known to be a header or data.
      if (++this.taken > this.maxCols + (this.labels ? 1 : 0)) {
        throw new LimitError(
          `line ${this.lineNumber} has more than ${this.maxCols} features, at most ${this.maxCols} are allowed`,
        );
      }
      this.firstRow.push(text.slice(start, end).trim());
      return;
    }
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    // A decimal comma's field is read in store, by fieldValue.
    const value =
      this.dialect.decimal === "," ? NaN : readDecimal(text, start, end, false);
    this.store(value, text, start, end);
  }

  /**
   * Takes the next field when it is a plain number that runs up to its
   * delimiter, `\n` or `\r` before `limit`, reading its characters once;
   * returns where it ends. Returns -1, having taken nothing, for any other
   * field, and for every field under a decimal comma.
   */
  takeNumber(text: string, start: number, limit: number): number {
    if (this.firstRow !== null || this.dialect.decimal !== ".") return -1;
    const { end, value } = scanDecimal(this.scan, text, start, limit, false);
    const c = end < limit ? text.charCodeAt(end) : -1;
    if (c !== this.sep && c !== 0x0a && c !== 0x0d) return -1;
    if (Number.isNaN(value)) return -1;
    this.store(value, text, start, end);
    return end;
  }

  /** Stores the field's `value` (NaN when it is not plain) in its row. */
  private store(value: number, text: string, start: number, end: number) {
    const f = this.taken++;
    if (f === 0 && this.rows === this.capacity) this.grow(this.capacity * 2);
    // A row's length is checked before its values, so a value's problem
    // waits for the end of the row.
    if (this.problem !== null || f >= this.fields) return;
    if (f === this.cols) {
      this.label(text.slice(start, end).trim());
      return;
    }
    if (Number.isNaN(value)) {
      // Not plain: other white space for trim() to take, or not a number.
      const field = text.slice(start, end).trim();
      value = fieldValue(field, this.dialect.decimal);
      if (Number.isNaN(value)) {
        this.firstEmpty = f === 0 && field === "";
        this.problem =
          field === ""
            ? `line ${this.lineNumber} field ${f + 1} is empty`
            : `line ${this.lineNumber} field ${f + 1} is not a number: ${quote(field)}`;
        return;
      }
    }
    const problem = float32Problem(value);
    if (problem !== null) {
      const field = quote(text.slice(start, end).trim());
      this.problem = `line ${this.lineNumber} field ${f + 1} ${problem}: ${field}`;
    } else {
      this.x[this.rows * this.cols + f] = value;
    }
  }

  /** Codes the label `field` of the row being read. */
  private label(field: string): void {
    if (field === "") {
      this.firstEmpty = this.cols === 0;
      this.problem = `line ${this.lineNumber} field ${this.cols + 1} (the label) is empty`;
      return;
    }
    const code = this.labelCoder.code(field, this.lineNumber);
    if (typeof code === "string") {
      this.problem = `line ${this.lineNumber} ${code}`;
    } else {
      this.y[this.rows] = code;
    }
  }

  /**
   * Ends the record whose line end is at `position` in the whole text.
   *
   * @throws DatasetError for a ragged row or a value's problem
   */
  endRecord(position: number): void {
    const count = this.taken;
    const problem = this.problem;
    const blank = count === 1 && this.firstEmpty;
    this.taken = 0;
    this.problem = null;
    this.firstEmpty = false;
    if (this.firstRow !== null) this.endFirstRecord(position);
    else if (!blank) this.endDataRow(count, problem, position);
    this.lineNumber++;
    this.recordStart = position + 1;
  }

  /** Passes over a comment line whose line end is at `position`. */
  skipLine(position: number): void {
    this.lineNumber++;
    this.recordStart = position + 1;
  }

  /**
   * The table of every row taken.
   *
   * @throws DatasetError when there is no data row
   */
  table(): CsvTable {
    if (this.rows === 0) throw new DatasetError("the CSV has no data rows");
    const { x, y, rows, cols, header, warnings } = this.part();
    let labelValues: readonly ClassValue[] = [];
    if (this.labels) {
      const classes = this.labelCoder.classes();
      if (typeof classes === "string") throw new DatasetError(classes);
      for (let i = 0; i < y.length; i++) y[i] = classes.codes[y[i]];
      labelValues = classes.values;
    }
    return { x, y, labelValues, rows, cols, header, warnings };
  }

  /**
   * The rows of a part taken so far, labels left as provisional codes
   * (`CsvResume.labelCoder`): no class is decided, and no row is fine.
   */
  part(): CsvPart {
    return {
      x: this.x.subarray(0, this.rows * this.cols),
      y: this.y.subarray(0, this.labels ? this.rows : 0),
      rows: this.rows,
      cols: this.cols,
      fields: this.firstRow === null ? this.fields : null,
      header: this.header,
      warnings: this.warnings,
      line: this.lineNumber,
    };
  }

  private endDataRow(
    count: number,
    problem: string | null,
    position: number,
  ): void {
    if (count !== this.fields) {
      throw new DatasetError(
        `line ${this.lineNumber} has ${count} fields, expected ${this.fields}`,
      );
    }
    if (problem !== null) throw new DatasetError(problem);
    this.rows++;
    if (this.rows === 1 && this.sizeHint > 0) {
      // Size the arrays once, from how long the first data row is.
      const rowLength = Math.max(1, position - this.recordStart + 1);
      this.grow(Math.ceil(this.sizeHint / rowLength) + 1);
    }
  }

  /** Decides from the first non-blank record whether it is a header. */
  private endFirstRecord(position: number): void {
    const row = this.firstRow ?? [];
    if (row.length === 1 && row[0] === "") {
      row.length = 0;
      return;
    }
    const line = this.lineNumber;
    const { header, warning } = firstRow(row, this.labels, this.dialect, line);
    this.fields = row.length;
    this.cols = this.labels ? this.fields - 1 : this.fields;
    this.firstRow = null;
    if (warning !== null) this.warnings.push(warning);
    if (header) {
      this.header = row;
      return;
    }
    // The first row is data: take its fields again as any row's.
    for (const field of row) this.take(field, 0, field.length);
    const problem = this.problem;
    this.taken = 0;
    this.problem = null;
    this.endDataRow(row.length, problem, position);
  }

  private grow(rows: number): void {
    const capacity = Math.max(rows, 64);
    if (capacity <= this.capacity) return;
    const x = new Float32Array(capacity * this.cols);
    x.set(this.x.subarray(0, this.rows * this.cols));
    this.x = x;
    if (this.labels) {
      const y = new Float32Array(capacity);
      y.set(this.y.subarray(0, this.rows));
      this.y = y;
    }
    this.capacity = capacity;
  }
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
