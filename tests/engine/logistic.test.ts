/**
 * The logistic model's formulas (plain-logistic.ts, the reference the
 * kernel is checked against), checked by hand and at the extremes.
 */
import { describe, expect, it } from "vitest";
import {
  bceCost,
  bceSlope,
  labCost,
  labSlope,
  logit,
  probability,
  softplus,
} from "./plain-logistic";

describe("logit and probability", () => {
  it("computes x·w + b for one row of a row-major matrix", () => {
    const x = new Float32Array([1, 2, 3, 4, 5, 6]);
    const w = new Float32Array([0.5, -1, 2]);
    expect(logit(x, 1, 3, w, 0.25)).toBe(4 * 0.5 - 5 + 12 + 0.25);
  });

  it("is 0.5 at z = 0 and saturates without NaN", () => {
    expect(probability(0)).toBe(0.5);
    expect(probability(1)).toBe(Math.fround(0.7310585786300049));
    expect(probability(1e6)).toBe(1);
    expect(probability(-1e6)).toBe(0);
    expect(probability(Infinity)).toBe(1);
    expect(probability(-Infinity)).toBe(0);
  });
});

describe("costs", () => {
  it("softplus is log(1 + e^t) without overflow", () => {
    expect(softplus(0)).toBe(Math.LN2);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(2)).toBeCloseTo(Math.log(1 + Math.exp(2)), 15);
  });

  it("the lab cost is -log h for y = 1 and -log(1 - h) for y = 0", () => {
    const z = 1.5;
    const h = 1 / (1 + Math.exp(-z));
    expect(labCost(z, 1)).toBeCloseTo(-Math.log(h), 15);
    expect(labCost(z, 0)).toBeCloseTo(-Math.log(1 - h), 15);
    expect(labCost(-800, 1)).toBe(800);
  });

  it("bce clamps log(0) at -100", () => {
    expect(bceCost(0.5, 1)).toBe(Math.LN2);
    expect(bceCost(0, 1)).toBe(100);
    expect(bceCost(1, 0)).toBe(100);
    expect(Math.abs(bceCost(1, 1))).toBe(0);
  });

  it("the slope of either cost in z is h - y away from saturation", () => {
    expect(labSlope(0, 1)).toBe(-0.5);
    expect(bceSlope(0.5, 0)).toBe(0.5);
    expect(bceSlope(1, 0)).toBe(0);
    expect(labSlope(200, 0)).toBe(1);
  });
});
