/**
 * Whether a CSV's first record is a header or data, by the dialect's
 * `header` option (csv-schemas.ts). Under "auto" a record is a header when no
 * feature field of it is a number (the label may be text in data rows too),
 * or when its fields are exactly 0,1,…,n−1 over all n columns, label
 * included: the names pandas gives unnamed columns, which
 * `DataFrame(np.c_[X, y]).to_csv(index=False)` writes. That second case
 * drops a row of numbers, so it is said in a `header_decision` warning.
 */
import type { TrainingWarning } from "../engine/warnings";
import { DatasetError } from "../errors";
import type { CsvDialect } from "./csv-dialect";
import { fieldValue, quote } from "./numbers";

/** What the first record is, and what "auto" has to say about it. */
export interface FirstRow {
  readonly header: boolean;
  /** A `header_decision` warning, when "auto" took numbers for a header. */
  readonly warning: TrainingWarning | null;
}

/**
 * Decides what `row`, the first record, on line `line`, is; with `labels`,
 * its last field is a label, the others features.
 *
 * @throws DatasetError for a row of labels without a feature, and under
 *   "auto" for a row that mixes numbers and text in its features
 */
export function firstRow(
  row: readonly string[],
  labels: boolean,
  dialect: CsvDialect,
  line: number,
): FirstRow {
  if (labels && row.length < 2) {
    throw new DatasetError(
      `line ${line} has ${row.length} field: rows need at least one feature before the label`,
    );
  }
  const cols = labels ? row.length - 1 : row.length;
  const data = { header: false, warning: null };
  if (dialect.header === "present") return { header: true, warning: null };
  if (dialect.header === "absent") return data;
  const features = row.slice(0, cols);
  const isText = (f: string) => Number.isNaN(fieldValue(f, dialect.decimal));
  const text = features.filter(isText);
  if (text.length === features.length) return { header: true, warning: null };
  if (row.every((field, i) => field === String(i))) {
    return {
      header: true,
      warning: {
        code: "header_decision",
        message: `line ${line} (${row.join(",")}) was read as a header, the names pandas gives unnamed columns: send header=absent if it is data`,
      },
    };
  }
  if (text.length > 0) {
    const word = text[0];
    throw new DatasetError(
      `line ${line} mixes numbers and text (field ${row.indexOf(word) + 1} is ${quote(word)}): a header row must have no numbers`,
    );
  }
  return data;
}
