/**
 * Content negotiation of a prediction's answer (RFC 9110, section 12.5.1):
 * JSON unless the Accept header weighs CSV or NDJSON higher, 406 when it
 * allows none of the three.
 */
import { describe, expect, it } from "vitest";
import { readAnswerFormat } from "../../src/input/answer-format";
import { NotAcceptableError } from "../../src/errors";

describe("readAnswerFormat", () => {
  const cases: [string | null, string][] = [
    [null, "json"],
    ["", "json"],
    ["*/*", "json"],
    ["application/json", "json"],
    ["application/json; charset=utf-8", "json"],
    ["application/*", "json"],
    ["text/csv", "csv"],
    ["TEXT/CSV", "csv"],
    ["text/*", "csv"],
    ["text/csv;header=present", "csv"],
    ["application/x-ndjson", "ndjson"],
    // A browser's navigation: */* weighs all three alike, so JSON.
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "json"],
    // The weights decide, not the order.
    ["application/json;q=0.5, text/csv", "csv"],
    ["text/csv;q=0.4, application/x-ndjson;q=0.9", "ndjson"],
    ["text/csv, application/json", "json"],
    // The most specific range weighs a type, even below a wider one.
    ["*/*, application/json;q=0", "csv"],
    ["text/*;q=0.9, text/csv;q=0.1, application/x-ndjson;q=0.5", "ndjson"],
    // A weight that is not a number from 0 to 1 counts as 1.
    ["text/csv;q=2, application/json;q=0.9", "csv"],
    ["text/csv;q=zero", "csv"],
  ];
  for (const [accept, format] of cases) {
    it(`answers ${format} to ${JSON.stringify(accept)}`, () => {
      expect(readAnswerFormat(accept)).toBe(format);
    });
  }

  for (const accept of [
    "text/plain",
    "image/png, text/html",
    "application/json;q=0, text/csv;q=0, application/x-ndjson;q=0",
    "*/*;q=0",
    "nonsense",
  ]) {
    it(`refuses ${JSON.stringify(accept)} with a 406 naming the types`, () => {
      expect(() => readAnswerFormat(accept)).toThrow(NotAcceptableError);
      expect(() => readAnswerFormat(accept)).toThrow(
        "allows none of application/json, text/csv, application/x-ndjson",
      );
    });
  }
});
