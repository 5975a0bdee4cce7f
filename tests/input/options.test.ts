/**
 * Training options: defaults, text from query strings, and ranges; and the
 * schemas (src/input/schemas.ts) that give each its bounds, default and words.
 */
import { describe, expect, it } from "vitest";
import {
  readEvaluationOptions,
  readTrainingOptions,
} from "../../src/input/train-options";
import { ModelNameError, OptionError } from "../../src/errors";
import { expected } from "../../src/input/json-schema";
import {
  readFlag,
  readLimit,
  readModelName,
  readThresholdQuery,
  readVersion,
} from "../../src/input/model-ref";
import {
  EPOCHS,
  INIT,
  LOG_EVERY,
  LOSS,
  LR,
  MODEL_NAME,
  QUERY,
  THRESHOLD,
  TRAINING_OPTIONS,
  VALIDATION,
} from "../../src/input/schemas";

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
      [{ w: [], b: 0 }, "init.w must be one of a non-empty array"],
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

describe("the schemas behind the options", () => {
  it("words each refusal from its schema's keywords", () => {
    expect(expected(EPOCHS)).toBe("an integer from 0 to 100000");
    expect(expected(LR)).toBe("a finite number above 0");
    expect(expected(LOG_EVERY)).toBe("an integer of at least 1");
    expect(expected(LOSS)).toBe('"bce" or "lab"');
    expect(expected(THRESHOLD)).toBe("a number from 0 to 1");
    expect(expected(QUERY.version)).toBe(
      "one of a positive integer or an alias name",
    );
    expect(expected(QUERY.limit)).toBe("an integer from 1 to 1000");
    expect(expected(QUERY.explain)).toBe("true or false");
    expect(expected(VALIDATION.properties.fraction)).toBe(
      "a number between 0 and 1",
    );
    expect(expected(INIT.oneOf[1].properties.torch.properties.seed)).toBe(
      "an integer from 0 to 2^53 - 1",
    );
    expect(expected(INIT)).toBe(
      'one of "zeros", {"torch": {"seed": S}}, {"w": [...], "b": n} or {"model": "name", "version": n}',
    );
  });

  it("takes its defaults from the schemas", () => {
    const options = readTrainingOptions({}, false);
    expect(options).toMatchObject({
      epochs: EPOCHS.default,
      lr: LR.default,
      loss: LOSS.default,
      init: INIT.default,
      threshold: THRESHOLD.default,
    });
    expect(readLimit(undefined)).toBe(QUERY.limit.default);
    expect(readFlag("explain", undefined)).toBe(QUERY.explain.default);
    expect(
      readTrainingOptions({ validation: { fraction: 0.5 } }, false).validation,
    ).toEqual({ fraction: 0.5, seed: VALIDATION.properties.seed.default });
  });

  it("lists the options in the order of the schemas", () => {
    expect(() => readTrainingOptions({ epoch: 1 }, false)).toThrow(
      `expected one of ${Object.keys(TRAINING_OPTIONS).join(", ")}`,
    );
    expect(() => readEvaluationOptions({ toString: 1 }, false)).toThrow(
      'unknown option "toString": expected threshold',
    );
  });

  it("reads query values as their schemas bound them", () => {
    expect(readVersion("1")).toBe(1);
    expect(readVersion(String(Number.MAX_SAFE_INTEGER))).toBe(2 ** 53 - 1);
    for (const text of ["0", "", "9007199254740992", "a b", "é"]) {
      expect(() => readVersion(text)).toThrow(
        `version must be one of a positive integer or an alias name, got ${JSON.stringify(text)}`,
      );
    }
    // Not all digits: names, as model names may be, so aliases (a 404
    // naming the alias when the model has none of that name).
    for (const text of ["-1", "1.5", "1e3", "serving"]) {
      expect(readVersion(text)).toBe(text);
    }
    expect(readLimit("1000")).toBe(1000);
    expect(() => readLimit("1001")).toThrow(
      'limit must be an integer from 1 to 1000, got "1001"',
    );
    expect(readThresholdQuery(" 0.25 ")).toBe(0.25);
    expect(() => readThresholdQuery("2")).toThrow(
      "threshold must be a number from 0 to 1, got 2",
    );
    expect(() => readThresholdQuery("half")).toThrow(
      'threshold must be a number from 0 to 1, got "half"',
    );
    expect(() => readFlag("explain", "yes")).toThrow(
      'explain must be true or false, got "yes"',
    );
  });

  it("checks model names against the schema's pattern", () => {
    expect(readModelName("a".repeat(64))).toBe("a".repeat(64));
    expect(new RegExp(MODEL_NAME.pattern).test("a".repeat(65))).toBe(false);
    expect(() => readModelName("a b")).toThrow(ModelNameError);
  });
});

describe("which of several problems a request meets first", () => {
  // The order efc27e9 read them in: the table's, but classes and init
  // last, and each rule tying two options checked as soon as it can be.
  const cases: [Record<string, unknown>, string][] = [
    [{ init: "ones", threshold: 2 }, "threshold must be"],
    [{ classes: 1, l1: -1 }, "l1 must be"],
    [{ classes: 1, init: "ones" }, "classes must be"],
    [{ epochs: 100_000, logEvery: 1, loss: "mse" }, "logEvery 1 would log"],
    [{ seed: 3, optimizer: "adamw" }, "seed needs batchSize"],
    [
      { earlyStopping: { patience: 2 }, classWeights: 5 },
      "earlyStopping needs validation",
    ],
  ];
  for (const [raw, message] of cases) {
    it(`${JSON.stringify(raw)}: ${message}`, () => {
      expect(() => readTrainingOptions(raw, false)).toThrow(message);
    });
  }
});

describe('a "__proto__" key in an option', () => {
  it("is a class's weight like any label, kept as an own key", () => {
    const raw = JSON.parse('{"classWeights": {"a": 1, "__proto__": 2}}');
    const { classWeights } = readTrainingOptions(raw, false);
    expect(Object.entries(classWeights as object)).toEqual([
      ["__proto__", 2],
      ["a", 1],
    ]);
    expect(Object.getPrototypeOf(classWeights)).toBe(Object.prototype);
  });
});
