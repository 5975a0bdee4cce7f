/**
 * The CSV reader on the shapes real exports take, and on what it must refuse.
 */
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/input/csv";
import { DatasetError, MalformedBodyError } from "../../src/errors";

describe("parseCsv", () => {
  it("reads rows of numbers as a float32 matrix", () => {
    const m = parseCsv("1,2,0\n-0.5,3e2,1\n", true);
    expect(m).toMatchObject({ rows: 2, fields: 3, header: null });
    expect(Array.from(m.values)).toEqual([1, 2, 0, -0.5, 300, 1]);
  });

  it("stores values as float32, as np.loadtxt(dtype=np.float32) does", () => {
    const m = parseCsv("0.1,1\n", true);
    expect(m.values[0]).toBe(Math.fround(0.1));
  });

  it("takes a first row without numbers as a header", () => {
    const m = parseCsv("a,b,label\n1,2,0\n", true);
    expect(m.header).toEqual(["a", "b", "label"]);
    expect(m.rows).toBe(1);
  });

  it("accepts a BOM, CRLF, blank lines, spaces, quotes and no final newline", () => {
    const m = parseCsv('\uFEFF"x 1", x2 ,y\r\n\r\n 1 , "2",0\r\n\n3,4,1', true);
    expect(m.header).toEqual(["x 1", "x2", "y"]);
    expect(Array.from(m.values)).toEqual([1, 2, 0, 3, 4, 1]);
  });

  it("reads 0.0 and 1.0 as labels", () => {
    expect(Array.from(parseCsv("5,1.0\n6,0.0\n", true).values)).toEqual([
      5, 1, 6, 0,
    ]);
  });

  it("reads rows without labels when asked", () => {
    const m = parseCsv("1\n2\n", false);
    expect(m).toMatchObject({ rows: 2, fields: 1 });
  });

  const refusals: [string, string, string][] = [
    ["1,2,0\n3,4\n", "line 2 has 2 fields, expected 3", "ragged"],
    [
      "x,1,y\n",
      'line 1 mixes numbers and text (field 1 is "x")',
      "mixed header",
    ],
    [
      "1,2,0\n\n3,zz,1\n",
      'line 3 field 2 is not a number: "zz"',
      "word, counting blank lines",
    ],
    ["1,2,0\n1,0x10,0\n", 'line 2 field 2 is not a number: "0x10"', "hex"],
    [
      "1,2,0\n1,Infinity,0\n",
      'line 2 field 2 is not a number: "Infinity"',
      "Infinity",
    ],
    ["1,1e309,0\n", "line 1 field 2 is not finite", "overflow"],
    [
      "1,1e39,0\n",
      "line 1 field 2 is outside the float32 range",
      "beyond float32",
    ],
    ["1,2,0\n1,2,0,\n", "line 2 has 4 fields, expected 3", "trailing comma"],
    ["1,2,0\n1,,0\n", "line 2 field 2 is empty", "empty field"],
    ["1,2,-1\n", 'line 1 has label "-1", expected 0 or 1', "label"],
    ["\n\n", "the CSV has no data rows", "blank"],
  ];
  for (const [text, message, what] of refusals) {
    it(`refuses ${what}: ${message}`, () => {
      expect(() => parseCsv(text, true)).toThrow(DatasetError);
      expect(() => parseCsv(text, true)).toThrow(message);
    });
  }

  it("refuses an unterminated quote and text after a closing quote", () => {
    expect(() => parseCsv('1,"2\n', true)).toThrow(MalformedBodyError);
    expect(() => parseCsv('1,"2"x,0\n', true)).toThrow(
      "text after a closing quote in field 2",
    );
  });
});
