/**
 * SGD and Adam update rules: steps worked by hand, and PyTorch 1.13's own
 * optimizers fed the same gradients (tests/fixtures/options.py).
 */
import { describe, expect, it } from "vitest";
import {
  adamOptimizer,
  createOptimizer,
  plainSgd,
  sgdOptimizer,
} from "../../src/engine/optimizers";
import { fixture } from "../fixtures/options";

const f = Math.fround;

describe("sgd", () => {
  it("plain: p − lr·g, rounded to float32", () => {
    const step = createOptimizer(plainSgd, 0.5, 2);
    const params = new Float32Array([1, -2]);
    const grad = new Float64Array([0.1, 3]);
    expect(step(params, grad)).toBe(params);
    expect(Array.from(params)).toEqual([f(1 - 0.05), -3.5]);
    expect(Array.from(grad)).toEqual([0.1, 3]);
  });

  it("momentum: the buffer starts as the gradient, then m·buf + g", () => {
    const step = sgdOptimizer(
      { kind: "sgd", momentum: 0.5, nesterov: false, weightDecay: 0 },
      1,
      1,
    );
    const p = new Float32Array([0]);
    step(p, new Float64Array([2])); // buf = 2, p = −2
    expect(p[0]).toBe(-2);
    step(p, new Float64Array([2])); // buf = 0.5·2 + 2 = 3, p = −5
    expect(p[0]).toBe(-5);
    step(p, new Float64Array([0])); // buf = 1.5, p = −6.5
    expect(p[0]).toBe(-6.5);
  });

  it("nesterov: steps by g + m·buf", () => {
    const step = sgdOptimizer(
      { kind: "sgd", momentum: 0.5, nesterov: true, weightDecay: 0 },
      1,
      1,
    );
    const p = new Float32Array([0]);
    step(p, new Float64Array([2])); // buf = 2, d = 2 + 1 = 3
    expect(p[0]).toBe(-3);
    step(p, new Float64Array([2])); // buf = 3, d = 2 + 1.5 = 3.5
    expect(p[0]).toBe(-6.5);
  });

  it("weight decay adds λ·p to every gradient, the last (bias) included", () => {
    const step = sgdOptimizer(
      { kind: "sgd", momentum: 0, nesterov: false, weightDecay: 0.25 },
      1,
      2,
    );
    const p = new Float32Array([4, 8]);
    step(p, new Float64Array([0, 0]));
    expect(Array.from(p)).toEqual([3, 6]);
  });
});

describe("adam", () => {
  it("first step: bias corrections make it −lr·g/(|g| + eps)", () => {
    // t = 1: m = (1 − β1)g, v = (1 − β2)g²; m / (1 − β1) = g and
    // √v / √(1 − β2) = |g|, up to the rounding the formula does.
    const lr = 0.01;
    const step = adamOptimizer(
      { kind: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      lr,
      3,
    );
    const p = new Float32Array([1, -2, 0.5]);
    step(p, new Float64Array([0.5, -4, 0]));
    const one = (p0: number, g: number) => {
      const m = f((1 - 0.9) * g);
      const v = f((1 - 0.999) * g * g);
      const denom = Math.sqrt(v) / Math.sqrt(1 - 0.999) + 1e-8;
      return f(p0 - (lr / (1 - 0.9)) * (m / denom));
    };
    expect(Array.from(p)).toEqual([one(1, 0.5), one(-2, -4), 0.5]);
    expect(p[0]).toBeCloseTo(0.99, 6);
    expect(p[1]).toBeCloseTo(-1.99, 6);
  });

  it("second step: moments decay, corrections use t = 2", () => {
    const lr = 0.1;
    const [b1, b2, eps, wd] = [0.5, 0.75, 1e-3, 0.5];
    const step = adamOptimizer(
      { kind: "adam", beta1: b1, beta2: b2, eps, weightDecay: wd },
      lr,
      1,
    );
    const p = new Float32Array([2]);
    step(p, new Float64Array([1]));
    step(p, new Float64Array([-3]));
    // By hand, with weight decay: d = g + wd·p.
    let param = 2;
    let m = 0;
    let v = 0;
    for (const [t, g] of [
      [1, 1],
      [2, -3],
    ]) {
      const d = g + wd * param;
      m = f(m * b1 + (1 - b1) * d);
      v = f(v * b2 + (1 - b2) * d * d);
      const denom = Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps;
      param = f(param - (lr / (1 - b1 ** t)) * (m / denom));
    }
    expect(p[0]).toBe(param);
  });

  it("keeps its own state per optimizer", () => {
    const options = {
      kind: "adam",
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    } as const;
    const a = createOptimizer(options, 0.1, 1);
    const b = createOptimizer(options, 0.1, 1);
    const pa = new Float32Array([0]);
    const pb = new Float32Array([0]);
    a(pa, new Float64Array([1]));
    a(pa, new Float64Array([1]));
    b(pb, new Float64Array([1]));
    expect(pb[0]).toBe(f(-0.1 / (1 + 1e-8)));
    expect(pa[0]).not.toBe(pb[0]);
  });
});

describe("against torch.optim on fixed gradients", () => {
  // The gradients are float32 values, so both sides start from the same
  // numbers; PyTorch rounds to float32 after every tensor operation and the
  // engine only when it stores, so they may differ by a unit or two in the
  // last float32 place at the parameters' scale, 1 (most agree exactly).
  for (const c of fixture.optimizerSteps) {
    it(c.name, () => {
      const params = Float32Array.from(c.start);
      const step = createOptimizer(c.optimizer, c.lr, params.length);
      c.grads.forEach((g, t) => {
        step(params, Float64Array.from(g));
        params.forEach((value, j) => {
          const expected = c.params[t][j];
          expect(Math.abs(value - expected)).toBeLessThanOrEqual(
            2 * ulp(Math.max(Math.abs(expected), 1)),
          );
        });
      });
    });
  }
});

/** The spacing of float32 numbers at x ≥ 1. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 23);
}
