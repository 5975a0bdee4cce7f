/**
 * Which form a prediction answers in, read from the request's Accept header:
 * one JSON document (the default), or rows streamed as CSV or NDJSON.
 */
import { NotAcceptableError } from "../errors";
import { quote } from "./numbers";

/** The forms of a prediction's answer. */
export type AnswerFormat = "json" | "csv" | "ndjson";

/** Each form's media type, in the order a tie between them goes. */
export const ANSWER_TYPES: Readonly<Record<AnswerFormat, string>> = {
  json: "application/json",
  csv: "text/csv",
  ndjson: "application/x-ndjson",
};

/** One media range of an Accept header and its weight. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * The form to answer in for `accept` (RFC 9110, section 12.5.1): JSON when
 * there is no header; otherwise the form whose media type the header weighs
 * highest, each weighed by the most specific range that matches it
 * (`text/csv` over `text/*` over `*\/*`), a tie going to JSON, then CSV, then
 * NDJSON. Parameters other than `q` are not compared; a `q` that is not a
 * number from 0 to 1 counts as 1.
 *
 * @throws NotAcceptableError when the header allows none of the forms
 */
export function readAnswerFormat(accept: string | null): AnswerFormat {
  if (accept === null || accept.trim() === "") return "json";
  const ranges = accept.split(",").flatMap(mediaRange);
  let best: AnswerFormat | null = null;
  let bestQ = 0;
  for (const [format, type] of Object.entries(ANSWER_TYPES)) {
    const q = weightOf(ranges, type);
    if (q > bestQ) {
      best = format as AnswerFormat;
      bestQ = q;
    }
  }
  if (best !== null) return best;
  throw new NotAcceptableError(
    `accept ${quote(accept)} allows none of ${Object.values(ANSWER_TYPES).join(", ")}`,
  );
}

/** The range one element of an Accept header names, if it names one. */
function mediaRange(element: string): MediaRange[] {
  const [range, ...params] = element.split(";");
  const match = /^\s*([^\s/]+)\/([^\s/]+)\s*$/.exec(range);
  if (match === null) return [];
  let q = 1;
  for (const param of params) {
    const [name, value = ""] = param.split("=");
    if (name.trim().toLowerCase() !== "q") continue;
    const weight = Number(value.trim());
    if (value.trim() !== "" && weight >= 0 && weight <= 1) q = weight;
  }
  return [{ type: match[1].toLowerCase(), subtype: match[2].toLowerCase(), q }];
}

/** The weight `ranges` give `type`: its most specific match's, else 0. */
function weightOf(ranges: readonly MediaRange[], type: string): number {
  const [main, sub] = type.split("/");
  let specificity = -1;
  let q = 0;
  for (const range of ranges) {
    const level =
      range.type === main && range.subtype === sub
        ? 2
        : range.type === main && range.subtype === "*"
          ? 1
          : range.type === "*" && range.subtype === "*"
            ? 0
            : -1;
    if (level > specificity) {
      specificity = level;
      q = range.q;
    }
  }
  return q;
}
