/**
 * The CSV dialect options, as JSON Schema 2020-12: how a text/csv body of a
 * training, an evaluation or a prediction is written. They go in the query
 * string beside the body; a JSON body has no dialect, and takes none.
 * csv-dialect.ts reads them by these schemas, and src/openapi publishes them.
 */
import type { JsonSchema } from "./json-schema-type";

/** `header`: whether the CSV's first row names the columns. */
export const HEADER = {
  type: "string",
  enum: ["auto", "present", "absent"],
  default: "auto",
  description:
    '"present": the first row is a header, whatever it holds; "absent": it is data (text there is a 400 naming line 1). "auto": a header when no feature field of it is a number, or when its fields are exactly 0,1,…,n−1 over all n columns, label included (pandas\' header for unnamed columns, `DataFrame(np.c_[X, y]).to_csv(index=False)`); a first row of numbers taken as a header so is said in a header_decision warning.',
} as const satisfies JsonSchema;

/** `delimiter`: the character between fields. */
export const DELIMITER = {
  type: "string",
  enum: [",", ";", "\t", "|"],
  default: ",",
  description:
    "The field separator: a comma, a semicolon (R's write.csv2), a tab (%09 in a query string) or a bar.",
} as const satisfies JsonSchema;

/** `decimal`: the character between a number's whole and fractional part. */
export const DECIMAL = {
  type: "string",
  enum: [".", ","],
  default: ".",
  description:
    "The decimal mark: a point, or a comma as R's write.csv2 writes (0,5). Checked in code: a comma only with a delimiter other than a comma.",
} as const satisfies JsonSchema;

/** Every CSV dialect option, in the order messages list them. */
export const CSV_DIALECT_OPTIONS = {
  header: HEADER,
  delimiter: DELIMITER,
  decimal: DECIMAL,
} as const;
