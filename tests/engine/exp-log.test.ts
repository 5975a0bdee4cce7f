/**
 * The engine's exp and log against true values (Python's decimal module at
 * 50 digits, of the very doubles passed in) and against Math.exp and
 * Math.log on many values over their whole range; and the float32 exp and
 * log of the kernel's "bce" pass (epoch-pass.wat's `$expf_x4` and
 * `$logf_x4`, exported a lane at a time as `expf` and `logf`) against
 * Math.exp and Math.log of the same float32 values, in float32 ulps of the
 * true value, over the whole range the pass feeds them: e^-z for the
 * float32 z it clamps to [-104, 104], and ln of y·h + (1-y)(1-h), any
 * float32 in [0, 1], subnormals and 0 included, clamped at -100 as
 * PyTorch's bce is.
 */
import { describe, expect, it } from "vitest";
import { exp, log } from "../../src/engine/exp-log";
import { epochKernel } from "../../src/engine/kernel";
import { generator } from "./seeded";

const bits = new Float64Array(1);
const word = new BigUint64Array(bits.buffer);

/** The gap from |v| to the next double up: one ulp of v. */
function ulp(v: number): number {
  bits[0] = Math.abs(v);
  word[0] += 1n;
  return bits[0] - Math.abs(v);
}

/** |a - b| in ulps of b; 0 when both are the same value, NaN included. */
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / ulp(b);
}

/**
 * The largest distance in ulps of `f` from `reference` over `xs`, measured
 * by `apart` (in float64 ulps unless told).
 */
function worst(
  f: (x: number) => number,
  reference: (x: number) => number,
  xs: number[],
  apart: (a: number, b: number) => number = ulpsApart,
): { ulps: number; at: number } {
  let most = { ulps: 0, at: NaN };
  for (const x of xs) {
    const ulps = apart(f(x), reference(x));
    if (!(ulps <= most.ulps)) most = { ulps, at: x };
  }
  return most;
}

describe("exp", () => {
  it("gives the true value rounded to the nearest double here", () => {
    // x, then e^x to 21 digits, which a double literal rounds to nearest.
    const truth: [number, number][] = [
      [-1, 0.367879441171442321596],
      [0.5, 1.64872127070012814685],
      [-20, 2.06115362243855782797e-9],
      [30, 10686474581524.462147],
      [-700, 9.85967654375977085671e-305],
      [700, 1.01423205473500450946e304],
      [0.001, 1.00100050016670834169],
    ];
    for (const [x, ex] of truth) expect(exp(x)).toBe(ex);
    expect(exp(1)).toBe(Math.E);
    expect(exp(Math.LN2)).toBe(2);
  });

  it("agrees with Math.exp to 2 ulps from -745 to 710", () => {
    const next = generator(1);
    const xs: number[] = [];
    for (let n = 0; n < 100_000; n++) xs.push(-745 + 1455 * next());
    // Where the sigmoid lives, and tiny arguments.
    for (let n = 0; n < 100_000; n++) xs.push(80 * next() - 40);
    for (let n = 0; n < 20_000; n++) xs.push((2 * next() - 1) * 2 ** -30);
    // Halfway between table points, where |r| is largest.
    for (let k = -20_000; k <= 20_000; k++) {
      const x = ((k + 0.5) * Math.LN2) / 128;
      xs.push(x, x * (1 + 2 ** -50), x * (1 - 2 ** -50));
    }
    expect(worst(exp, Math.exp, xs).ulps).toBeLessThanOrEqual(2);
  });

  it("is Math.exp at the ends: ±0, ±Infinity, NaN, overflow, underflow", () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    for (const x of [708, -708, 708.5, 709.78, -708.5, -740, -745.13]) {
      expect(ulpsApart(exp(x), Math.exp(x))).toBeLessThanOrEqual(2);
    }
  });

  it("makes a sigmoid that saturates to 0 and 1 and never gives NaN", () => {
    const sigmoid = (z: number) => 1 / (1 + exp(-z));
    expect(sigmoid(1e6)).toBe(1);
    expect(sigmoid(-1e6)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe("log", () => {
  it("gives the true value rounded to the nearest double here", () => {
    // x, then ln x to 21 digits, which a double literal rounds to nearest.
    const truth: [number, number][] = [
      [0.1, -2.30258509299404562851],
      [0.999, -0.00100050033358353438921],
      [1.001, 0.000999500333083423142709],
      [3, 1.0986122886681096914],
      [1e-300, -690.77552789821370518],
      [1e300, 690.775527898213705258],
    ];
    for (const [x, lx] of truth) expect(log(x)).toBe(lx);
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    expect(log(0.5)).toBe(-Math.LN2);
    expect(log(Math.E)).toBe(1);
  });

  it("agrees with Math.log to 2 ulps over the positive doubles", () => {
    const next = generator(2);
    const xs: number[] = [];
    // Every binade, from 2^-1022 to 2^1023.
    for (let n = 0; n < 100_000; n++) {
      xs.push((1 + next()) * 2 ** Math.floor(2045 * next() - 1022));
    }
    // Near 1, on either side, where ln x is small.
    for (let n = 0; n < 50_000; n++) {
      xs.push(1 + (2 * next() - 1) * 2 ** -Math.floor(50 * next()));
    }
    // Float32 probabilities and their complements, as the bce cost takes.
    for (let n = 0; n < 50_000; n++) {
      const h = Math.fround(next());
      xs.push(h, 1 - h);
    }
    // Around every bin's edges (z = 1 + b/128) for x near 1/2, 1 and 2.
    for (let b = 0; b <= 128; b++) {
      for (const scale of [0.5, 1, 2]) {
        const x = (1 + b / 128) * scale;
        xs.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -53));
      }
    }
    const positive = xs.filter((x) => x > 0);
    expect(worst(log, Math.log, positive).ulps).toBeLessThanOrEqual(2);
  });

  it("is Math.log at the ends: 0, negatives, ±Infinity, NaN, subnormals", () => {
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
    for (const x of [
      Number.MIN_VALUE,
      2 ** -1030,
      2 ** -1022,
      2 ** 1023,
      Number.MAX_VALUE,
    ]) {
      expect(ulpsApart(log(x), Math.log(x))).toBeLessThanOrEqual(2);
    }
  });
});

/** float32's ulp at v: 2^(e - 23) for v in [2^e, 2^(e+1)), 2^-149 below. */
function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** |a - b| in float32 ulps of b. */
function ulps32Apart(a: number, b: number): number {
  return Math.abs(a - b) / ulp32(b);
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
    const { ulps } = worst(expf, Math.exp, xs, ulps32Apart);
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
      ulps32Apart,
    );
    expect(ulps).toBeLessThanOrEqual(1);
  });

  it("is NaN at NaN and +inf at +inf, as Math.log", () => {
    // Their bits read as 2^128 or more: a log of them was about 88.7.
    expect(logf(NaN)).toBeNaN();
    expect(logf(Infinity)).toBe(Infinity);
    expect(logf(Math.fround(3.4e38))).toBeCloseTo(Math.log(3.4e38), 5);
  });

  it("is the clamp, -100, at 0 and under e^-100", () => {
    expect(logf(0)).toBe(-100);
    expect(logf(2 ** -149)).toBe(-100);
    expect(logf(26 * 2 ** -149)).toBe(-100);
    // 27·2^-149 is over e^-100: ln is -99.98.
    expect(logf(27 * 2 ** -149)).toBeCloseTo(Math.log(27 * 2 ** -149), 5);
  });
});
