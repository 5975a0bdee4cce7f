/**
 * An Open Inference Protocol body read as it streams (input/inference-body.ts,
 * input/tensor-data.ts): cut anywhere, it reads as JSON.parse reads it, with
 * each input's data as float32 values in row-major order and the nesting it
 * had; a bad value is named by its place.
 */
import { describe, expect, it } from "vitest";
import { InferenceBodyReader } from "../../src/input/inference-body";
import { TensorDataReader } from "../../src/input/tensor-data";
import { everyCut } from "./chunks";

/** `value` with every TensorDataReader replaced by its tensor, plain. */
function plain(value: unknown): unknown {
  if (value instanceof TensorDataReader) {
    const { values, dims } = value.tensor();
    return { values: Array.from(values), dims };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

/** The body `chunks` make, each data array as what it read. */
function readPlain(chunks: readonly string[]): unknown {
  const reader = new InferenceBodyReader();
  for (const chunk of chunks) reader.push(chunk);
  return plain(reader.end());
}

describe("an inference body, cut anywhere", () => {
  const body = {
    id: "42",
    parameters: { a: 1, b: "two", c: true },
    inputs: [
      {
        name: "x",
        shape: [2, 2],
        datatype: "FP64",
        data: [
          [1.5, -2],
          [0.1, 3e-3],
        ],
        parameters: { p: false },
      },
    ],
    outputs: [{ name: "label" }],
  };
  const text = JSON.stringify(body, null, 1);

  it("reads its members as JSON.parse does, and its data as float32 rows", () => {
    const expected = {
      ...body,
      inputs: [
        {
          ...body.inputs[0],
          data: {
            values: Array.from(new Float32Array([1.5, -2, 0.1, 3e-3])),
            dims: [2, 2],
          },
        },
      ],
    };
    for (const chunks of everyCut(text)) {
      expect(readPlain(chunks)).toEqual(expected);
    }
  });

  it("reads flat data as one dimension", () => {
    const flat = JSON.stringify({ inputs: [{ data: [1, 2, 3, 4, 5, 6] }] });
    expect(readPlain([flat])).toEqual({
      inputs: [{ data: { values: [1, 2, 3, 4, 5, 6], dims: [6] } }],
    });
  });

  it("keeps __proto__ as a member, as JSON.parse does", () => {
    const text = '{"__proto__": {"x": 1}, "inputs": []}';
    const reader = new InferenceBodyReader();
    reader.push(text);
    const value = reader.end();
    expect(Object.keys(value)).toEqual(["__proto__", "inputs"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({
      x: 1,
    });
  });

  it("reads data only where an input's data is", () => {
    const text = '{"outputs": [{"data": [1, 2]}], "inputs": [{"data": 3}]}';
    expect(readPlain([text])).toEqual(JSON.parse(text));
  });
});

describe("data problems, named by their place", () => {
  const cases: [string, string][] = [
    ["[1, 2, true]", "inputs[0].data[2] is true, expected a number"],
    ["[[1, 2], [3, null]]", "inputs[0].data[1][1] is null, expected a number"],
    ["[[1, 2], [3]]", "inputs[0].data[1] has 1 items, expected 2"],
    ["[[1, 2], 3]", "inputs[0].data[1] is a number where arrays were"],
    ["[1, [2, 3]]", "inputs[0].data[1] is an array where numbers were"],
    ['[[1, {"a": 2}]]', "inputs[0].data[0][1] is an object, expected a number"],
    ["[1, 1e39]", "inputs[0].data[1] is outside the float32 range"],
  ];
  for (const [data, message] of cases) {
    it(`refuses ${data}`, () => {
      const reader = new InferenceBodyReader();
      reader.push(`{"inputs": [{"name": "x", "data": ${data}}]}`);
      const input = (reader.end().inputs as { data: TensorDataReader }[])[0];
      expect(() => input.data.tensor()).toThrow(message);
    });
  }
});
