/**
 * What a training job's plan is counted from before its first pass has
 * read the dataset (input/job-plan.ts): the file's bytes, and its rows
 * and features estimated from its first `HEAD_BYTES`, one range read.
 *
 * The features are exact: the first record's fields, less the label. The
 * rows are the head's line ends scaled to the whole file by bytes (exact,
 * give or take a header, when the head is the whole file); the first
 * pass counts them, and the job checks its plan again then.
 */
import type { CsvDialect } from "../input/csv-dialect";
import { scanRecords } from "../input/csv-records";
import type { PlanShape } from "../input/job-plan";
import { readDatasetRange } from "../storage/dataset-store";

/** The bytes of a dataset the estimate reads: 64 KiB. */
export const HEAD_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * The shape of dataset `name` (a training CSV in `dialect`), estimated.
 *
 * @throws DatasetNotFoundError when there is no such dataset
 */
export async function estimateShape(
  bucket: R2Bucket,
  name: string,
  dialect: CsvDialect,
): Promise<PlanShape> {
  const { bytes, size } = await readDatasetRange(bucket, name, 0, HEAD_BYTES);
  const atEnd = bytes.length >= size;
  const scan = scanRecords(bytes, dialect, atEnd);
  const cols = Math.max(1, (scan.first?.fields ?? 2) - 1);
  const read = atEnd ? bytes.length : scan.end;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < read; i++) {
    if (bytes[i] === LF) lf++;
    else if (bytes[i] === CR) cr++;
  }
  // A last line without a line end is a row too; CR LF counts once.
  let lines = Math.max(lf, cr);
  if (atEnd && read > 0 && bytes[read - 1] !== LF && bytes[read - 1] !== CR) {
    lines++;
  }
  const rows =
    read === 0 ? 1 : atEnd ? lines : Math.ceil((lines * size) / read);
  return { bytes: size, rows: Math.max(1, rows), cols };
}
