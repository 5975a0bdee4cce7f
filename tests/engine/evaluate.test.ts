/**
 * Prediction into a caller's array, and the confusion matrix.
 */
import { describe, expect, it } from "vitest";
import { confusionAt } from "../../src/engine/metrics";
import type { Dataset } from "../../src/engine/dataset";
import { accuracyOf, labelOf } from "../../src/engine/evaluate";
import {
  predict,
  predictInto,
  predictProbabilities,
} from "../../src/engine/linear-model";

const weights = { w: new Float32Array([1, -1]), b: new Float32Array(1) };
const data: Dataset = {
  // z = a - b: 1, -1, 0, 2 -> labels 1, 0, 1 (h = 0.5 counts as 1), 1
  x: new Float32Array([2, 1, 1, 2, 3, 3, 4, 2]),
  y: new Float32Array([1, 1, 0, 1]),
  rows: 4,
  cols: 2,
};

describe("predictProbabilities", () => {
  it("writes sigmoid(x·w + b) into out and returns out", () => {
    const out = new Float32Array(4);
    expect(predictProbabilities(out, data.x, 4, 2, weights)).toBe(out);
    expect(Array.from(out)).toEqual(
      [1, -1, 0, 2].map((z) => Math.fround(1 / (1 + Math.exp(-z)))),
    );
  });

  it("leaves x and the weights unchanged", () => {
    const x = data.x.slice();
    predictProbabilities(new Float32Array(4), data.x, 4, 2, weights);
    expect(data.x).toEqual(x);
    expect(Array.from(weights.w)).toEqual([1, -1]);
  });
});

describe("predictInto", () => {
  // 3 classes over 2 features, and the sigmoid's weights above.
  const softmax = {
    w: new Float32Array([1, -1, 0.5, 0.25, -2, 1]),
    b: new Float32Array([0, 0.5, -0.5]),
  };
  for (const [name, model] of [
    ["one output", weights],
    ["three outputs", softmax],
  ] as const) {
    it(`predicts a block of rows through views as predict does them all (${name})`, () => {
      const outputs = model.b.length;
      const whole = predict(model, data.x, 4, 2, 0.6);
      const probabilities = new Float32Array(3 * outputs);
      const labels = new Uint32Array(3);
      for (const [start, end] of [
        [0, 3],
        [3, 4],
      ]) {
        const n = end - start;
        const out = {
          probabilities: probabilities.subarray(0, n * outputs),
          labels: labels.subarray(0, n),
        };
        const x = data.x.subarray(start * 2, end * 2);
        expect(predictInto(out, model, x, n, 2, 0.6)).toBe(out);
        expect(out.probabilities).toEqual(
          whole.probabilities.subarray(start * outputs, end * outputs),
        );
        expect(out.labels).toEqual(whole.labels.subarray(start, end));
      }
    });
  }
});

describe("labels and the confusion matrix", () => {
  it("labels h >= 0.5 as 1, as the lab does", () => {
    expect(labelOf(0.5)).toBe(1);
    expect(labelOf(Math.fround(0.4999999))).toBe(0);
  });

  it("counts tp, fp, tn, fn", () => {
    // predicted 1, 0, 1, 1 against labels 1, 1, 0, 1
    const c = confusionAt(
      predictProbabilities(new Float32Array(4), data.x, 4, 2, weights),
      data.y,
    );
    expect(c).toEqual({ tp: 2, fp: 1, tn: 0, fn: 1 });
    expect(accuracyOf(c)).toBe(0.5);
  });
});
