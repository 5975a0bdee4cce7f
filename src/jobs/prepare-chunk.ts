/**
 * A job's first pass, one step at a time: a dataset's CSV in R2 read a byte
 * range per call, parsed by the project's own reader (input/csv.ts) with the
 * rules of a CSV training body, and written back as float32 shards
 * (storage/shard-store.ts).
 *
 * One call reads one range of at most `limits.jobRangeBytes` bytes (4 MiB by
 * default), parses it up to its last complete record, and writes the rows
 * to shards of `spec.shardRows` rows: it appends them to the last, partial
 * shard (rewritten whole, so a shard is at most `shardRows` rows of bytes)
 * and starts new ones. The next call starts at the record the range cut.
 * A call holds the range, its text, its rows as float32 and their encoded
 * shards; a value takes at least 2 bytes of text ("0,") and 4 as float32,
 * so at most about 6 × the range (24 MiB at 4 MiB), plus the partial shard
 * it extends. It makes one range read, at most one shard read, and
 * ⌈rows read / shardRows⌉ + 1 shard writes: a shard size that keeps these
 * under the Worker's subrequest limit is the Workflow's to choose.
 *
 * Idempotent: every shard's bytes are a function of the file and the shard
 * size, and a partial shard is only ever extended, so a call run again from
 * the same cursor reads the same first `pending` rows of its partial shard,
 * writes the same bytes to the same keys and returns the same cursor.
 */
import type { TrainingWarning } from "../engine/warnings";
import { DatasetError, FeatureMismatchError, LimitError } from "../errors";
import { TextLabelCoder, type LabelTexts } from "../input/class-coder";
import { CsvReader, type CsvPart } from "../input/csv";
import type { CsvDialect } from "../input/csv-dialect";
import { scanRecords } from "../input/csv-records";
import { readFeatureNames } from "../input/feature-names";
import { checkJobShape, type Limits } from "../input/limits";
import { readDatasetRange } from "../storage/dataset-store";
import { readShard, writeShard } from "../storage/shard-store";

/** What a job's first pass reads, and how. */
export interface PrepareSpec {
  /** The dataset's name: its CSV is the R2 object `datasets/<name>`. */
  readonly dataset: string;
  /** The header rule, delimiter and decimal mark (input/csv-dialect.ts). */
  readonly dialect: CsvDialect;
  /**
   * "required": the last field is the label (training). "optional": rows
   * have `features` fields, or `features` + 1 with the label last
   * (prediction); the first record decides.
   */
  readonly labels: "required" | "optional";
  /** With "optional", the model's feature count. */
  readonly features?: number;
  /** Rows per shard (every shard but the last holds exactly this many). */
  readonly shardRows: number;
}

/** Where the first pass is: small JSON data, a Workflow step's return value. */
export interface PrepareCursor {
  /** The byte offset of the next record in the file. */
  readonly offset: number;
  /** The line that record is on, 1-based as the reader's messages count. */
  readonly line: number;
  /** The file's size in bytes, once read; null before the first call. */
  readonly size: number | null;
  /** The file's R2 etag, once read: a file uploaded again mid-pass is refused. */
  readonly etag: string | null;
  /** Whether the whole file is read. */
  readonly done: boolean;
  /** Rows read so far. */
  readonly rows: number;
  /**
   * Shards written in full (`shardRows` rows each); once `done`, every
   * shard, the last partial one too.
   */
  readonly shards: number;
  /** Rows of the partial shard `shards`, 0 when there is none. */
  readonly pending: number;
  /** Fields per record, once the first record is read. */
  readonly fields: number | null;
  /** Features per row, once the first record is read. */
  readonly cols: number | null;
  /** Whether rows end with a label, once known. */
  readonly labels: boolean | null;
  /** The header's names, checked, when the first record was a header. */
  readonly featureNames: readonly string[] | null;
  /** What `header=auto` decided (csv-first-row.ts). */
  readonly warnings: readonly TrainingWarning[];
  /** The distinct label texts so far, in provisional code order (class-coder.ts). */
  readonly labelTexts: LabelTexts;
}

/** The cursor a first pass starts from. */
export function startPreparation(): PrepareCursor {
  return {
    offset: 0,
    line: 1,
    size: null,
    etag: null,
    done: false,
    rows: 0,
    shards: 0,
    pending: 0,
    fields: null,
    cols: null,
    labels: null,
    featureNames: null,
    warnings: [],
    labelTexts: { texts: [], lines: [] },
  };
}

/**
 * Reads one range of the dataset from `cursor`, writes its rows to job
 * `jobId`'s shards and returns the cursor after them. A done cursor is
 * returned as it is.
 *
 * @throws DatasetError naming the line (in the whole file) and the field of
 *   a value, row or label that is not valid, or of bytes that are not
 *   UTF-8, as a training body's read names it; or a file with no data
 *   rows; or no dataset of that name
 * @throws MalformedBodyError for text after a closing quote, or a quoted
 *   field never closed
 * @throws LimitError for more rows or features than a job may have, or a
 *   record longer than a range
 */
export async function prepareChunk(
  bucket: R2Bucket,
  jobId: string,
  cursor: PrepareCursor,
  spec: PrepareSpec,
  limits: Limits,
): Promise<PrepareCursor> {
  if (cursor.done) return cursor;
  const { offset, line } = cursor;
  const length =
    cursor.size === null
      ? limits.jobRangeBytes
      : Math.min(limits.jobRangeBytes, cursor.size - offset);
  // Pinned to the etag of the first range: a file uploaded again mid-pass
  // throws DatasetChangedError, so shards never mix two files.
  const range = await readDatasetRange(
    bucket,
    spec.dataset,
    offset,
    length,
    cursor.etag ?? undefined,
  );
  const { bytes, size, etag } = range;
  const atEnd = offset + bytes.length >= size;
  const scan = scanRecords(bytes, spec.dialect, atEnd);
  if (scan.end === 0 && !atEnd) {
    throw new LimitError(
      `line ${line} is longer than the ${limits.jobRangeBytes} bytes one step reads: raise JOB_RANGE_BYTES`,
    );
  }
  const labels = cursor.labels ?? labelsOf(spec, scan.first, line);
  const text = new TextDecoder("utf-8", {
    fatal: false,
    ignoreBOM: offset > 0,
  }).decode(bytes.subarray(0, scan.end));
  const labelCoder = TextLabelCoder.from(cursor.labelTexts);
  const reader = new CsvReader(
    labels ?? false,
    text.length,
    limits.maxCols,
    spec.dialect,
    { line, fields: cursor.fields, labelCoder },
  );
  pushUtf8(reader, text, atEnd);
  const part = reader.finishPart();
  const rows = cursor.rows + part.rows;
  if (atEnd && rows === 0) throw new DatasetError("the CSV has no data rows");
  const cols = part.fields === null ? null : part.cols;
  if (cols !== null) checkJobShape(limits, rows, cols);
  const written = await writeRows(bucket, jobId, cursor, part, spec, atEnd);
  return {
    offset: offset + scan.end,
    line: part.line,
    size,
    etag,
    done: atEnd,
    rows,
    ...written,
    fields: part.fields,
    cols,
    labels: part.fields === null ? null : labels,
    featureNames: cursor.featureNames ?? namesOf(part),
    warnings: [...cursor.warnings, ...part.warnings],
    labelTexts: labelCoder.state(),
  };
}

/**
 * Pushes `text` into `reader` up to its first U+FFFD, where the decoder put
 * bytes that are not UTF-8: there, the error of its place, as a request
 * body's read gives it (input/body-text.ts). The range is decoded up to a
 * record's end (csv-records.ts), which never splits a character, so a cut
 * character can only be the file's last.
 *
 * @throws DatasetError naming the line and field of the first such bytes
 */
function pushUtf8(reader: CsvReader, text: string, atEnd: boolean): void {
  const bad = text.indexOf("\uFFFD");
  if (bad === -1) return reader.push(text);
  if (bad > 0) reader.push(text.slice(0, bad));
  throw new DatasetError(
    atEnd && bad === text.length - 1
      ? `${reader.where()} ends the file inside a utf-8 character`
      : `${reader.where()} has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)`,
  );
}

/**
 * Whether rows end with a label: always for "required"; for "optional",
 * by the first record's field count against the model's features. Null
 * while no record has been seen.
 *
 * @throws FeatureMismatchError when it is neither d nor d + 1 fields
 */
function labelsOf(
  spec: PrepareSpec,
  first: { fields: number; line: number } | null,
  line: number,
): boolean | null {
  if (spec.labels === "required") return true;
  if (first === null) return null;
  const d = spec.features ?? 0;
  if (first.fields === d) return false;
  if (first.fields === d + 1) return true;
  // The rows are another model's: as /predict answers rows of another width.
  throw new FeatureMismatchError(
    `line ${line + first.line} has ${first.fields} fields: the model takes ${d} features, so rows need ${d} fields, or ${d + 1} with the label last`,
  );
}

/** The header's names as a training body's header gives them, checked. */
function namesOf(part: CsvPart): string[] | null {
  if (part.header === null) return null;
  const raw = part.header.slice(0, part.cols);
  return readFeatureNames(raw, part.cols, "the header");
}

/**
 * Appends `part`'s rows to the shards: to the partial shard first, then in
 * new shards of `spec.shardRows`; the last partial one stays pending until
 * the file's end.
 */
async function writeRows(
  bucket: R2Bucket,
  jobId: string,
  cursor: PrepareCursor,
  part: CsvPart,
  spec: PrepareSpec,
  atEnd: boolean,
): Promise<{ shards: number; pending: number }> {
  const { shardRows } = spec;
  const { cols } = part;
  const hasLabels = part.y.length > 0;
  let { shards, pending } = cursor;
  if (part.rows === 0) {
    if (atEnd && pending > 0) return { shards: shards + 1, pending: 0 };
    return { shards, pending };
  }
  let x = part.x;
  let y = part.y;
  if (pending > 0) {
    const head = await readShard(bucket, jobId, shards);
    x = joined(head.x.subarray(0, pending * cols), part.x);
    y = hasLabels
      ? joined((head.labels ?? new Float32Array(0)).subarray(0, pending), y)
      : y;
  }
  const total = pending + part.rows;
  const writes: Promise<void>[] = [];
  for (let start = 0; start < total; start += shardRows) {
    const rows = Math.min(shardRows, total - start);
    const shard = {
      rows,
      cols,
      x: x.subarray(start * cols, (start + rows) * cols),
      labels: hasLabels ? y.subarray(start, start + rows) : null,
    };
    writes.push(writeShard(bucket, jobId, shards, shard));
    if (rows === shardRows) shards++;
    pending = rows === shardRows ? 0 : rows;
  }
  await Promise.all(writes);
  // Once the file is read, `shards` counts every shard, the last partial one too.
  if (atEnd && pending > 0) return { shards: shards + 1, pending: 0 };
  return { shards, pending };
}

/** `a` then `b`, in a new array. */
function joined(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
