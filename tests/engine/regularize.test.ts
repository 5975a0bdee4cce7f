/**
 * The L1 and L2 penalties, worked by hand; their training against PyTorch is
 * in train-options.test.ts.
 */
import { describe, expect, it } from "vitest";
import { addPenaltyGradient, penaltyCost } from "../../src/engine/regularize";

describe("penaltyCost", () => {
  const w = new Float32Array([3, -4, 0]);

  it("is l1·Σ|w| + l2/2·Σw²", () => {
    // Σ|w| = 7, Σw² = 25.
    expect(penaltyCost(w, { l1: 0.5, l2: 0 })).toBe(3.5);
    expect(penaltyCost(w, { l1: 0, l2: 0.5 })).toBe(6.25);
    expect(penaltyCost(w, { l1: 0.5, l2: 0.5 })).toBe(9.75);
    expect(penaltyCost(w, { l1: 0, l2: 0 })).toBe(0);
  });
});

describe("addPenaltyGradient", () => {
  it("adds l1·sign(w) + l2·w to the weights' entries only, sign(0) = 0", () => {
    const w = new Float32Array([3, -4, 0]);
    // Four entries: three weights, then the bias.
    const grad = new Float64Array([1, 1, 1, 1]);
    const out = addPenaltyGradient(grad, w, { l1: 0.5, l2: 0.25 });
    expect(out).toBe(grad);
    expect(Array.from(grad)).toEqual([
      1 + 0.5 + 0.75,
      1 - 0.5 - 1,
      1, // sign(0) = 0: no pull at exactly zero, as autograd's abs
      1, // the bias is not penalised
    ]);
    expect(Array.from(w)).toEqual([3, -4, 0]);
  });
});
