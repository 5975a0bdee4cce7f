/**
 * The last check before a trained model is stored: every number in it is
 * finite, whatever field holds it, and the first that is not is named in
 * the model's words. No request reaches it today (the loop and trainLinear
 * refuse each path found first: tests/http/non-finite.test.ts); it is the net
 * under them and under any field added later, so it is tested here.
 */
import { describe, expect, it } from "vitest";
import {
  finiteModel,
  firstNonFinite,
  numberName,
  parameterName,
} from "../../src/engine/finite-model";
import { TrainingDivergedError } from "../../src/errors";

/** A model's numbers in the shape fitModel returns them, all finite. */
function model() {
  return {
    features: 2,
    classes: 3,
    cost: 0.5,
    history: [
      { epoch: 0, cost: 1, accuracy: 0.5 },
      { epoch: 10, cost: 0.5, accuracy: 1, validationCost: 0.7 },
    ],
    metrics: {
      logLoss: 0.5,
      rocAuc: null,
      roc: { fpr: [0, 1], tpr: [0, 1], thresholds: [null, 0.5] },
    },
    validation: { fraction: 0.5, metrics: { logLoss: 0.6 } },
    standardization: { mean: [1, 2], scale: [1, 2] },
    // 3 classes × 2 features, row by row; then 3 biases.
    weights: { w: new Float32Array(6), b: new Float32Array(3) },
    standardizedWeights: { w: new Float32Array(6), b: new Float32Array(3) },
    initialWeights: { w: new Float32Array(6), b: new Float32Array(3) },
    stopping: { stoppedAt: 10, bestEpoch: 0, reason: "completed" },
  };
}

describe("firstNonFinite", () => {
  it("finds nothing in a finite model, nulls included", () => {
    expect(firstNonFinite(model())).toBeNull();
  });

  it("finds NaN and both infinities in plain and typed arrays", () => {
    expect(firstNonFinite({ a: [1, { b: NaN }] })).toEqual({
      path: ["a", 1, "b"],
      value: NaN,
    });
    expect(firstNonFinite({ w: Float32Array.of(0, -Infinity) })).toEqual({
      path: ["w", 1],
      value: -Infinity,
    });
    expect(firstNonFinite(Float64Array.of(Infinity))).toEqual({
      path: [0],
      value: Infinity,
    });
  });

  it("gives the first in key order", () => {
    expect(firstNonFinite({ a: 1, b: Infinity, c: NaN })?.path).toEqual(["b"]);
  });
});

describe("numberName", () => {
  const m = model();
  const cases: [(string | number)[], string][] = [
    [["weights", "w", 3], "the weight of feature 2 of class 1"],
    [["weights", "b", 2], "the bias of class 2"],
    [
      ["standardizedWeights", "w", 4],
      "the weight of feature 1 of class 2 in standardized units",
    ],
    [["initialWeights", "w", 0], "the starting weight of feature 1 of class 0"],
    [["history", 1, "validationCost"], "the validation cost at epoch 10"],
    [["history", 0, "cost"], "the cost at epoch 0"],
    [["metrics", "logLoss"], "the training rows' logLoss"],
    [["metrics", "roc", "fpr", 1], "the training rows' roc.fpr[1]"],
    [["validation", "metrics", "logLoss"], "the held-out rows' logLoss"],
    [["standardization", "scale", 1], "the scale of feature 2"],
    [["stopping", "bestEpoch"], "stopping.bestEpoch"],
    [["cost"], "cost"],
  ];
  for (const [path, name] of cases) {
    it(`names ${path.join(".")}: ${name}`, () => {
      expect(numberName(m, path)).toBe(name);
    });
  }

  it("names the weights of one output without a class", () => {
    const one = { weights: { w: new Float32Array(3), b: new Float32Array(1) } };
    expect(numberName(one, ["weights", "w", 2])).toBe(
      "the weight of feature 3",
    );
    expect(numberName(one, ["weights", "b", 0])).toBe("the bias");
  });
});

describe("parameterName", () => {
  it("reads [W, b] as training lays it out", () => {
    // 2 outputs × 3 features, then 2 biases: 8 parameters.
    expect(parameterName(0, 2, 8)).toBe("the weight of feature 1 of class 0");
    expect(parameterName(5, 2, 8)).toBe("the weight of feature 3 of class 1");
    expect(parameterName(7, 2, 8)).toBe("the bias of class 1");
    expect(parameterName(1, 1, 3, "starting ")).toBe(
      "the starting weight of feature 2",
    );
  });
});

describe("finiteModel", () => {
  it("returns a finite model as it is", () => {
    const m = model();
    expect(finiteModel(m)).toBe(m);
  });

  it("refuses the first number that is not finite, naming it", () => {
    const m = model();
    m.history[1].validationCost = NaN;
    m.metrics.logLoss = Infinity;
    expect(() => finiteModel(m)).toThrow(TrainingDivergedError);
    expect(() => finiteModel(m)).toThrow(
      "the validation cost at epoch 10 is NaN, and a stored model holds finite numbers only",
    );
  });

  it("refuses a weight, naming its feature and class", () => {
    const m = model();
    m.weights.w[5] = -Infinity;
    expect(() => finiteModel(m)).toThrow(
      "the weight of feature 2 of class 2 is -Infinity",
    );
  });
});
