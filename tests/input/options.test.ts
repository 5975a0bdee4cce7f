/**
 * Training options: defaults, text from query strings, and ranges.
 */
import { describe, expect, it } from "vitest";
import { readTrainingOptions } from "../../src/input/train-options";
import { OptionError } from "../../src/errors";

describe("readTrainingOptions", () => {
  it("defaults to 100 epochs, lr 1, logEvery epochs/10, bce", () => {
    expect(readTrainingOptions({}, false)).toEqual({
      epochs: 100,
      lr: 1,
      logEvery: 10,
      loss: "bce",
      init: "zeros",
      threshold: 0.5,
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
      init: "zeros",
      threshold: 0.5,
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

describe("init", () => {
  it("reads each form, from JSON and from query text", () => {
    const read = (init: unknown, fromText = false) =>
      readTrainingOptions({ init }, fromText).init;
    expect(read("zeros")).toBe("zeros");
    expect(read({ torch: { seed: 2 ** 53 - 1 } })).toEqual({
      torch: { seed: 2 ** 53 - 1 },
    });
    expect(read('{"torch": {"seed": 1}}', true)).toEqual({
      torch: { seed: 1 },
    });
    expect(read({ w: [1, 2], b: 3 })).toEqual({ w: [1, 2], b: 3 });
    expect(read({ model: "toy", version: 2 })).toEqual({
      model: "toy",
      version: 2,
    });
  });

  it("refuses bad seeds, weights and shapes, naming the part", () => {
    const cases: [unknown, string][] = [
      [
        { torch: { seed: -1 } },
        "init.torch.seed must be an integer from 0 to 2^53 - 1, got -1",
      ],
      [{ torch: { seed: 1.5 } }, "init.torch.seed must be an integer"],
      [{ torch: { seed: 2 ** 53 } }, "init.torch.seed must be an integer"],
      [{ torch: { seed: "1" } }, 'got "1"'],
      [{ torch: 1 }, 'init.torch must be {"seed": S}'],
      [{ w: [1, "a"], b: 0 }, 'init.w[1] must be a number, got "a"'],
      [{ w: [1, 1e39], b: 0 }, "init.w[1] is outside the float32 range"],
      [{ w: [], b: 0 }, "init.w must be a non-empty array"],
      [{ w: [1] }, "init must be one of"],
      [{ model: 5 }, "init.model must be a model name"],
      [{ model: "a", version: 0 }, "init.version must be a positive integer"],
      ["ones", "init must be one of"],
    ];
    for (const [init, message] of cases) {
      expect(() => readTrainingOptions({ init }, false)).toThrow(message);
    }
    expect(() => readTrainingOptions({ init: "{torch" }, true)).toThrow(
      "init is not valid JSON",
    );
  });
});
