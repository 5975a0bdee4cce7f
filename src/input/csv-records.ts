/**
 * Where the complete records of a CSV's bytes end, for reading a long file a
 * range at a time (jobs/prepare-chunk.ts) with `CsvReader`.
 *
 * A scan of the bytes with csv.ts's rules for what ends a record: a `\n`, a
 * `\r\n` or a lone `\r` outside quotes, a quote opening a field only at its
 * start (after blanks), `""` inside quotes being one quote, and a line whose
 * first character is `#` a comment, quotes and all. So a quoted field may
 * hold line ends: the range is cut after the last line end outside quotes.
 * Every character these rules look at is ASCII, and no byte of a multi-byte
 * UTF-8 character is, so bytes can be scanned before they are decoded, and a
 * cut after a line end never splits a character.
 */
import type { CsvDialect } from "./csv-dialect";

/** What the scan of a range found. */
export interface RecordEnds {
  /** The bytes the range's complete records (and comment lines) take: 0 when none ends in it. */
  readonly end: number;
  /**
   * The fields of the range's first record that is neither blank nor a
   * comment, and its line (counted from the range's first line, 0-based);
   * null when no such record ends in the range.
   */
  readonly first: { readonly fields: number; readonly line: number } | null;
}

const START = 0; // at a record's start: a # makes the line a comment
const FIELD = 1; // at a field's start, skipping blanks
const UNQUOTED = 2; // in an unquoted field, or after a closing quote
const QUOTED = 3; // inside quotes
const QUOTE = 4; // after a quote inside quotes: the close, or the first of ""
const COMMENT = 5; // in a comment line

/**
 * Scans `bytes`, which start at a record's start; `atEnd` says they run to
 * the end of the file, where the last record needs no line end. A `\r` that
 * is the range's last byte ends nothing yet (a `\n` may follow it).
 */
export function scanRecords(
  bytes: Uint8Array,
  dialect: CsvDialect,
  atEnd: boolean,
): RecordEnds {
  const sep = dialect.delimiter.charCodeAt(0);
  const n = bytes.length;
  let state = START;
  let end = 0;
  let line = 0;
  let fields = 1;
  let content = false;
  let first: RecordEnds["first"] = null;
  const endLine = (next: number, record: boolean) => {
    if (record && first === null && (fields > 1 || content)) {
      first = { fields, line };
    }
    end = next;
    line++;
    fields = 1;
    content = false;
    state = START;
  };
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (state === QUOTED) {
      if (c === 0x22) state = QUOTE;
      continue;
    }
    if (state === QUOTE && c === 0x22) {
      state = QUOTED;
      continue;
    }
    if (c === 0x0a || c === 0x0d) {
      let next = i + 1;
      if (c === 0x0d) {
        if (next === n && !atEnd) break;
        if (next < n && bytes[next] === 0x0a) next++;
      }
      endLine(next, state !== COMMENT);
      i = next - 1;
      continue;
    }
    if (state === COMMENT) continue;
    if (state === START && c === 0x23) {
      state = COMMENT;
      continue;
    }
    if (c === sep) {
      fields++;
      state = FIELD;
      continue;
    }
    const blank = c === 0x20 || (c === 0x09 && sep !== 0x09);
    if (state === START || state === FIELD) {
      if (blank) {
        state = FIELD;
        continue;
      }
      content = true;
      state = c === 0x22 ? QUOTED : UNQUOTED;
      continue;
    }
    // UNQUOTED, or QUOTE followed by a character that closes the quotes.
    state = UNQUOTED;
    if (!blank) content = true;
  }
  if (atEnd && end < n) {
    if (state !== START && state !== COMMENT && state !== QUOTED) {
      endLine(n, true);
    }
    end = n;
  }
  return { end, first };
}
