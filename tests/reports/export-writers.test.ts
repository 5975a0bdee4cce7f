/**
 * The pieces of the export writers a reader can check by hand: protobuf
 * varints against the encoding guide's examples
 * (protobuf.dev/programming-guides/encoding: 1 is 01, 150 is 96 01), field
 * keys, and the float32 threshold of the ONNX graph's label.
 */
import { describe, expect, it } from "vitest";
import { float32AtLeast } from "../../src/reports/onnx-export";
import {
  bytesField,
  intField,
  stringField,
  varint,
} from "../../src/reports/protobuf";

describe("varint", () => {
  it("writes the encoding guide's examples", () => {
    expect(Array.from(varint(1))).toEqual([0x01]);
    expect(Array.from(varint(150))).toEqual([0x96, 0x01]);
    expect(Array.from(varint(0))).toEqual([0x00]);
  });

  it("writes 2^53 − 1 in eight bytes of seven bits", () => {
    expect(Array.from(varint(2 ** 53 - 1))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f,
    ]);
  });

  it("refuses negative and fractional values", () => {
    expect(() => varint(-1)).toThrow(RangeError);
    expect(() => varint(0.5)).toThrow(RangeError);
  });
});

describe("fields", () => {
  it("keys a field by number and wire type", () => {
    // The guide's `a = 150` of field 1: 08 96 01.
    expect(Array.from(intField(1, 150))).toEqual([0x08, 0x96, 0x01]);
    // Its `b = "testing"` of field 2: 12 07 74 65 73 74 69 6e 67.
    expect(Array.from(stringField(2, "testing"))).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    // Field 14 (metadata_props), 200 bytes: key 0x72, length 0xc8 0x01.
    const field = bytesField(14, new Uint8Array(200));
    expect(Array.from(field.subarray(0, 3))).toEqual([0x72, 0xc8, 0x01]);
    expect(field).toHaveLength(203);
  });
});

describe("float32AtLeast", () => {
  it("keeps a threshold a float32 holds", () => {
    expect(float32AtLeast(0.5)).toBe(0.5);
    expect(float32AtLeast(0)).toBe(0);
    expect(float32AtLeast(1)).toBe(1);
  });

  it("rounds 0.7 up, to the float32 after the nearest", () => {
    const nearest = Math.fround(0.7); // 0.699999988079071, below 0.7
    expect(nearest).toBeLessThan(0.7);
    const t = float32AtLeast(0.7);
    expect(t).toBe(0.699999988079071 + 2 ** -24);
    expect(Math.fround(t)).toBe(t);
  });

  it("keeps 0.3, whose nearest float32 is above it", () => {
    expect(float32AtLeast(0.3)).toBe(Math.fround(0.3));
    expect(Math.fround(0.3)).toBeGreaterThan(0.3);
  });
});
