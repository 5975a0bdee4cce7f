/**
 * The engine against the lab's numbers and against cases worked by hand.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { trainLogs } from "./train-logs";
import { zeroWeights } from "../../src/engine/weights";
import { TrainingDivergedError } from "../../src/errors";
import {
  COST_TOLERANCE,
  DIABETES_BCE_COSTS,
  DIABETES_LAB_COSTS,
  DIABETES_WEIGHTS_TORCH,
  TOY_COSTS,
  TOY_WEIGHTS_TORCH,
  diabetesDataset as diabetes,
} from "../fixtures/lab05";

const toy: Dataset = {
  x: new Float32Array([1, 2, 2, 3, 3, 1, 4, 3, 5, 3, 6, 2]),
  y: new Float32Array([0, 0, 0, 1, 1, 1]),
  rows: 6,
  cols: 2,
};

describe("the lab's tables", () => {
  for (const loss of ["lab", "bce"] as const) {
    it(`toy, 1000 epochs, loss ${loss}`, () => {
      const { history, weights } = trainLogs(toy, {
        epochs: 1000,
        lr: 1,
        logEvery: 100,
        loss,
        initial: zeroWeights(1, 2),
      });
      history.forEach((log, i) => {
        expect(log.epoch).toBe(i * 100);
        expect(Math.abs(log.cost - TOY_COSTS.lab[i])).toBeLessThanOrEqual(
          COST_TOLERANCE,
        );
      });
      // Final weights agree with PyTorch's float32 ones to float32 rounding.
      expect(weights.w[0]).toBeCloseTo(TOY_WEIGHTS_TORCH.w[0], 5);
      expect(weights.w[1]).toBeCloseTo(TOY_WEIGHTS_TORCH.w[1], 5);
      expect(weights.b[0]).toBeCloseTo(TOY_WEIGHTS_TORCH.b, 5);
    });
  }

  const tables = { lab: DIABETES_LAB_COSTS, bce: DIABETES_BCE_COSTS };
  for (const loss of ["lab", "bce"] as const) {
    it(`diabetes, 100 epochs, loss ${loss}`, () => {
      const { history, weights } = trainLogs(diabetes(), {
        epochs: 100,
        lr: 1,
        logEvery: 10,
        loss,
        initial: zeroWeights(1, 8),
      });
      expect(history).toHaveLength(11);
      history.forEach((log, i) => {
        expect(Math.abs(log.cost - tables[loss].lab[i])).toBeLessThanOrEqual(
          COST_TOLERANCE,
        );
        expect(Math.abs(log.cost - tables[loss].torch[i])).toBeLessThanOrEqual(
          COST_TOLERANCE,
        );
      });
      // Epoch 0: all h = 0.5, every row predicted 1, 496 of 759 rows are 1.
      expect(history[0].accuracy).toBe(496 / 759);
      for (let j = 0; j < 8; j++) {
        expect(weights.w[j]).toBeCloseTo(DIABETES_WEIGHTS_TORCH.w[j], 6);
      }
      expect(weights.b[0]).toBeCloseTo(DIABETES_WEIGHTS_TORCH.b, 6);
    });
  }
});

describe("cases worked by hand", () => {
  const one: Dataset = {
    x: new Float32Array([2]),
    y: new Float32Array([1]),
    rows: 1,
    cols: 1,
  };

  it("epochs 0 is one logged iteration and one update", () => {
    // z = 0, h = 0.5, cost = ln 2 (the kernel's float32 log: float32's
    // ln 2); dC/dz = h - y = -0.5; w -= 1 · (-0.5 · 2) -> 1,
    // b -= 1 · (-0.5) -> 0.5.
    const { history, weights } = trainLogs(one, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: zeroWeights(1, 1),
    });
    expect(history).toEqual([
      { epoch: 0, cost: Math.fround(Math.LN2), accuracy: 1 },
    ]);
    expect(Array.from(weights.w)).toEqual([1]);
    expect(weights.b[0]).toBe(0.5);
  });

  it("logs the cost before the update of its epoch", () => {
    // After epoch 0: w = 1, b = 0.5, so at epoch 1 z = 2.5 and the cost is
    // -log(sigmoid(2.5)) = log(1 + e^-2.5).
    const { history } = trainLogs(one, {
      epochs: 1,
      lr: 1,
      logEvery: 1,
      loss: "lab",
      initial: zeroWeights(1, 1),
    });
    expect(history[1].epoch).toBe(1);
    expect(history[1].cost).toBeCloseTo(Math.log1p(Math.exp(-2.5)), 15);
  });

  it("logs epoch e when e % logEvery is 0, including epoch 0", () => {
    const { history } = trainLogs(toy, {
      epochs: 25,
      lr: 0.1,
      logEvery: 10,
      loss: "bce",
      initial: zeroWeights(1, 2),
    });
    expect(history.map((log) => log.epoch)).toEqual([0, 10, 20]);
  });

  it("uses the mean gradient and lr", () => {
    // Two rows, zero start: dC/dw = ((0.5 - 1)·1 + (0.5 - 0)·3) / 2 = 0.5,
    // dC/db = 0; with lr 0.2, w = -0.1 and b = 0.
    const data: Dataset = {
      x: new Float32Array([1, 3]),
      y: new Float32Array([1, 0]),
      rows: 2,
      cols: 1,
    };
    const { weights } = trainLogs(data, {
      epochs: 0,
      lr: 0.2,
      logEvery: 1,
      loss: "bce",
      initial: zeroWeights(1, 1),
    });
    expect(weights.w[0]).toBe(Math.fround(-0.1));
    expect(weights.b[0]).toBe(0);
  });

  it("starts from the given weights and leaves inputs unchanged", () => {
    const initial = {
      w: new Float32Array([0.25, -0.5]),
      b: Float32Array.of(0.125),
    };
    const x = toy.x.slice();
    const { history, weights } = trainLogs(toy, {
      epochs: 3,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial,
    });
    expect(Array.from(initial.w)).toEqual([0.25, -0.5]);
    expect(initial.b[0]).toBe(0.125);
    expect(toy.x).toEqual(x);
    expect(weights.w).not.toBe(initial.w);
    // Epoch 0's cost is that of the initial weights: z_i = 0.25 a - 0.5 b + 0.125.
    const expected =
      [0, 1, 2, 3, 4, 5]
        .map((i) => {
          const z = 0.25 * toy.x[2 * i] - 0.5 * toy.x[2 * i + 1] + 0.125;
          const h = 1 / (1 + Math.exp(-z));
          return -(toy.y[i] * Math.log(h) + (1 - toy.y[i]) * Math.log(1 - h));
        })
        .reduce((a, b) => a + b) / 6;
    expect(history[0].cost).toBeCloseTo(expected, 6);
  });
});

describe("numerical safety", () => {
  // Rows far on the wrong side: |z| = 1e4, e^|z| overflows float64.
  const far: Dataset = {
    x: new Float32Array([1e4, -1e4]),
    y: new Float32Array([0, 1]),
    rows: 2,
    cols: 1,
  };
  const start = { w: new Float32Array([1]), b: new Float32Array(1) };

  it("the lab cost stays finite and exact for large |z|", () => {
    const { history } = trainLogs(far, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      loss: "lab",
      initial: start,
    });
    // -log(1 - sigmoid(1e4)) = softplus(1e4) = 1e4 for each row.
    expect(history[0].cost).toBe(1e4);
  });

  it("bce clamps each log at -100 as PyTorch does", () => {
    const { history } = trainLogs(far, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: start,
    });
    expect(history[0].cost).toBe(100);
  });

  it("a saturated bce row has no slope, as in PyTorch", () => {
    const { weights } = trainLogs(far, {
      epochs: 5,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: start,
    });
    expect(weights.w[0]).toBe(1);
  });

  it("throws TrainingDivergedError when the weights overflow float32", () => {
    const huge: Dataset = {
      x: new Float32Array([3e38, -3e38]),
      y: new Float32Array([0, 1]),
      rows: 2,
      cols: 1,
    };
    expect(() =>
      trainLogs(huge, {
        epochs: 3,
        lr: 1e38,
        logEvery: 1,
        loss: "lab",
        initial: zeroWeights(1, 1),
      }),
    ).toThrow(TrainingDivergedError);
  });
});
