/**
 * The float32 exp and log of the kernel's "bce" pass (epoch-pass.wat's
 * `$expf_x4` and `$logf_x4`, exported a lane at a time as `expf` and `logf`)
 * against Math.exp and Math.log of the same float32 values, in float32 ulps
 * of the true value, over the whole range the pass feeds them: e^-z for
 * the float32 z it clamps to [-104, 104], and ln of y·h + (1-y)(1-h), any
 * float32 in [0, 1], subnormals and 0 included, clamped at -100 as
 * PyTorch's bce is.
 */
import { describe, expect, it } from "vitest";
import { epochKernel } from "../../src/engine/kernel";

/** float32's ulp at v: 2^(e - 23) for v in [2^e, 2^(e+1)), 2^-149 below. */
function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** mulberry32: a seeded generator of uniform numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The largest distance in float32 ulps of the truth over `xs`. */
function worst(
  f: (x: number) => number,
  truth: (x: number) => number,
  xs: number[],
): { ulps: number; at: number } {
  let most = { ulps: 0, at: NaN };
  for (const x of xs) {
    const t = truth(x);
    const ulps = Math.abs(f(x) - t) / ulp32(t);
    if (!(ulps <= most.ulps)) most = { ulps, at: x };
  }
  return most;
}

describe("the bce pass's float32 exp", () => {
  const { expf } = epochKernel();

  // Measured: 0.94 ulps at most here.
  it("is within 1 float32 ulp of Math.exp from -104 to 104", () => {
    const next = generator(16);
    const xs = Array.from({ length: 200_000 }, () =>
      Math.fround(-104 + 208 * next()),
    );
    // Around 0, where most logits are, and the range's ends.
    xs.push(...Array.from({ length: 20_000 }, () => Math.fround(next() - 0.5)));
    xs.push(-104, -88.72283935546875, 0, 88.72283935546875, 104);
    const { ulps } = worst(expf, Math.exp, xs);
    expect(ulps).toBeLessThanOrEqual(1);
  });

  it("clamps past ±104, where 1/(1 + e^x) is float32's 0 or 1 alike", () => {
    expect(expf(200)).toBe(expf(104));
    expect(expf(-200)).toBe(expf(-104));
    expect(Math.fround(1 / (1 + expf(104)))).toBe(0);
    expect(Math.fround(1 / (1 + expf(-104)))).toBe(1);
  });
});

describe("the bce pass's float32 log", () => {
  const { logf } = epochKernel();
  const clamped = (x: number) => Math.max(Math.log(x), -100);

  // Measured: 0.80 ulps at most here.
  it("is within 1 float32 ulp of Math.log over (0, 1], subnormals too", () => {
    const next = generator(61);
    // Uniform in [0, 1), and uniform in the exponent down to 2^-149.
    const xs = Array.from({ length: 100_000 }, () => Math.fround(next()));
    xs.push(
      ...Array.from({ length: 100_000 }, () =>
        Math.fround(2 ** (-149 * next())),
      ),
    );
    xs.push(1, 0.5, 2 ** -126, 2 ** -127, Math.fround(1 - 2 ** -24));
    const { ulps } = worst(
      logf,
      clamped,
      xs.filter((x) => x > 0),
    );
    expect(ulps).toBeLessThanOrEqual(1);
  });

  it("is the clamp, -100, at 0 and under e^-100", () => {
    expect(logf(0)).toBe(-100);
    expect(logf(2 ** -149)).toBe(-100);
    expect(logf(26 * 2 ** -149)).toBe(-100);
    // 27·2^-149 is over e^-100: ln is -99.98.
    expect(logf(27 * 2 ** -149)).toBeCloseTo(Math.log(27 * 2 ** -149), 5);
  });
});
