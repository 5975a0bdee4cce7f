/**
 * The warnings a training gives (src/engine/warnings.ts): none for the lab's
 * diabetes trainings, exactly `perfect_separation` for its toy training,
 * and each rule swept across its bound, as the README's Warnings section
 * states it, on inputs made by hand.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { fitModel } from "../../src/engine/fit-model";
import type { EpochLog } from "../../src/engine/epoch-history";
import { metricsOf } from "../../src/engine/linear-model";
import { trainLogs } from "./train-logs";
import type { TrainingEnd } from "../../src/engine/training-end";
import {
  GRADIENT_TOLERANCE,
  GROWTH_ELASTICITY,
  SCALE_RATIO,
  STALL_FALL,
  STALL_WINDOW,
  trainingWarnings,
  WARNING_CODES,
  type WarningInputs,
} from "../../src/engine/warnings";
import { zeroWeights } from "../../src/engine/weights";
import { MULTI } from "../fixtures/recording-data";
import {
  diabetesDataset,
  LAB_OPTIONS as LAB,
  toyDataset,
} from "../fixtures/lab05";

/** The codes of `warnings`, in order. */
const codes = (warnings: readonly { code: string }[]) =>
  warnings.map((w) => w.code);

describe("the lab's trainings", () => {
  const diabetes = diabetesDataset();
  for (const loss of ["bce", "lab"] as const) {
    it(`diabetes, 100 epochs, loss ${loss}: none`, () => {
      const model = fitModel(diabetes, { ...LAB, loss }, { init: "zeros" });
      expect(model.warnings).toEqual([]);
    });
    it(`toy, 1000 epochs, loss ${loss}: exactly perfect_separation`, () => {
      const options = { ...LAB, loss, epochs: 1000, logEvery: 100 };
      const model = fitModel(toyDataset(), options, { init: "zeros" });
      expect(codes(model.warnings)).toEqual(["perfect_separation"]);
      expect(model.warnings[0].message).toMatch(
        /^training accuracy is 1 and the weights are still growing: each 1% they grow lowers the cost by 3\.2\d\d%/,
      );
    });
  }

  it("diabetes from nn.Linear(8, 1) after torch.manual_seed(1): none", () => {
    const init = { torch: { seed: 1 } };
    const model = fitModel(diabetes, { ...LAB, init }, { init });
    expect(model.warnings).toEqual([]);
  });

  it("change none of the numbers: the loop and the metrics give the same", () => {
    const data = toyDataset();
    const options = { ...LAB, epochs: 1000, logEvery: 100 };
    const model = fitModel(data, options, { init: "zeros" });
    const plain = trainLogs(data, {
      epochs: 1000,
      lr: 1,
      logEvery: 100,
      loss: "bce",
      initial: zeroWeights(1, 2),
    });
    expect(model.history).toStrictEqual(plain.history);
    expect(model.weights).toStrictEqual(plain.weights);
    expect(model.metrics).toStrictEqual(metricsOf(data, plain.weights));
  });

  it("put the input's warnings first", () => {
    const header = {
      code: "header_decision" as const,
      message: "line 1 was read as a header: none of its fields is a number",
    };
    const options = { ...LAB, epochs: 1000, logEvery: 100 };
    const model = fitModel(toyDataset(), options, { init: "zeros" }, [header]);
    expect(codes(model.warnings)).toEqual([
      "header_decision",
      "perfect_separation",
    ]);
    expect(model.warnings[0]).toBe(header);
  });

  it("find a softmax model's separated classes", () => {
    const data: Dataset = {
      x: new Float32Array(MULTI.x.flat()),
      y: new Float32Array(MULTI.y),
      rows: MULTI.y.length,
      cols: 2,
    };
    const options = { ...LAB, lr: 0.1, classes: 3 };
    const model = fitModel(data, options, { init: "zeros" });
    expect(model.accuracy).toBe(1);
    expect(codes(model.warnings)).toEqual(["perfect_separation"]);
  });

  it("find a feature scaled by 10^k unscaled exactly when k passes 3", () => {
    // Two features of the same range, 5; the second scaled by 10^k.
    const first = [1, 2, 3, 4, 5, 6];
    const second = [2, 3, 1, 4, 6, 5];
    const unscaled = [0, 1, 2, 3, 4, 5].map((k) => {
      const data: Dataset = {
        x: new Float32Array(first.flatMap((v, i) => [v, second[i] * 10 ** k])),
        y: Float32Array.of(0, 0, 0, 1, 1, 1),
        rows: 6,
        cols: 2,
      };
      const model = fitModel(data, LAB, { init: "zeros" });
      return codes(model.warnings).includes("unscaled_features");
    });
    expect(unscaled).toEqual([false, false, false, false, true, true]);
  });
});

/** A training's end made by hand: one feature, one output, nothing amiss. */
function end(more: Partial<TrainingEnd> = {}): TrainingEnd {
  return {
    gradient: Float64Array.of(0, 0),
    cost: 0.5,
    radial: 0,
    penalised: false,
    saturated: 0,
    ranges: Float64Array.of(1),
    classCounts: [3, 3],
    ...more,
  };
}

/** Logged costs at epochs 0, 10, 20, …, as a history. */
function history(...costs: number[]): EpochLog[] {
  return costs.map((cost, i) => ({ epoch: i * 10, cost, accuracy: 0.5 }));
}

/** The warnings for `inputs`, the rest those of a training with nothing amiss. */
function warningsOf(inputs: Partial<WarningInputs>) {
  return trainingWarnings({
    end: end(),
    history: history(0.7, 0.6, 0.5),
    accuracy: 0.5,
    standardize: false,
    ...inputs,
  });
}

/** The codes of `warningsOf(inputs)`. */
const rules = (inputs: Partial<WarningInputs>) => codes(warningsOf(inputs));

describe("each rule at its bound", () => {
  it("lists every code once, the input's first", () => {
    expect(WARNING_CODES[0]).toBe("header_decision");
    expect(new Set(WARNING_CODES).size).toBe(6);
    expect(rules({})).toEqual([]);
  });

  it("saturated_probabilities: any row at the clamp", () => {
    expect(rules({ end: end({ saturated: 1 }) })).toEqual([
      "saturated_probabilities",
    ]);
    const [warning] = warningsOf({
      end: end({ saturated: 75, classCounts: [125, 75] }),
      accuracy: 0.625,
    });
    expect(warning.message).toMatch(
      /^75 of 200 training rows give their own class a probability of at most e\^-100/,
    );
  });

  it("not_converged: the gradient above 1e-4 while the cost stops falling", () => {
    expect(GRADIENT_TOLERANCE).toBe(1e-4);
    const flat = history(50, 50, 50);
    const gradients = [1e-6, 1e-5, 1e-4, 1.0001e-4, 1e-3, 1e-2, 1];
    expect(
      gradients.map((g) =>
        rules({ history: flat, end: end({ gradient: Float64Array.of(g, 0) }) }),
      ),
    ).toEqual([[], [], [], ...Array(4).fill(["not_converged"])]);
  });

  it("not_converged: a fall of the cost over the last 3 logged epochs, however small, is no stall", () => {
    expect([STALL_WINDOW, STALL_FALL]).toEqual([3, 0]);
    const steep = end({ gradient: Float64Array.of(0, 0.5) });
    // The last cost against the one two logged epochs before: 1 × (1 − δ).
    const falls = [1e-3, 1e-9, 0, -1e-9, -1e-3];
    expect(
      falls.map((d) =>
        rules({ history: history(9, 1, 0.2, 1 - d), end: steep }),
      ),
    ).toEqual([
      [],
      [],
      ["not_converged"],
      ["not_converged"],
      ["not_converged"],
    ]);
    // A cost that swings is judged by its trend: down, then up.
    expect(rules({ history: history(1, 1.2, 0.99), end: steep })).toEqual([]);
    expect(rules({ history: history(1, 0.8, 1.01), end: steep })).toEqual([
      "not_converged",
    ]);
    // One logged epoch says nothing of a trend.
    expect(rules({ history: history(50), end: steep })).toEqual([]);
    const [warning] = warningsOf({
      end: steep,
      history: history(1, 0.8, 1.01),
    });
    expect(warning.message).toBe(
      "the cost rose from 1 at epoch 0 to 1.01 at epoch 20 while the gradient is 0.5 for the bias (above 0.0001): training has not reached a minimum; lower lr, set standardize, or train longer",
    );
    // A rise under 4 significant digits is shown with the digits that tell
    // the two costs apart (a weight oscillating between two steps).
    const [small] = warningsOf({
      end: steep,
      history: history(0.466231, 0.45, 0.466247),
    });
    expect(small.message).toMatch(
      /^the cost rose from 0\.46623 at epoch 0 to 0\.46625 at epoch 20 /,
    );
    const [flat] = warningsOf({ end: steep, history: history(0.5, 0.4, 0.5) });
    expect(flat.message).toMatch(
      /^the cost stopped falling from 0\.5 at epoch 0 to 0\.5 at epoch 20 /,
    );
  });

  it("unscaled_features: one feature scaled by 10^k warns exactly when the ratio passes 1000", () => {
    expect(SCALE_RATIO).toBe(1000);
    const scales = [1, 10, 100, 999, 1000, 1001, 1e4, 1e5];
    const ranges = (scale: number) => Float64Array.of(5, 5 * scale, 0);
    const found = scales.map((scale) =>
      rules({ end: end({ ranges: ranges(scale) }) }),
    );
    expect(found).toEqual([
      ...Array(5).fill([]),
      ...Array(3).fill(["unscaled_features"]),
    ]);
    // Never with standardize; a constant feature (range 0) is no narrowest.
    expect(
      rules({ end: end({ ranges: ranges(1e5) }), standardize: true }),
    ).toEqual([]);
    const [warning] = warningsOf({
      end: end({ ranges: Float64Array.of(39800, 30) }),
    });
    expect(warning.message).toBe(
      "feature 1 spans 39800 and feature 2 spans 30, 1327 times as wide (over 1000) with standardize off: one lr cannot suit both; set standardize",
    );
  });

  it("perfect_separation: accuracy 1 and the cost falling by more than 0.01% for each 1% the weights grow", () => {
    expect(GROWTH_ELASTICITY).toBe(0.01);
    // −θ·∇J over J, with J = 1.
    const radials = [-1, 0, 1e-3, 0.01, 0.0101, 0.1, 3];
    expect(
      radials.map((radial) =>
        rules({ end: end({ radial, cost: 1 }), accuracy: 1 }),
      ),
    ).toEqual([[], [], [], [], ...Array(3).fill(["perfect_separation"])]);
    // Not below accuracy 1, nor once every row costs 0 (nothing falls).
    expect(
      rules({ end: end({ radial: 3, cost: 1 }), accuracy: 5 / 6 }),
    ).toEqual([]);
    expect(rules({ end: end({ radial: 0, cost: 0 }), accuracy: 1 })).toEqual(
      [],
    );
  });

  it("below_majority: fewer rows right than the largest class has", () => {
    const counts = [125, 75];
    expect(
      [124, 125, 126].map((right) =>
        rules({ end: end({ classCounts: counts }), accuracy: right / 200 }),
      ),
    ).toEqual([["below_majority"], [], []]);
    // Many classes: the largest is class 1, 5 of 10 rows.
    expect(
      rules({ end: end({ classCounts: [3, 5, 2] }), accuracy: 0.4 }),
    ).toEqual(["below_majority"]);
    const [warning] = warningsOf({
      end: end({ classCounts: counts }),
      accuracy: 124 / 200,
    });
    expect(warning.message).toBe(
      "training accuracy 0.62 (124 of 200 rows) is below the 0.625 of always predicting class 0 (125 rows)",
    );
    // 200,000 of 300,001 right against 200,002: both 0.6667 to 4 digits.
    const [close] = warningsOf({
      end: end({ classCounts: [200002, 99999] }),
      accuracy: 200000 / 300001,
    });
    expect(close.message).toBe(
      "training accuracy 0.66666 (200000 of 300001 rows) is below the 0.66667 of always predicting class 0 (200002 rows)",
    );
  });
});
