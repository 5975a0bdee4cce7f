/**
 * What reading a numeric CSV gives (csv-table.ts builds them): the table of
 * a whole text, and for a long file read in parts (jobs/prepare-chunk.ts)
 * where a part starts and what it holds.
 */
import type { ClassValue } from "../engine/class-values";
import type { TrainingWarning } from "../engine/warnings";
import type { TextLabelCoder } from "./class-coder";

/** A parsed numeric CSV. */
export interface CsvTable {
  /** Features, row-major: feature j of row i is `x[i * cols + j]`. */
  readonly x: Float32Array;
  /**
   * With labels, the last column as a class code per row, an index into
   * `labelValues`; else empty.
   */
  readonly y: Float32Array;
  /** With labels, the distinct labels in the order of their codes; else empty. */
  readonly labelValues: readonly ClassValue[];
  readonly rows: number;
  readonly cols: number;
  /** The header's field names, or null when the first row was data. */
  readonly header: string[] | null;
  /** What `header=auto` decided that the text left open (csv-first-row.ts). */
  readonly warnings: readonly TrainingWarning[];
}

/**
 * Where the read of a part of a longer CSV starts (jobs/prepare-chunk.ts):
 * at a record's start, on `line`, after what earlier parts have read.
 */
export interface CsvResume {
  /** The line the part's first character is on, 1-based. */
  readonly line: number;
  /**
   * Fields per record, once an earlier part has read the first record (a
   * header or data); null while none has, and this part decides.
   */
  readonly fields: number | null;
  /** The label texts earlier parts have coded, whose codes this part continues. */
  readonly labelCoder: TextLabelCoder;
}

/**
 * A part of a CSV as read, before the whole label column is known: labels
 * are the provisional codes of the `TextLabelCoder` it was read with.
 */
export interface CsvPart {
  readonly x: Float32Array;
  /** With labels, each row's provisional label code; else empty. */
  readonly y: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** Fields per record, or null when the part had no record (only comments or blank lines). */
  readonly fields: number | null;
  /** The header's fields, when this part's first record was one. */
  readonly header: string[] | null;
  readonly warnings: readonly TrainingWarning[];
  /** The line after the part's last line. */
  readonly line: number;
}
