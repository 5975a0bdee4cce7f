/**
 * Reading numbers from text without a substring: the result must be exactly
 * what Number() (for CSV fields) and JSON.parse (for JSON) give.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDecimal, readDecimal, scanDecimal } from "../../src/input/numbers";

/** Text made of the characters numbers are written with, and a few more. */
const numberLike = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(..."0123456789") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("-", "+", ".", "e", "E", "x", " "),
      },
    ),
    { maxLength: 30 },
  )
  .map((chars) => chars.join(""));

/** Numbers as JSON.stringify and toExponential write them. */
const written = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .chain((v) =>
    fc.constantFrom(
      JSON.stringify(v),
      v.toExponential(),
      v.toExponential(3).toUpperCase(),
      v.toFixed(
        Math.min(
          20,
          Math.max(0, -Math.floor(Math.log10(Math.abs(v) || 1)) + 6),
        ),
      ),
    ),
  );

describe("readDecimal", () => {
  it("is Number() on plain decimals and NaN on anything else", () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, written), (text) => {
        const value = readDecimal(text, 0, text.length, false);
        if (isDecimal(text)) expect(value).toBe(Number(text));
        else expect(value).toBeNaN();
      }),
      { numRuns: 20_000 },
    );
  });

  it("is JSON.parse on JSON numbers and NaN on anything else", () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, written), (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const value = readDecimal(text, 0, text.length, true);
        if (typeof parsed === "number" && text === text.trim()) {
          expect(value).toBe(parsed);
        } else expect(value).toBeNaN();
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads the edges of double and float32 exactly", () => {
    const cases = [
      "0",
      "-0",
      "0.0",
      "1e0",
      "1E-5",
      "5e-324",
      "2e-324",
      "1.7976931348623157e308",
      "1e309",
      "3.4028234663852886e38",
      "9007199254740993",
      "123456789012345.6",
      "0.1",
      "0.30000000000000004",
      "1e22",
      "1e23",
      "4.35",
      "0.000001",
    ];
    for (const text of cases) {
      expect(readDecimal(text, 0, text.length, true)).toBe(Number(text));
      expect(readDecimal(`,${text},`, 1, text.length + 1, false)).toBe(
        Number(text),
      );
    }
  });
});

describe("scanDecimal", () => {
  it("stops where a number can no longer go on", () => {
    const out = { end: 0, value: 0 };
    const scan = (text: string, json = true) => {
      const { end, value } = scanDecimal(out, text, 0, text.length, json);
      return [end, value];
    };
    expect(scan("12.5,")).toEqual([4, 12.5]);
    expect(scan("-0]")).toEqual([2, -0]);
    expect(scan("1e5e")).toEqual([3, 1e5]);
    expect(scan("1.5.3")).toEqual([3, 1.5]);
    expect(scan("01")).toEqual([2, NaN]);
    expect(scan("1.", false)).toEqual([2, 1]);
    expect(scan("1.")).toEqual([2, NaN]);
    expect(scan("1e+")).toEqual([3, NaN]);
    expect(scan("+1")).toEqual([0, NaN]);
    expect(scan("+1", false)).toEqual([2, 1]);
  });
});
