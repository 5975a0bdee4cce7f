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
  /**
   * Where the options were given: a query string (a text/csv request) or a
   * JSON body (a job's), so a hint names an option as the client writes it.
   */
  readonly given: OptionSyntax;
}

/** How a client writes an option: `delimiter=%09` or `"delimiter": "\t"`. */
export type OptionSyntax = "query" | "json";

/** The dialect of a CSV that sends no option: RFC 4180 with a point. */
export const DEFAULT_DIALECT: CsvDialect = {
  header: "auto",
  delimiter: ",",
  decimal: ".",
  delimiterGiven: false,
  given: "query",
};

const NAMES = Object.keys(CSV_DIALECT_OPTIONS);

/**
 * Splits the CSV dialect options out of a query: the dialect, read by the
 * schemas, and every other parameter, left to the route's own reader.
 * `given` says where they came from: a query string, or a job's JSON body
 * (whose dialect fields are strings too).
 *
 * @throws OptionError for a value out of its enum, or a decimal comma with
 *   the comma as delimiter
 */
export function readCsvDialect(
  query: Record<string, string>,
  given: OptionSyntax = "query",
): {
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
    given,
  };
  if (dialect.decimal === "," && dialect.delimiter === ",") {
    const send = `${option("delimiter", ";", given)} with ${option("decimal", ",", given)}`;
    throw new OptionError(
      `decimal "," needs a delimiter other than ",": send ${send} as R's write.csv2 writes`,
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

/**
 * Option `name` set to `value` as a client writes it in `syntax`:
 * `delimiter=%09` in a query string (URL-encoded where it must be),
 * `"delimiter": "\t"` in a JSON body.
 */
export function option(
  name: string,
  value: string,
  syntax: OptionSyntax,
): string {
  return syntax === "json"
    ? `${JSON.stringify(name)}: ${JSON.stringify(value)}`
    : `${name}=${value === "\t" ? "%09" : value}`;
}

/** The delimiters a CSV read at the default one may have been written with. */
const OTHER_DELIMITERS = [
  { delimiter: ";", named: '";"' },
  { delimiter: "\t", named: "tabs" },
  { delimiter: "|", named: '"|"' },
] as const;

// A number written with a decimal comma, as R's write.csv2 writes it.
const DECIMAL_COMMA = /^\s*[+-]?\d*,\d+\s*$/;

/**
 * What to send for a text the default dialect could not read: the first
 * other delimiter that splits each of `lines` (blank and `#` lines aside)
 * into the same number of fields, two or more, and the decimal comma when
 * a field is a number written with one (the lines are those up to an error,
 * often the header alone: then it is offered), written in `syntax`. Null
 * when none does.
 */
export function suggestDialect(
  lines: readonly string[],
  syntax: OptionSyntax,
): string | null {
  const written = lines.filter(
    (line) => line.trim() !== "" && !line.startsWith("#"),
  );
  if (written.length === 0) return null;
  const decimal = option("decimal", ",", syntax);
  for (const { delimiter, named } of OTHER_DELIMITERS) {
    const rows = written.map((line) => line.split(delimiter));
    const fields = rows[0].length;
    if (fields < 2 || rows.some((row) => row.length !== fields)) continue;
    const comma = rows.some((row) => row.some((f) => DECIMAL_COMMA.test(f)));
    const sent = option("delimiter", delimiter, syntax);
    const send = !comma
      ? `${sent} (and ${decimal} for numbers written 0,5)`
      : syntax === "json"
        ? `${sent}, ${decimal}`
        : `${sent}&${decimal}`;
    return `its lines split alike at ${named} (${fields} fields each), send ${send}`;
  }
  return null;
}
