/**
 * Class weights: scikit-learn's "balanced" rule and PyTorch's weighted mean
 * (the training against PyTorch is in train-options.test.ts).
 */
import { describe, expect, it } from "vitest";
import { historyLogs } from "../../src/engine/epoch-history";
import { costTotals } from "../../src/engine/batch-gradient";
import { classWeights, sampleWeights } from "../../src/engine/class-weights";
import { trainLinear } from "../../src/engine/train";
import { zeroWeights } from "../../src/engine/weights";
import { diabetes, fixture } from "../fixtures/options";

describe("classWeights", () => {
  it('"balanced" is n / (2·n_c): compute_class_weight on the diabetes labels', () => {
    const { y } = diabetes();
    expect(classWeights("balanced", y)).toEqual(fixture.balancedDiabetes);
    // 759 rows, 263 of class 0 and 496 of class 1.
    expect(classWeights("balanced", y)).toEqual([759 / 526, 759 / 992]);
  });

  it("takes explicit weights as given", () => {
    expect(
      classWeights({ "0": 2, "1": 0.5 }, new Float32Array([0, 1])),
    ).toEqual([2, 0.5]);
  });

  it("balanced by hand: three of class 0, one of class 1", () => {
    expect(classWeights("balanced", new Float32Array([0, 1, 0, 0]))).toEqual([
      4 / 6,
      2,
    ]);
  });
});

describe("sampleWeights", () => {
  it("gives each row its class's weight, as float32", () => {
    const y = new Float32Array([0, 1, 1, 0]);
    const out = new Float32Array(4);
    expect(sampleWeights(out, y, [0.1, 3])).toBe(out);
    expect(Array.from(out)).toEqual([Math.fround(0.1), 3, 3, Math.fround(0.1)]);
    expect(Array.from(y)).toEqual([0, 1, 1, 0]);
  });
});

describe("the weighted mean cost", () => {
  it("divides Σ w_i·cost_i by n, not by Σ w_i, as F.binary_cross_entropy(weight=)", () => {
    // Zero weights: every cost is ln 2. Sample weights 3 and 1 over n = 2
    // give (3 + 1)·ln 2 / 2 = 2 ln 2 (a Σw-normalised mean would give ln 2).
    const data = {
      x: new Float32Array([1, -1]),
      y: new Float32Array([1, 0]),
      rows: 2,
      cols: 1,
    };
    const weights = new Float32Array([3, 1]);
    const totals = costTotals(
      { cost: 0, correct: 0 },
      data,
      new Float32Array(1),
      0,
      "bce",
      weights,
    );
    expect(totals.cost / 2).toBeCloseTo(2 * Math.LN2, 15);
    const { history } = trainLinear(data, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: zeroWeights(1, 1),
      sampleWeights: weights,
    });
    expect(historyLogs(history)[0].cost).toBeCloseTo(2 * Math.LN2, 15);
  });
});
