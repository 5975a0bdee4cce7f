/**
 * The streaming JSON body reader on chosen bodies: escapes, duplicate keys,
 * member order, every dataset message, bodies that are not objects, and
 * nesting deep enough to overflow any recursive reader.
 */
import { describe, expect, it } from "vitest";
import { JsonBodyReader } from "../../src/input/json-data";
import { cutAt, everyCut, outcome, readJson } from "./chunks";
import { expected, training } from "./json-reference";

describe("JsonBodyReader", () => {
  it("reads a document the same cut at every position", () => {
    const text =
      ' {"\\u0078" : [[1, -0, 1E5, 1e-5], [2.5e+1, 0.0, -3, 4]],\r\n"y":[[0],[1.0]],\t"loss":"lab", "init": {"w": [1, 2, 3, 4], "b": 0}, "epochs": 5, "note": "\\ud83d\\ude00 é €\\n", "t": [true, false, null]}';
    const whole = training(text);
    expect(whole).toEqual({
      x: [1, -0, 100000, Math.fround(1e-5), 25, 0, -3, 4],
      y: [0, 1],
      rows: 2,
      cols: 4,
      options: {
        loss: "lab",
        init: { w: [1, 2, 3, 4], b: 0 },
        epochs: 5,
        note: "\u{1F600} é €\n",
        t: [true, false, null],
      },
    });
    for (const chunks of everyCut(text))
      expect(training(chunks)).toEqual(whole);
  });

  it("keeps the last of duplicate keys, as JSON.parse does", () => {
    expect(
      training(
        '{"x": [[1, "a"]], "y": 7, "x": [[2], [3]], "y": [1, 0], "lr": 1, "lr": 2}',
      ),
    ).toEqual({
      x: [2, 3],
      y: [1, 0],
      rows: 2,
      cols: 1,
      options: { lr: 2 },
    });
  });

  it("gives the same matrix whatever size it is told to expect", () => {
    const text = JSON.stringify({
      x: Array.from({ length: 300 }, (_, i) => [i, -i / 3]),
      y: Array.from({ length: 300 }, (_, i) => i % 2),
    });
    const read = (sizeHint: number) => {
      const body = new JsonBodyReader(true, sizeHint);
      for (const chunk of cutAt(text, [7, 500, 1001])) body.push(chunk);
      body.end();
      const { x, y } = body.dataset();
      return [Array.from(x), Array.from(y)];
    };
    const whole = read(0);
    expect(whole[0].slice(0, 4)).toEqual([0, 0, 1, Math.fround(-1 / 3)]);
    for (const hint of [1, 10, text.length, 100 * text.length]) {
      expect(read(hint)).toEqual(whole);
    }
  });

  it("reads y before x, checking its length at the end", () => {
    expect(training('{"y": [1, 0], "x": [[5], [6]]}')).toMatchObject({
      y: [1, 0],
      x: [5, 6],
    });
    expect(training('{"y": [1], "x": [[5], [6]]}')).toBe(
      "DatasetError: y has 1 labels, expected 2 (one per row of x)",
    );
  });

  it("gives each dataset problem the message it always had", () => {
    const cases: [string, string][] = [
      ['{"y": [0, 1]}', "the body has no x (rows of features)"],
      ['{"x": [[1], [2]]}', "the body has no y (labels)"],
      ['{"x": [], "y": []}', "x is empty: send at least one row"],
      ['{"x": [[], []], "y": [0, 1]}', "x[0] has no features"],
      ['{"x": {"a": 1}, "y": [0]}', "x must be an array of rows"],
      ['{"x": [1, 2], "y": [0, 1]}', "x[0] must be an array of numbers"],
      [
        '{"x": [[1], {"a": 1}], "y": [0, 1]}',
        "x[1] must be an array of numbers",
      ],
      ['{"x": [[1, 2], [3]], "y": [0, 1]}', "x[1] has 1 values, expected 2"],
      [
        '{"x": [[1, 2], [3, "4"]], "y": [0, 1]}',
        'x[1][1] is "4", expected a number',
      ],
      ['{"x": [[1, null]], "y": [0]}', "x[0][1] is null, expected a number"],
      [
        '{"x": [[1, {"a": [1, 2]}]], "y": [0]}',
        'x[0][1] is {"a":[1,2]}, expected a number',
      ],
      ['{"x": [[1, [[2]]]], "y": [0]}', "x[0][1] is [[2]], expected a number"],
      ['{"x": [[1, 1e309]], "y": [0]}', "x[0][1] is not finite"],
      ['{"x": [[1, 1e39]], "y": [0]}', "x[0][1] is outside the float32 range"],
      [
        '{"x": [[1], [2]], "y": 1}',
        "y must be an array of labels, each a class: an integer, a string or a boolean",
      ],
      [
        '{"x": [[1], [2]], "y": [0, "1"]}',
        'y[1] is "1", and the labels before it are numbers: labels are all of one type',
      ],
      [
        '{"x": [[1], [2]], "y": [[0], [0.5]]}',
        "y[1][0] is 0.5, which cannot be a class: a class is an integer, a string or a boolean",
      ],
      [
        '{"x": [[1], [2]], "y": [[0], [0, 1]]}',
        "y[1] has 2 values, expected 1",
      ],
      [
        '{"x": [[1]], "y": [[{"a": 1}]]}',
        'y[0][0] is {"a":1}, expected a class: an integer, a string or a boolean',
      ],
      [
        '{"x": [[1]], "y": [1e400]}',
        "y[0] is Infinity, which cannot be a class: a class is an integer, a string or a boolean",
      ],
      [
        '{"x": [[1]], "y": [2e53]}',
        "y[0] is 2e+53, which cannot be a class: a class is an integer, a string or a boolean",
      ],
    ];
    for (const [text, message] of cases) {
      expect(training(text)).toBe(`DatasetError: ${message}`);
      expect(expected(text)).toBe(`DatasetError: ${message}`);
    }
  });

  it("refuses a body that is not an object, or not JSON", () => {
    for (const text of ["[]", "1", '"x"', "null", " [[1]] "]) {
      expect(training(text)).toBe(
        "MalformedBodyError: the body must be a JSON object",
      );
    }
    for (const text of [
      "",
      " ",
      "{",
      '{"x": [[1, 2]',
      "{}x",
      "{} {}",
      "{'x': 1}",
      '{"x": 01}',
      '{"x": .5}',
      '{"x": 1.}',
      '{"x": +1}',
      '{"x": "\t"}',
      '{"x": "\\x"}',
      '{"x": "\\u12g4"}',
      '{"x": tru}',
      '{"x": NaN}',
      "\uFEFF{}",
    ]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(training(text)).toMatch(
        /^MalformedBodyError: the body is not valid JSON: /,
      );
    }
  });

  it("reads rows to predict, naming a member other than x", () => {
    const rows = (text: string) =>
      outcome(() => {
        const body = readJson(text, false);
        const m = body.rows();
        return {
          values: Array.from(m.values),
          rows: m.rows,
          cols: m.cols,
          others: Object.keys(body.others()),
        };
      });
    expect(rows('{"x": [[1, 2], [3, 4.5]]}')).toEqual({
      values: [1, 2, 3, 4.5],
      rows: 2,
      cols: 2,
      others: [],
    });
    expect(rows('{"rows": 1, "y": [0], "x": [[1]], "rows": 2}')).toMatchObject({
      others: ["rows", "y"],
    });
    expect(rows('{"y": [0]}')).toBe(
      "DatasetError: the body has no x (rows of features)",
    );
  });
});

describe("deep nesting", () => {
  const depth = 100_000;
  const deep = "[".repeat(depth) + "]".repeat(depth);
  const bodies = [
    `{"x": ${deep}, "y": [0]}`,
    `{"x": [[${deep}]], "y": [0]}`,
    `{"x": [[1]], "y": [${deep}]}`,
    `{"x": [[1]], "y": [[${deep}]]}`,
    `{"x": [[1]], "y": [0], "init": ${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`,
    `{"x": [[1]], "y": [0], "deep": ${deep}}`,
    deep,
  ];
  it("reads any depth without recursion, as the reference reads it", () => {
    // Deep values in the options are compared by their keys: a deep
    // comparison would itself overflow the stack.
    const summary = (read: ReturnType<typeof training>) =>
      typeof read === "string"
        ? read
        : { ...read, options: Object.keys(read.options) };
    for (const text of bodies) {
      const read = training(text);
      expect(summary(read)).toEqual(
        text === deep
          ? "MalformedBodyError: the body must be a JSON object"
          : summary(expected(text)),
      );
    }
    expect(training(bodies[1])).toBe(
      `DatasetError: x[0][0] is ${"[".repeat(40)}…, expected a number`,
    );
  });

  it("refuses unclosed nesting as invalid JSON", () => {
    for (const text of [
      "[".repeat(depth),
      `{"x": ${"[".repeat(depth)}`,
      `{"a": ${'{"a":'.repeat(depth)}`,
    ]) {
      expect(training(text)).toMatch(
        /^MalformedBodyError: the body is not valid JSON: /,
      );
    }
  });
});
