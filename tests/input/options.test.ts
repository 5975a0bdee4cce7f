/**
 * Training options: defaults, text from query strings, and ranges.
 */
import { describe, expect, it } from "vitest";
import { readTrainingOptions } from "../../src/input/train-options";
import { readLabels, readRows } from "../../src/input/json-data";
import { OptionError } from "../../src/errors";

describe("readTrainingOptions", () => {
  it("defaults to 100 epochs, lr 1, logEvery epochs/10, bce", () => {
    expect(readTrainingOptions({}, false)).toEqual({
      epochs: 100,
      lr: 1,
      logEvery: 10,
      loss: "bce",
    });
    expect(readTrainingOptions({ epochs: 5 }, false).logEvery).toBe(1);
    expect(readTrainingOptions({ epochs: 0 }, false).logEvery).toBe(1);
    expect(readTrainingOptions({ epochs: 1000 }, false).logEvery).toBe(100);
  });

  it("reads numbers from query text", () => {
    expect(
      readTrainingOptions(
        { epochs: "20", lr: "0.5", logEvery: "5", loss: "lab" },
        true,
      ),
    ).toEqual({
      epochs: 20,
      lr: 0.5,
      logEvery: 5,
      loss: "lab",
    });
  });

  it("does not read numbers from JSON strings", () => {
    expect(() => readTrainingOptions({ lr: "0.5" }, false)).toThrow(
      OptionError,
    );
  });

  it("refuses values out of range", () => {
    for (const raw of [
      { epochs: -1 },
      { epochs: 2.5 },
      { lr: 0 },
      { lr: Infinity },
      { logEvery: 0 },
      { loss: "hinge" },
    ]) {
      expect(() => readTrainingOptions(raw, false)).toThrow(OptionError);
    }
  });
});

describe("JSON rows and labels", () => {
  it("reads rows into a row-major float32 matrix", () => {
    const m = readRows([
      [1, 2],
      [3, 4.5],
    ]);
    expect(m).toMatchObject({ rows: 2, cols: 2 });
    expect(Array.from(m.values)).toEqual([1, 2, 3, 4.5]);
  });

  it("reads labels flat or in the lab's [[0], [1]] shape", () => {
    expect(Array.from(readLabels([0, 1], 2))).toEqual([0, 1]);
    expect(Array.from(readLabels([[0], [1]], 2))).toEqual([0, 1]);
  });
});
