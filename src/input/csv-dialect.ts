/**
 * How a CSV body is written (csv-schemas.ts): its header, its delimiter and
 * its decimal mark, read from the query string of a request whose body is
 * text/csv, and refused beside a JSON body, which has no dialect.
 */
import { OptionError } from "../errors";
import { readEnum } from "./json-schema";
import { CSV_DIALECT_OPTIONS } from "./csv-schemas";

/** How a CSV's text is read. */
export interface CsvDialect {
  /** Whether the first row is a header, or "auto" to decide from it. */
  readonly header: "auto" | "present" | "absent";
  /** The field separator. */
  readonly delimiter: "," | ";" | "\t" | "|";
  /** The decimal mark. */
  readonly decimal: "." | ",";
  /** Whether `delimiter` is the default because none was given. */
  readonly delimiterGiven: boolean;
}

/** The dialect of a CSV that sends no option: RFC 4180 with a point. */
export const DEFAULT_DIALECT: CsvDialect = {
  header: "auto",
  delimiter: ",",
  decimal: ".",
  delimiterGiven: false,
};

const NAMES = Object.keys(CSV_DIALECT_OPTIONS);

/**
 * Splits the CSV dialect options out of a query: the dialect, read by the
 * schemas, and every other parameter, left to the route's own reader.
 *
 * @throws OptionError for a value out of its enum, or a decimal comma with
 *   the comma as delimiter
 */
export function readCsvDialect(query: Record<string, string>): {
  dialect: CsvDialect;
  rest: Record<string, string>;
} {
  // Own keys, "__proto__" too (Object.fromEntries), so a reader after this
  // refuses it as it refuses any unknown name.
  const rest: Record<string, string> = Object.fromEntries(
    Object.entries(query).filter(([name]) => !NAMES.includes(name)),
  );
  const { header, delimiter, decimal } = CSV_DIALECT_OPTIONS;
  const dialect: CsvDialect = {
    header: readEnum("header", header, query.header),
    delimiter: readEnum("delimiter", delimiter, query.delimiter),
    decimal: readEnum("decimal", decimal, query.decimal),
    delimiterGiven: query.delimiter !== undefined,
  };
  if (dialect.decimal === "," && dialect.delimiter === ",") {
    throw new OptionError(
      'decimal "," needs a delimiter other than ",": send delimiter=; with decimal=, as R\'s write.csv2 writes',
    );
  }
  return { dialect, rest };
}

/**
 * Refuses the dialect options beside a JSON body.
 *
 * @throws OptionError naming the first one given
 */
export function refuseCsvDialect(query: Record<string, string>): void {
  const given = NAMES.find((name) => query[name] !== undefined);
  if (given !== undefined) {
    throw new OptionError(
      `${given} applies to a text/csv body: a JSON body has no ${given}`,
    );
  }
}

/** The delimiters a CSV read at the default one may have been written with. */
const OTHER_DELIMITERS = [
  { delimiter: ";", named: '";"', option: "delimiter=;" },
  { delimiter: "\t", named: "tabs", option: "delimiter=%09" },
  { delimiter: "|", named: '"|"', option: "delimiter=|" },
] as const;

// A number written with a decimal comma, as R's write.csv2 writes it.
const DECIMAL_COMMA = /^\s*[+-]?\d*,\d+\s*$/;

/**
 * What to send for a text the default dialect could not read: the first
 * other delimiter that splits each of `lines` (blank and `#` lines aside)
 * into the same number of fields, two or more, and the decimal comma when
 * a field is a number written with one (the lines are those up to an error,
 * often the header alone: then it is offered). Null when none does.
 */
export function suggestDialect(lines: readonly string[]): string | null {
  const written = lines.filter(
    (line) => line.trim() !== "" && !line.startsWith("#"),
  );
  if (written.length === 0) return null;
  for (const { delimiter, named, option } of OTHER_DELIMITERS) {
    const rows = written.map((line) => line.split(delimiter));
    const fields = rows[0].length;
    if (fields < 2 || rows.some((row) => row.length !== fields)) continue;
    const comma = rows.some((row) => row.some((f) => DECIMAL_COMMA.test(f)));
    const send = comma
      ? `${option}&decimal=,`
      : `${option} (and decimal=, for numbers written 0,5)`;
    return `its lines split alike at ${named} (${fields} fields each), send ${send}`;
  }
  return null;
}
