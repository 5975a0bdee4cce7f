/**
 * The CSV reader on the shapes real exports take, on what it must refuse,
 * and on text cut into chunks anywhere.
 */
import { describe, expect, it } from "vitest";
import { CsvReader, parseCsv } from "../../src/input/csv";
import { DEFAULT_DIALECT, type CsvDialect } from "../../src/input/csv-dialect";
import { DatasetError, LimitError, MalformedBodyError } from "../../src/errors";
import { cutAt, everyCut, outcome } from "./chunks";

describe("parseCsv", () => {
  it("reads rows of numbers as a float32 matrix", () => {
    const m = parseCsv("1,2,0\n-0.5,3e2,1\n", true);
    expect(m).toMatchObject({ rows: 2, cols: 2, header: null });
    expect(Array.from(m.x)).toEqual([1, 2, -0.5, 300]);
    expect(Array.from(m.y)).toEqual([0, 1]);
  });

  it("stores values as float32, as np.loadtxt(dtype=np.float32) does", () => {
    const m = parseCsv("0.1,1\n", true);
    expect(m.x[0]).toBe(Math.fround(0.1));
  });

  it("takes a first row without numbers as a header", () => {
    const m = parseCsv("a,b,label\n1,2,0\n", true);
    expect(m.header).toEqual(["a", "b", "label"]);
    expect(m.rows).toBe(1);
  });

  it("accepts a BOM, CRLF, blank lines, spaces, quotes and no final newline", () => {
    const m = parseCsv('\uFEFF"x 1", x2 ,y\r\n\r\n 1 , "2",0\r\n\n3,4,1', true);
    expect(m.header).toEqual(["x 1", "x2", "y"]);
    expect(Array.from(m.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(m.y)).toEqual([0, 1]);
  });

  it("reads 0.0 and 1.0 as labels, and 1 and 1.0 as one class", () => {
    const m = parseCsv("5,1.0\n6,0.0\n7,1\n", true);
    expect(Array.from(m.x)).toEqual([5, 6, 7]);
    expect(m.labelValues).toEqual([1, 0]);
    expect(Array.from(m.y, (code) => m.labelValues[code])).toEqual([1, 0, 1]);
  });

  it("reads a label column of text as strings, and of numbers as numbers", () => {
    const text = parseCsv("a,b,diagnosis\n1,2,M\n3,4,B\n5,6,M\n", true);
    expect(text.labelValues).toEqual(["M", "B"]);
    expect(Array.from(text.y)).toEqual([0, 1, 0]);
    // One field that is not a number makes every label text: 1 and 1.0 differ.
    const mixed = parseCsv("1,1\n2,1.0\n3,x\n", true);
    expect(mixed.labelValues).toEqual(["1", "1.0", "x"]);
    const signed = parseCsv("1,-1\n2,1\n", true);
    expect(signed.labelValues).toEqual([-1, 1]);
  });

  it("reads rows without labels when asked", () => {
    const m = parseCsv("1\n2\n", false);
    expect(m).toMatchObject({ rows: 2, cols: 1 });
    expect(Array.from(m.x)).toEqual([1, 2]);
    expect(m.y.length).toBe(0);
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
    [
      "1,2,0\n1,2,0.5\n",
      'line 2 has label "0.5", which cannot be a class: numeric labels are integers',
      "fractional label",
    ],
    ["1,2,0\n1,2,\n", "line 2 field 3 (the label) is empty", "empty label"],
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

/** A table as plain values, or the error a read threw. */
function read(
  chunks: readonly string[],
  labels = true,
  sizeHint = 0,
  maxCols = Infinity,
) {
  return outcome(() => {
    const reader = new CsvReader(labels, sizeHint, maxCols);
    for (const chunk of chunks) reader.push(chunk);
    const { x, y, labelValues, rows, cols, header } = reader.finish();
    // Each row's label, through its code.
    const named = Array.from(y, (code) => labelValues[code]);
    return { x: Array.from(x), y: named, rows, cols, header };
  });
}

describe("CsvReader's column limit", () => {
  it("refuses a first row wider than the limit while scanning it", () => {
    const reader = new CsvReader(false, 1 << 20, 3);
    reader.push("1,2,");
    reader.push("3,");
    // The row has no end yet: the fourth field is enough to refuse it.
    expect(() => reader.push("4,5")).toThrow(LimitError);
    expect(() => new CsvReader(false, 0, 3).push("1,2,3,4,")).toThrow(
      "line 1 has more than 3 features, at most 3 are allowed",
    );
  });

  it("counts the label apart, and a header as a row", () => {
    expect(read(["1,2,3,0\n"], true, 0, 3)).toMatchObject({ cols: 3 });
    expect(read(["# note\n\n1,2,3,4,0\n"], true, 0, 3)).toBe(
      "LimitError: line 3 has more than 3 features, at most 3 are allowed",
    );
    expect(read(["a,b,c,d\n1,2,3,4\n"], false, 0, 3)).toBe(
      "LimitError: line 1 has more than 3 features, at most 3 are allowed",
    );
  });

  it("leaves later rows to the ragged-row check", () => {
    expect(read(["1,2\n1,2,3,4,5\n"], false, 0, 3)).toBe(
      "DatasetError: line 2 has 5 fields, expected 2",
    );
  });
});

describe("CsvReader, a chunk at a time", () => {
  const texts = [
    '\uFEFF"x 1", x2 ,y\r\n\r\n 1 , "2",0\r\n\n3,4,1',
    'température,"prix €","a ""b"", c",y\n1.5,-2e3,"3",1\r0.25, 4 ,5,0\r\n',
    '"a\r\nb",c\r\n"1",2\r\n"1""",2\r\n',
    "1,2,0\r\r\n3,4,1\r\n\r5,6,1\r",
    " 1.25e-3 ,\t-0 , 1.0\n+2,.5,0.0\n",
    "1,2,0\n1,2,0,\n",
    '1,"2\n',
    '1,"2" x,0\n',
    "a,b,label\n",
    "1,2,0\n\n3,zz,1\n",
    "x,1,y\n",
    "1,2,0\n3,4,1\n5,6\n",
    "1,2,0\n3,1e39,1\n",
    "1\n",
    "\uFEFF",
    "",
  ];
  for (const text of texts) {
    it(`reads ${JSON.stringify(text)} the same cut anywhere`, () => {
      const whole = read([text]);
      for (const chunks of everyCut(text)) {
        expect(read(chunks), JSON.stringify(chunks)).toEqual(whole);
      }
      expect(read([text], false)).toEqual(
        outcome(() => {
          const m = parseCsv(text, false);
          return {
            x: Array.from(m.x),
            y: [],
            rows: m.rows,
            cols: m.cols,
            header: m.header,
          };
        }),
      );
    });
  }

  it("reads the example texts as expected", () => {
    expect(read([texts[1]])).toEqual({
      x: [1.5, -2000, 3, 0.25, 4, 5],
      y: [1, 0],
      rows: 2,
      cols: 3,
      header: ["température", "prix €", 'a "b", c', "y"],
    });
    // A quoted line break is part of the field, not a line end.
    expect(read([texts[2].slice(0, 17)], false)).toEqual({
      x: [1, 2],
      y: [],
      rows: 1,
      cols: 2,
      header: ["a\r\nb", "c"],
    });
    expect(read([texts[2]], false)).toEqual(
      'DatasetError: line 3 field 1 is not a number: "1\\""',
    );
  });

  it("takes a lone CR, and a CR before LF, as one line end", () => {
    expect(read([texts[3]])).toEqual({
      x: [1, 2, 3, 4, 5, 6],
      y: [0, 1, 1],
      rows: 3,
      cols: 2,
      header: null,
    });
  });

  it("counts every line, blank ones too, in its messages", () => {
    expect(read([texts[9]])).toBe(
      'DatasetError: line 3 field 2 is not a number: "zz"',
    );
    expect(read(["\n\r\n\r1,2,0\n3,4\n"])).toBe(
      "DatasetError: line 5 has 2 fields, expected 3",
    );
  });

  it("checks a row's length before its values", () => {
    expect(read(["1,2,0\n3,zz\n"])).toBe(
      "DatasetError: line 2 has 2 fields, expected 3",
    );
    expect(read(["1,2,0\n3,4,5,zz\n"])).toBe(
      "DatasetError: line 2 has 4 fields, expected 3",
    );
  });

  it("gives the same table whatever size it is told to expect", () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},${i % 2}\n`);
    const text = rows.join("");
    const whole = read([text]);
    for (const hint of [1, 10, text.length, 100 * text.length]) {
      expect(read(cutAt(text, [7, 500, 1001]), true, hint)).toEqual(whole);
    }
  });
});

/** `read` in a dialect: the table, its warnings' codes, or the error. */
function readIn(
  chunks: readonly string[],
  dialect: Partial<CsvDialect>,
  labels = true,
) {
  return outcome(() => {
    const reader = new CsvReader(labels, 0, Infinity, {
      ...DEFAULT_DIALECT,
      delimiterGiven: dialect.delimiter !== undefined,
      ...dialect,
    });
    for (const chunk of chunks) reader.push(chunk);
    const { x, y, labelValues, rows, cols, header, warnings } = reader.finish();
    const named = Array.from(y, (code) => labelValues[code]);
    const codes = warnings.map((w) => w.code);
    return { x: Array.from(x), y: named, rows, cols, header, codes };
  });
}

describe("CsvReader's dialects", () => {
  const pandas = "0,1,2\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
  const plain = pandas.slice("0,1,2\n".length);

  it("takes pandas' 0,1,…,n−1 for a header under auto, and says so", () => {
    const table = parseCsv(pandas, true);
    expect(table).toMatchObject({ rows: 6, cols: 2, header: ["0", "1", "2"] });
    expect(table.warnings).toEqual([
      {
        code: "header_decision",
        message:
          "line 1 (0,1,2) was read as a header, the names pandas gives unnamed columns: send header=absent if it is data",
      },
    ]);
    expect(Array.from(table.x)).toEqual(Array.from(parseCsv(plain, true).x));
    // Counted over every column, the label's too: 0,1 alone is data.
    expect(parseCsv("0,1\n1,2\n", false).warnings).toHaveLength(1);
    expect(parseCsv("0,1,5\n1,2,0\n", true)).toMatchObject({ rows: 2 });
    expect(parseCsv("1,2,3\n1,2,0\n", true)).toMatchObject({ rows: 2 });
    // A text header, and a first row of data, leave nothing to decide.
    expect(parseCsv("a,b,y\n1,2,0\n", true).warnings).toEqual([]);
    expect(parseCsv(plain, true).warnings).toEqual([]);
  });

  it("follows header=present and header=absent", () => {
    expect(readIn([pandas], { header: "absent" })).toMatchObject({
      rows: 7,
      header: null,
      codes: [],
    });
    expect(readIn(["1,2,0\n3,4,1\n"], { header: "present" })).toMatchObject({
      rows: 1,
      header: ["1", "2", "0"],
      codes: [],
    });
    expect(readIn(["x1,x2,y\n1,2,0\n"], { header: "absent" })).toBe(
      'DatasetError: line 1 field 1 is not a number: "x1"',
    );
  });

  it("reads ; with decimal commas as , with decimal points", () => {
    const dots = readIn(["x1,x2,label\n0.5,1.2,0\n-1.5,2,1\n"], {});
    const semicolons = "x1;x2;label\n0,5;1,2;0\n-1,5;2;1\n";
    for (const chunks of everyCut(semicolons)) {
      expect(
        readIn(chunks, { delimiter: ";", decimal: ",", delimiterGiven: true }),
      ).toEqual(dots);
    }
    // Under a decimal comma a point makes no number.
    expect(readIn(["a;b;y\n0.5;1;0\n"], { delimiter: ";", decimal: "," })).toBe(
      'DatasetError: line 2 field 1 is not a number: "0.5"',
    );
  });

  it("reads tabs and bars, blanks around fields, cut anywhere", () => {
    const commas = readIn(["a,b,y\n1,2.5,0\n3,4,1\n"], {});
    for (const [delimiter, text] of [
      ["\t", "a\tb\ty\n 1\t2.5 \t0\r\n3\t4\t1"],
      ["|", 'a|"b"|y\n1 | 2.5|0\n3|4|1\n'],
    ] as const) {
      for (const chunks of everyCut(text)) {
        expect(readIn(chunks, { delimiter }), JSON.stringify(chunks)).toEqual(
          commas,
        );
      }
    }
    expect(readIn(["a\tb\ty\n1\t\t0\n"], { delimiter: "\t" })).toBe(
      "DatasetError: line 2 field 2 is empty",
    );
  });

  it("names the delimiter to send when the default reads one field a line", () => {
    const cases = [
      [
        "x1;x2;label\n0.5;1.2;0\n",
        'line 1 has 1 field: rows need at least one feature before the label: its lines split alike at ";" (3 fields each), send delimiter=; (and decimal=, for numbers written 0,5)',
      ],
      [
        "0,5;1,2;0\n1,5;2,5;1\n",
        'line 1 mixes numbers and text (field 2 is "5;1"): a header row must have no numbers: its lines split alike at ";" (3 fields each), send delimiter=;&decimal=,',
      ],
      [
        "# tabs\na\tb\ty\n1\t2\t0\n",
        "line 2 has 1 field: rows need at least one feature before the label: its lines split alike at tabs (3 fields each), send delimiter=%09 (and decimal=, for numbers written 0,5)",
      ],
    ];
    for (const [text, message] of cases) {
      for (const chunks of everyCut(text)) {
        expect(readIn(chunks, {})).toBe(`DatasetError: ${message}`);
      }
    }
    // Without labels, the rows of a ; file are text at line 2.
    expect(readIn(["x1;x2\n0.5;1.2\n"], {}, false)).toBe(
      'DatasetError: line 2 field 1 is not a number: "0.5;1.2": its lines split alike at ";" (2 fields each), send delimiter=; (and decimal=, for numbers written 0,5)',
    );
    // A job's dialect is given in its JSON body: the hint is written so.
    const json = [
      [
        "# tabs\na\tb\ty\n1\t2\t0\n",
        'line 2 has 1 field: rows need at least one feature before the label: its lines split alike at tabs (3 fields each), send "delimiter": "\\t" (and "decimal": "," for numbers written 0,5)',
      ],
      [
        "0,5;1,2;0\n1,5;2,5;1\n",
        'line 1 mixes numbers and text (field 2 is "5;1"): a header row must have no numbers: its lines split alike at ";" (3 fields each), send "delimiter": ";", "decimal": ","',
      ],
    ];
    for (const [text, message] of json) {
      expect(readIn([text], { given: "json" })).toBe(
        `DatasetError: ${message}`,
      );
    }
    // A delimiter given is not second-guessed.
    expect(readIn(["x1;x2;label\n0.5;1.2;0\n"], { delimiterGiven: true })).toBe(
      "DatasetError: line 1 has 1 field: rows need at least one feature before the label",
    );
  });

  it("refuses missing values as pandas and R write them, naming line and field", () => {
    expect(readIn(["a,b,y\n1,2,0\n3,,1\n"], {})).toBe(
      "DatasetError: line 3 field 2 is empty",
    );
    expect(readIn(["a,b,y\n1,NA,0\n"], {})).toBe(
      'DatasetError: line 2 field 2 is not a number: "NA"',
    );
    expect(
      readIn(["a;b;y\nNaN;1,5;0\n"], { delimiter: ";", decimal: "," }),
    ).toBe('DatasetError: line 2 field 1 is not a number: "NaN"');
  });
});
