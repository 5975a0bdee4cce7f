/**
 * Softmax regression on the course's zoo data against PyTorch 1.13
 * (F.cross_entropy + optim.SGD, lr 0.1, 1000 epochs, as the course's lab 6),
 * per-class metrics against scikit-learn 1.2.1 (tests/fixtures/options.py),
 * and cases worked by hand.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import {
  classMetrics,
  multiclassConfusion,
  multiclassMetrics,
} from "../../src/engine/multiclass-metrics";
import {
  predictedClasses,
  softmaxPass,
  softmaxLabelsAndCost,
  softmaxProbabilities,
} from "../../src/engine/softmax";
import { trainLogs } from "./train-logs";
import { zeroWeights } from "../../src/engine/weights";
import { TrainingDivergedError } from "../../src/errors";
import { fixture, zoo } from "../fixtures/options";
import type { LinearWeights } from "../../src/engine/weights";

/**
 * The mean cross-entropy and the accuracy of `weights` on `data`: one
 * `softmaxPass` without a gradient, as a logged iteration measures it.
 */
function softmaxCostAndAccuracy(data: Dataset, weights: LinearWeights) {
  const totals = { cost: 0, correct: 0 };
  softmaxPass(
    null,
    totals,
    data,
    weights.w,
    weights.b,
    null,
    0,
    data.rows,
    null,
  );
  return {
    cost: totals.cost / data.rows,
    accuracy: totals.correct / data.rows,
  };
}

const TOLERANCE = 1e-6;

describe("zoo against PyTorch", () => {
  for (const c of fixture.softmax) {
    it(c.name, () => {
      const data = zoo();
      const classes = fixture.zoo.classes;
      const initial =
        c.initial === undefined
          ? zeroWeights(classes, data.cols)
          : {
              w: Float32Array.from(c.initial.w),
              b: Float32Array.from(c.initial.b),
            };
      const { weights, history } = trainLogs(data, {
        epochs: c.epochs,
        lr: c.lr,
        logEvery: c.logEvery,
        initial,
      });
      expect(history.map((log) => log.epoch)).toEqual(
        c.history.map((log) => log.epoch),
      );
      history.forEach((log, i) => {
        expect(Math.abs(log.cost - c.history[i].cost)).toBeLessThanOrEqual(
          TOLERANCE,
        );
        expect(log.accuracy).toBe(c.history[i].accuracy);
      });
      weights.w.forEach((v, q) =>
        expect(Math.abs(v - c.weights.w[q])).toBeLessThanOrEqual(TOLERANCE),
      );
      weights.b.forEach((v, k) =>
        expect(Math.abs(v - c.weights.b[k])).toBeLessThanOrEqual(TOLERANCE),
      );

      const p = softmaxProbabilities(
        new Float32Array(data.rows * classes),
        data.x,
        data.rows,
        data.cols,
        weights,
      );
      p.forEach((v, q) =>
        expect(Math.abs(v - c.probabilities[q])).toBeLessThanOrEqual(TOLERANCE),
      );
      const predicted = predictedClasses(
        new Uint32Array(data.rows),
        p,
        classes,
      );
      expect(Array.from(predicted)).toEqual(c.predicted);
      const matrix = multiclassConfusion(data.y, predicted, classes);
      expect(matrix).toEqual(c.metrics.confusion);
      expect(classMetrics(matrix)).toEqual({
        precision: c.metrics.precision,
        recall: c.metrics.recall,
        f1: c.metrics.f1,
        support: c.metrics.support,
      });
    });
  }
});

describe("cases worked by hand", () => {
  const three: Dataset = {
    x: new Float32Array([1, 0, 0, 1, 1, 1]),
    y: new Float32Array([0, 1, 2]),
    rows: 3,
    cols: 2,
  };

  it("zero weights: cost ln K, every class 1/K, ties go to class 0", () => {
    const { history } = trainLogs(three, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      initial: zeroWeights(3, 2),
    });
    expect(history[0].cost).toBeCloseTo(Math.log(3), 15);
    // Every row predicts class 0, right for row 0 only.
    expect(history[0].accuracy).toBe(1 / 3);
    const p = softmaxProbabilities(
      new Float32Array(9),
      three.x,
      3,
      2,
      zeroWeights(3, 2),
    );
    expect(Array.from(p)).toEqual(new Array(9).fill(Math.fround(1 / 3)));
    expect(Array.from(predictedClasses(new Uint32Array(3), p, 3))).toEqual([
      0, 0, 0,
    ]);
  });

  it("one step: W −= lr/n · Σ (p − onehot)·x", () => {
    // At zero weights p = 1/3 for every class. Row 0 (x = [1, 0], y = 0)
    // gives class 0 feature 0 the slope 1/3 − 1, class 1 and 2 + 1/3 each;
    // summing rows 0..2 for class 0, feature 0: (1/3 − 1)·1 + (1/3)·0 +
    // (1/3)·1 = −1/3, so W_00 = 0 − (3/3)·(−1/3) = 1/3.
    const { weights } = trainLogs(three, {
      epochs: 0,
      lr: 3,
      logEvery: 1,
      initial: zeroWeights(3, 2),
    });
    const third = 1 / 3;
    expect(weights.w[0]).toBeCloseTo(third, 7);
    // Class 0 feature 1: rows 1 and 2 with slope 1/3: −(2/3).
    expect(weights.w[1]).toBeCloseTo(-2 * third, 7);
    // Biases: Σ_i (1/3 − [y_i = k]) = 1 − 1 = 0 for each class, up to
    // the rounding of 1/3.
    for (const b of weights.b) expect(b).toBeCloseTo(0, 15);
  });

  it("stays finite for logits of 10^4, where e^z overflows", () => {
    const far: Dataset = {
      x: new Float32Array([1e4, -1e4]),
      y: new Float32Array([1, 2]),
      rows: 2,
      cols: 1,
    };
    const initial = {
      w: new Float32Array([1, 0, -1]),
      b: new Float32Array(3),
    };
    const { history } = trainLogs(far, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      initial,
    });
    // Row 0: z = [1e4, 0, −1e4], label 1: cost 1e4. Row 1: z = [−1e4, 0,
    // 1e4], label 2: cost 0 (to float64 precision).
    expect(history[0].cost).toBe(1e4 / 2);
    expect(history[0].accuracy).toBe(0.5);
  });

  it("throws TrainingDivergedError when the weights overflow float32", () => {
    const huge: Dataset = {
      x: new Float32Array([3e38, -3e38]),
      y: new Float32Array([0, 2]),
      rows: 2,
      cols: 1,
    };
    expect(() =>
      trainLogs(huge, {
        epochs: 3,
        lr: 1e38,
        logEvery: 1,
        initial: zeroWeights(3, 1),
      }),
    ).toThrow(TrainingDivergedError);
  });

  it("leaves its inputs unchanged", () => {
    const data = zoo();
    const x = data.x.slice();
    const initial = zeroWeights(7, 16);
    const { weights } = trainLogs(data, {
      epochs: 3,
      lr: 0.1,
      logEvery: 1,
      initial,
    });
    expect(data.x).toEqual(x);
    expect(initial.w.every((v) => v === 0)).toBe(true);
    expect(weights.w).not.toBe(initial.w);
  });
});

describe("softmaxLabelsAndCost", () => {
  it("gives predictedClasses' labels and softmaxCostAndAccuracy's cost, to the bit", () => {
    const data = zoo();
    const { weights } = trainLogs(data, {
      epochs: 30,
      lr: 0.1,
      logEvery: 10,
      initial: zeroWeights(7, 16),
    });
    const labels = new Uint32Array(data.rows);
    const cost = softmaxLabelsAndCost(labels, data, weights);
    const probabilities = softmaxProbabilities(
      new Float32Array(data.rows * 7),
      data.x,
      data.rows,
      data.cols,
      weights,
    );
    expect(labels).toEqual(
      predictedClasses(new Uint32Array(data.rows), probabilities, 7),
    );
    expect(cost).toBe(softmaxCostAndAccuracy(data, weights).cost);
  });

  it("breaks a tie to the lowest class, as torch.argmax", () => {
    const data: Dataset = {
      x: new Float32Array([1, 1]),
      y: new Float32Array([2, 0]),
      rows: 2,
      cols: 1,
    };
    const labels = new Uint32Array(2);
    const cost = softmaxLabelsAndCost(labels, data, zeroWeights(3, 1));
    expect(Array.from(labels)).toEqual([0, 0]);
    expect(cost).toBeCloseTo(Math.log(3), 15);
  });
});

describe("per-class metrics against scikit-learn", () => {
  for (const c of fixture.multiclassMetrics) {
    it(`${c.classes} classes, ${c.actual.length} samples`, () => {
      const matrix = multiclassConfusion(c.actual, c.predicted, c.classes);
      expect(matrix).toEqual(c.confusion);
      expect(classMetrics(matrix)).toEqual({
        precision: c.precision,
        recall: c.recall,
        f1: c.f1,
        support: c.support,
      });
      const all = multiclassMetrics(c.actual, c.predicted, c.classes, 0.25);
      expect(all.macro).toEqual(c.macro);
      expect(all.weighted).toEqual(c.weighted);
      const right = c.actual.filter((a, i) => a === c.predicted[i]).length;
      expect(all.accuracy).toBe(right / c.actual.length);
      expect(all.samples).toBe(c.actual.length);
      expect(all.cost).toBe(0.25);
    });
  }
});

describe("validation rows", () => {
  it("logs their cost and accuracy without training on them", () => {
    const data = zoo();
    const half = {
      x: data.x.subarray(0, 50 * data.cols),
      y: data.y.subarray(0, 50),
      rows: 50,
      cols: data.cols,
    };
    const rest = {
      x: data.x.subarray(50 * data.cols),
      y: data.y.subarray(50),
      rows: data.rows - 50,
      cols: data.cols,
    };
    const options = {
      epochs: 20,
      lr: 0.1,
      logEvery: 10,
      initial: zeroWeights(7, 16),
    };
    const alone = trainLogs(half, options);
    const watched = trainLogs(half, { ...options, validation: rest });
    expect(watched.weights).toEqual(alone.weights);
    const first = softmaxCostAndAccuracy(rest, options.initial);
    expect(first.cost).toBeCloseTo(Math.log(7), 12);
    expect(watched.history[0]).toEqual({
      ...alone.history[0],
      validationCost: first.cost,
      validationAccuracy: first.accuracy,
    });
    // Iteration 20 starts from the weights 20 updates (epochs 0..19) give.
    const before20 = trainLogs(half, { ...options, epochs: 19 }).weights;
    const held = softmaxCostAndAccuracy(rest, before20);
    expect(watched.history[2]).toMatchObject({
      epoch: 20,
      validationCost: held.cost,
      validationAccuracy: held.accuracy,
    });
  });
});
