/**
 * The streaming JSON body reader against JSON.parse on generated bodies: it
 * must accept exactly the documents JSON.parse accepts, however the text is
 * cut into chunks, and read from them what the reference reads.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MalformedBodyError } from "../../src/errors";
import { cutAt, readJson } from "./chunks";
import { expected, training } from "./json-reference";

// ---- JSON texts, written with varied white space, escapes and numbers.

const space = fc.constantFrom("", "", " ", "\n", "\t", "\r\n  ");

const numberText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((v) => (Object.is(v, -0) ? "-0" : JSON.stringify(v))),
  },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((v) => v.toExponential().toUpperCase()),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: -1000, max: 1000 }).map((v) => `${v}.0`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0",
      "1",
      "-0",
      "0.0",
      "1E5",
      "1e-5",
      "1e+2",
      "0e0",
      "5e-324",
      "1e309",
      "-1e309",
      "1e39",
      "3.4028234663852886e38",
      "123456789012345678901234567890",
      "0.1000000000000000055511151231257827",
    ),
  },
);

const stringText = fc
  .tuple(fc.string({ unit: "binary", maxLength: 6 }), fc.boolean())
  .map(([s, escaped]) =>
    escaped
      ? `"${Array.from(s, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`
      : JSON.stringify(s),
  );

function arrayText(items: fc.Arbitrary<string>, minLength = 0, maxLength = 4) {
  return fc
    .tuple(
      fc.array(fc.tuple(space, items, space), { minLength, maxLength }),
      space,
    )
    .map(
      ([xs, inside]) =>
        `[${xs.length === 0 ? inside : xs.map((p) => p.join("")).join(",")}]`,
    );
}

function objectText(members: fc.Arbitrary<[string, string]>, maxLength = 4) {
  return fc
    .tuple(
      fc.array(fc.tuple(space, members, space, space), { maxLength }),
      space,
    )
    .map(
      ([ms, inside]) =>
        `{${ms.length === 0 ? inside : ms.map(([a, [k, v], b, c]) => `${a}${k}${b}:${c}${v}`).join(",")}}`,
    );
}

const anyText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    numberText,
    stringText,
    fc.constantFrom("true", "false", "null"),
    arrayText(tie("value")),
    objectText(fc.tuple(stringText, tie("value"))),
  ),
})).value;

/** A training body: x of `width` columns (mostly), y, options, oddities. */
const trainingText = fc.integer({ min: 1, max: 4 }).chain((width) => {
  const value = fc.oneof(
    { weight: 20, arbitrary: numberText },
    { weight: 1, arbitrary: anyText },
  );
  const row = fc.oneof(
    { weight: 20, arbitrary: arrayText(value, width, width) },
    { weight: 1, arbitrary: anyText },
  );
  const x = fc.oneof(
    { weight: 20, arbitrary: arrayText(row, 0, 5) },
    { weight: 1, arbitrary: anyText },
  );
  const label = fc.oneof(
    {
      weight: 10,
      arbitrary: fc.constantFrom(
        "0",
        "1",
        "1.0",
        "-0",
        "0e0",
        "[0]",
        "[1]",
        "[ 1.0 ]",
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "2",
        "0.5",
        "1e400",
        '"1"',
        "null",
        "[]",
        "[0,1]",
        "[[0]]",
        "[{}]",
      ),
    },
    { weight: 1, arbitrary: anyText },
  );
  const y = fc.oneof(
    { weight: 20, arbitrary: arrayText(label, 0, 5) },
    { weight: 1, arbitrary: anyText },
  );
  const key = fc.constantFrom(
    '"epochs"',
    '"lr"',
    '"loss"',
    '"init"',
    '"__proto__"',
    '"\\u0078"',
    '"y\\u0000"',
    '"constructor"',
  );
  const member = fc.oneof(
    { weight: 6, arbitrary: x.map((v): [string, string] => ['"x"', v]) },
    { weight: 6, arbitrary: y.map((v): [string, string] => ['"y"', v]) },
    { weight: 2, arbitrary: fc.tuple(key, anyText) },
    { weight: 1, arbitrary: fc.tuple(stringText, anyText) },
  );
  return fc
    .tuple(space, objectText(member, 6), space)
    .map((parts) => parts.join(""));
});

/** Positions at which to cut a text of any length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
  maxLength: 8,
});

function cutFractions(text: string, at: readonly number[]): string[] {
  return cutAt(
    text,
    at.map((f) => Math.floor(f * (text.length + 1))),
  );
}

describe("JsonBodyReader on generated bodies", () => {
  it("reads x, y and the other members, as JSON.parse would, cut anywhere", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(trainingText, cuts, (text, at) => {
        const read = training(cutFractions(text, at));
        expect(read).toEqual(expected(text));
        seen.add(typeof read === "string" ? read.replace(/\d+/g, "N") : "ok");
      }),
      { numRuns: 1500 },
    );
    // The bodies reach both the datasets and the many ways to get one wrong.
    expect(seen).toContain("ok");
    expect(seen.size).toBeGreaterThan(15);
  });

  it("refuses what JSON.parse refuses, and only that", () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom("delete", "insert", "replace"),
      fc.constantFrom(
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        '"',
        "\\",
        "0",
        "-",
        "+",
        ".",
        "e",
        "x",
        " ",
        "\u0001",
        "t",
        "u",
        "1",
        "\uD800",
      ),
    );
    const damaged = fc
      .tuple(trainingText, fc.array(edit, { minLength: 1, maxLength: 3 }))
      .map(([text, edits]) =>
        edits.reduce((s, [p, how, ch]) => {
          const i = p % (s.length + 1);
          const rest = how === "insert" ? s.slice(i) : s.slice(i + 1);
          return s.slice(0, i) + (how === "delete" ? "" : ch) + rest;
        }, text),
      );
    fc.assert(
      fc.property(damaged, cuts, (text, at) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          const read = () => readJson(cutFractions(text, at));
          expect(read).toThrow(MalformedBodyError);
          expect(read).toThrow(/^the body is not valid JSON: /);
          return;
        }
        const isObject =
          typeof parsed === "object" &&
          parsed !== null &&
          !Array.isArray(parsed);
        expect(training(cutFractions(text, at))).toEqual(
          isObject
            ? expected(text)
            : "MalformedBodyError: the body must be a JSON object",
        );
      }),
      { numRuns: 3000 },
    );
  });
});
