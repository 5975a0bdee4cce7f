/**
 * Numeric CSV text -> a `CsvTable`, read a chunk at a time.
 *
 * Accepts what a numeric CSV export looks like in practice: an optional header
 * row (csv-header.ts), a `dialect`'s delimiter and decimal mark, CRLF, LF or lone CR line
 * ends, a UTF-8 BOM, blank lines, comment lines (a `#` first on the line, as
 * the course's zoo data has), spaces around fields and RFC 4180 quoted
 * fields. A chunk boundary may cut a field, a quote or a CRLF anywhere, so the
 * reader keeps its place in `state` between chunks; a field is cut out of the
 * text as a string only when it is quoted or spans two chunks.
 */
import { DatasetError, MalformedBodyError } from "../errors";
import {
  DEFAULT_DIALECT,
  suggestDialect,
  type CsvDialect,
} from "./csv-dialect";
import {
  CsvTableBuilder,
  type CsvPart,
  type CsvResume,
  type CsvTable,
} from "./csv-table";

export type { CsvPart, CsvResume, CsvTable } from "./csv-table";

// Where the reader is between two characters.
const FIELD = 0; // before a field, skipping blanks
const UNQUOTED = 1; // in an unquoted field begun in an earlier chunk (in `text`)
const QUOTED = 2; // inside quotes (the value so far in `text`)
const QUOTE = 3; // after a quote inside quotes: the end, or the first of ""
const CLOSED = 4; // after the closing quote: blanks, then a separator
const AFTER_CR = 5; // after a \r: a \n right after it ends the same line
const COMMENT = 6; // in a line that began with #, up to its end

// How much of the text's start is kept to explain an error (suggestDialect).
const HEAD = 4096;

/** Reads numeric CSV text pushed a chunk at a time; see `CsvTableBuilder`. */
export class CsvReader {
  private readonly table: CsvTableBuilder;
  private state = FIELD;
  private begun = false;
  private inRecord = false;
  private text = "";
  private offset = 0;
  private head = "";
  private readonly sep: number;

  /**
   * @param labels whether the last column holds labels (class numbers)
   * @param sizeHint the text's length when known, to size the arrays once
   * @param maxCols the most features a row may have (`Limits.maxCols`)
   * @param dialect the header rule, delimiter and decimal mark
   * @param resume where the text starts, when it is a part of a longer CSV
   *   that begins at a record (csv-table.ts)
   */
  constructor(
    labels: boolean,
    sizeHint = 0,
    maxCols = Infinity,
    private readonly dialect: CsvDialect = DEFAULT_DIALECT,
    resume?: CsvResume,
  ) {
    this.sep = dialect.delimiter.charCodeAt(0);
    this.table = new CsvTableBuilder(
      labels,
      sizeHint,
      maxCols,
      dialect,
      resume,
    );
  }

  /**
   * Reads the next chunk of the text.
   *
   * @throws DatasetError for a ragged row, a non-numeric or non-float32 value
   * @throws MalformedBodyError for text after a closing quote
   * @throws LimitError for a first row of more than `maxCols` features
   */
  push(chunk: string): void {
    if (this.head.length < HEAD) {
      this.head += chunk.slice(0, HEAD - this.head.length);
    }
    try {
      this.read(chunk);
    } catch (error) {
      throw this.explained(error);
    }
  }

  private read(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    if (!this.begun && n > 0) {
      this.begun = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // a BOM
    }
    while (i < n) {
      let c = chunk.charCodeAt(i);
      switch (this.state) {
        case AFTER_CR:
          this.state = FIELD;
          if (c === 0x0a) i++;
          break;
        case FIELD: {
          if (c === 0x23 /* # */ && !this.inRecord) {
            this.state = COMMENT;
            i++;
            break;
          }
          this.inRecord = true;
          if (c === 0x20 || (c === 0x09 && this.sep !== 0x09)) {
            i++;
            break;
          }
          if (c === 0x22 /* " */) {
            this.state = QUOTED;
            i++;
            break;
          }
          const end = this.table.takeNumber(chunk, i, n);
          if (end >= 0) {
            i = this.separator(chunk.charCodeAt(end), end);
            break;
          }
          const start = i;
          while (c !== this.sep && c !== 0x0a && c !== 0x0d && ++i < n) {
            c = chunk.charCodeAt(i);
          }
          if (i === n) {
            this.text = chunk.slice(start);
            this.state = UNQUOTED;
            break;
          }
          this.table.take(chunk, start, i);
          i = this.separator(c, i);
          break;
        }
        case UNQUOTED: {
          while (c !== this.sep && c !== 0x0a && c !== 0x0d && ++i < n) {
            c = chunk.charCodeAt(i);
          }
          if (i === n) {
            this.text += chunk;
            break;
          }
          const text = this.text + chunk.slice(0, i);
          this.text = "";
          this.table.take(text, 0, text.length);
          i = this.separator(c, i);
          break;
        }
        case COMMENT: {
          while (c !== 0x0a && c !== 0x0d && ++i < n) c = chunk.charCodeAt(i);
          if (i < n) {
            this.table.skipLine(this.offset + i);
            this.state = c === 0x0d ? AFTER_CR : FIELD;
            i++;
          }
          break;
        }
        case QUOTED: {
          const close = chunk.indexOf('"', i);
          this.text += chunk.slice(i, close === -1 ? n : close);
          i = close === -1 ? n : close + 1;
          if (close !== -1) this.state = QUOTE;
          break;
        }
        case QUOTE:
          if (c === 0x22) {
            this.text += '"'; // "" inside quotes is one quote
            this.state = QUOTED;
            i++;
          } else this.state = CLOSED;
          break;
        case CLOSED:
          if (c === this.sep || c === 0x0a || c === 0x0d) {
            this.takeQuoted();
            i = this.separator(c, i);
          } else if (c === 0x20 || c === 0x09) i++;
          else {
            throw new MalformedBodyError(
              `line ${this.table.line} has text after a closing quote in field ${this.table.fieldCount + 1}`,
            );
          }
          break;
      }
    }
    this.offset += n;
  }

  /**
   * Ends the text and returns the table.
   *
   * @throws DatasetError for no data rows, or a problem in the last line
   * @throws MalformedBodyError for a quoted field that is never closed
   */
  finish(): CsvTable {
    try {
      this.end();
      return this.table.table();
    } catch (error) {
      throw this.explained(error);
    }
  }

  /**
   * Ends a part of a longer CSV (`resume`), whose text ends at a record's
   * end or at the end of the file, and returns its rows with provisional
   * label codes.
   *
   * @throws DatasetError for a problem in the last line
   * @throws MalformedBodyError for a quoted field that is never closed
   */
  finishPart(): CsvPart {
    try {
      this.end();
      return this.table.part();
    } catch (error) {
      throw this.explained(error);
    }
  }

  /**
   * A data error at the default delimiter, in a text whose lines another
   * delimiter splits alike: the same error, saying which option to send.
   */
  private explained(error: unknown): unknown {
    if (!(error instanceof DatasetError) || this.dialect.delimiterGiven) {
      return error;
    }
    const line = this.table.line;
    let lines = this.head.split(/\r\n|\n|\r/);
    // Only whole lines, up to the one the error is on.
    if (this.head.length >= HEAD) lines.pop();
    lines = lines.slice(0, line);
    const hint = suggestDialect(lines, this.dialect.given);
    return hint === null
      ? error
      : new DatasetError(`${error.message}: ${hint}`);
  }

  private end(): void {
    if (this.state === QUOTED) {
      throw new MalformedBodyError(
        `line ${this.table.line} has a quoted field that is never closed`,
      );
    }
    if (this.state === QUOTE || this.state === CLOSED) this.takeQuoted();
    else if (this.state === UNQUOTED) {
      this.table.take(this.text, 0, this.text.length);
    } else if (this.state === FIELD && this.inRecord) this.table.take("", 0, 0);
    if (this.inRecord) this.table.endRecord(this.offset);
  }

  /**
   * Where the text read so far ends: `line 3 field 2` (the field the next
   * character is in), or `line 3 (a comment)`.
   */
  where(): string {
    const line = `line ${this.table.line}`;
    if (this.state === COMMENT) return `${line} (a comment)`;
    return `${line} field ${this.table.fieldCount + 1}`;
  }

  /** Handles the delimiter, `\n` or `\r` at `i`; returns the position after it. */
  private separator(c: number, i: number): number {
    this.state = c === 0x0d ? AFTER_CR : FIELD;
    if (c !== this.sep) {
      this.inRecord = false;
      this.table.endRecord(this.offset + i);
    }
    return i + 1;
  }

  private takeQuoted(): void {
    const text = this.text.trim();
    this.text = "";
    this.table.take(text, 0, text.length);
  }
}

/**
 * Parses numeric CSV text given whole: a `CsvReader` fed one chunk.
 *
 * @throws DatasetError for ragged rows, non-numeric or non-float32 values, no rows
 * @throws MalformedBodyError for an unterminated quoted field
 */
export function parseCsv(
  text: string,
  labels: boolean,
  dialect: CsvDialect = DEFAULT_DIALECT,
): CsvTable {
  const reader = new CsvReader(labels, 0, Infinity, dialect);
  reader.push(text);
  return reader.finish();
}
