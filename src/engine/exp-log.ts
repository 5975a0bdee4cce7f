/**
 * e^x and ln x in plain arithmetic, the ones logistic.ts's formulas take
 * (written so for the JavaScript passes that came first, which V8 inlined,
 * where `Math.exp` and `Math.log` are calls into C++ that cost about twice
 * glibc's). The WebAssembly kernel (wasm/epoch-pass.wat) repeats this
 * arithmetic in its float64 passes (the probabilities, the "lab" loss's
 * slopes, the one-output model's mini-batch and weighted passes of
 * batch-gradient.ts) and reads these tables (kernel.ts writes them into its
 * memory), so its numbers there are these to the bit; its "bce" epochs
 * take float32 ones instead. They are as accurate as those: against Python's decimal module
 * on 30,000 arguments each, exp was within 0.51 ulp of the true value and
 * log within 0.74 (`Math.exp` 0.83, `Math.log` 0.76); the tests check them
 * against `Math.exp` and `Math.log` and a few true values.
 *
 * They are not `Math.exp` and `Math.log` to the bit, and those differ from
 * one V8 to another: measured 2026-11-29, exp differed from workerd's
 * `Math.exp` on 2,655 of 2,000,000 arguments in [−745, 0] and [−30, 0] and
 * from Node 22's on 96,907 of 1,000,000 in [−30, 0]; log from workerd's on 91
 * of 1,000,000 in [1, 1001] and from Node 22's on 65,118 of 1,000,000 in
 * [1, 10]. So softmax's pass in the kernel, whose numbers were JavaScript's
 * with `Math.exp` and `Math.log`, calls those themselves.
 *
 * The method is the table-driven one of glibc's (and ARM's optimized
 * routines') exp: with N = 128,
 *   e^x = 2^(k/N) · e^r,  k = round(x·N/ln2),  r = x − k·ln2/N, |r| ≤ ln2/2N,
 * where 2^(k/N) = 2^⌊k/N⌋ · 2^((k mod N)/N) comes from two tables and e^r
 * from its Taylor polynomial. The logarithm runs the same table backwards:
 *   ln x = ln(2^m z) = (N·m + j)·ln2/N + ln(1 + r),  r = (z − c)/c,
 * where z ∈ [1, 2) and c = 2^(j/N) is the table entry nearest to z.
 *
 * Arguments out of the tables' range (NaN, ±Infinity, results that overflow
 * or are subnormal, logarithms of zero, negative or subnormal numbers) go to
 * `Math.exp` and `Math.log`, so those cases behave exactly as they do there.
 *
 * The tables are constants of a closure, not of the module: bundlers turn a
 * module's `const` into `var`, which V8 must reload and check on every call,
 * while a closure's constants it folds into the inlined code.
 */

/** The two functions, sharing their tables. */
function expAndLog(): {
  exp: (x: number) => number;
  log: (x: number) => number;
  tables: ExpLogTables;
} {
  const N = 128;

  // 2^(j/N) = T_HI[j] · (1 + T_TAIL[j]) for j = 0..N, to about 2^-100.
  const T_HI = new Float64Array(N + 1);
  const T_TAIL = new Float64Array(N + 1);
  let root: DoubleDouble = [2, 0];
  for (let n = 1; n < N; n *= 2) root = ddSqrt(root); // 2^(1/N)
  let power: DoubleDouble = [1, 0];
  for (let j = 0; j <= N; j++) {
    T_HI[j] = power[0];
    T_TAIL[j] = power[1] / power[0];
    power = ddMultiply(power, root);
  }
  T_HI[N] = 2; // exactly, as the rounding above gives anyway
  T_TAIL[N] = 0;

  // POW2[n] = 2^(n − 1074): every power of two a double can hold.
  const POW2 = new Float64Array(2098);
  POW2[0] = Number.MIN_VALUE;
  for (let n = 1; n < POW2.length; n++) POW2[n] = 2 * POW2[n - 1];

  // The bins of ln: z ∈ [1 + b/N, 1 + (b+1)/N) takes c = 2^(LOG_J[b]/N), the
  // table entry nearest the bin's middle; the bins that touch z = 1 and
  // z = 2 take exactly 1 and 2, so that near x = 1 the result is ln(1 + r)
  // alone and keeps its relative accuracy.
  const LOG_J = new Int32Array(N);
  for (let b = 0; b < N; b++) {
    LOG_J[b] = Math.round(N * Math.log2(1 + (b + 0.5) / N));
  }
  LOG_J[0] = 0;
  LOG_J[N - 1] = N;

  // N/ln2, and ln2/N as hi + lo with hi's 36 significant bits, so that k·hi
  // is exact for |k| < 2^17 (glibc's 0x1.71547652b82fep7,
  // 0x1.62e42fefa0000p-8, 0x1.cf79abc9e3b3ap-47).
  const N_OVER_LN2 = 0x171547652b82fe * 2 ** -45;
  const LN2_HI_N = 0x162e42fefa0000 * 2 ** -60;
  const LN2_LO_N = 0x1cf79abc9e3b3a * 2 ** -99;
  // Adding and subtracting 1.5·2^52 rounds a double below 2^51 to an integer.
  const ROUND = 1.5 * 2 ** 52;

  // A double's bits, to read its exponent and leading fraction bits.
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  bits[0] = 1;
  const HIGH = words[1] === 0x3ff00000 ? 1 : 0; // the word with the exponent

  /** e^x; `Math.exp`'s for |x| > 708 and NaN. */
  function exp(x: number): number {
    if (!(Math.abs(x) <= 708)) return Math.exp(x);
    const kd = x * N_OVER_LN2 + ROUND - ROUND;
    const k = kd | 0;
    // Exact but for the last product: kd·LN2_HI_N is exact and cancels x.
    const r = x - kd * LN2_HI_N - kd * LN2_LO_N;
    const i = k & (N - 1);
    const r2 = r * r;
    // 2^(i/N)·e^r = T_HI·(1 + p): p is the tail and e^r − 1 to r^5, whose
    // next term, r^6/720 < 2^-60, is far below an ulp.
    const p =
      T_TAIL[i] +
      r +
      r2 * (1 / 2 + r * (1 / 6)) +
      r2 * r2 * (1 / 24 + r * (1 / 120));
    // 2^(k/N) = 2^(i/N)·2^⌊k/N⌋: a power of two in range, so exact.
    const scale = T_HI[i] * POW2[(k >> 7) + 1074];
    return scale + scale * p;
  }

  /** ln x; `Math.log`'s unless x is a normal number in (0, 2^1023). */
  function log(x: number): number {
    bits[0] = x;
    const high = words[HIGH];
    if (high < 0x00100000 || high >= 0x7fe00000) return Math.log(x);
    const m = (high >>> 20) - 1023;
    const j = LOG_J[(high >>> 13) & (N - 1)];
    const z = x * POW2[1074 - m]; // x / 2^m, exact: z ∈ [1, 2)
    const c = T_HI[j];
    // z − c is exact (c/2 ≤ z ≤ 2c); |r| < 0.0067, 0.0079 in bin 0.
    const r = (z - c) / c;
    // ln x = K·ln2/N − ln(1 + tail) + ln(1 + r); the first term is exact
    // (|K| < 2^17) and its sum with r is kept exactly as hi + lo: the bins
    // make |r| < 0.45·|w| wherever K ≠ 0, as this two-sum needs.
    const K = N * m + j;
    const w = K * LN2_HI_N;
    const hi = w + r;
    const lo = r - (hi - w);
    // ln(1 + r) − r to r^8; the next term, r^9/9 < 2^-65, is below an ulp
    // even where the result is as small as r.
    const r2 = r * r;
    const poly =
      r2 *
      (-1 / 2 +
        r * (1 / 3) +
        r2 * (-1 / 4 + r * (1 / 5)) +
        r2 * r2 * (-1 / 6 + r * (1 / 7) + r2 * (-1 / 8)));
    return hi + (lo + (K * LN2_LO_N - T_TAIL[j]) + poly);
  }

  return { exp, log, tables: { T_HI, T_TAIL, LOG_J } };
}

/** hi + lo, with |lo| ≤ ulp(hi)/2: about 106 bits, to build the tables. */
type DoubleDouble = [number, number];

/** a·b = p + e exactly (Dekker's product, with no fused multiply-add). */
function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  const sa = 134217729 * a; // 2^27 + 1 splits a into two 26-bit halves
  const ah = sa - (sa - a);
  const al = a - ah;
  const sb = 134217729 * b;
  const bh = sb - (sb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function normalized(hi: number, lo: number): DoubleDouble {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}

function ddMultiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(a[0], b[0]);
  return normalized(p, e + a[0] * b[1] + a[1] * b[0]);
}

function ddSqrt([hi, lo]: DoubleDouble): DoubleDouble {
  const s = Math.sqrt(hi);
  const [p, e] = twoProduct(s, s);
  return normalized(s, (hi - p - e + lo) / (2 * s));
}

/** The tables `exp` and `log` read, which the WebAssembly kernel reads too. */
export interface ExpLogTables {
  /** 2^(j/128) rounded to float64, for j = 0..128. */
  readonly T_HI: Float64Array;
  /** 2^(j/128) / T_HI[j] − 1, the rounding's relative error, j = 0..128. */
  readonly T_TAIL: Float64Array;
  /** For log: the j of the table entry for each of 128 bins of [1, 2). */
  readonly LOG_J: Int32Array;
}

const functions = expAndLog();

/**
 * The tables of `exp` and `log`, which kernel.ts copies into the
 * WebAssembly kernel's memory, whose exp and log are these to the bit.
 */
export const expLogTables = functions.tables;

/**
 * e^x to within 0.51 ulp, like `Math.exp`, and equal to it at the
 * ends: NaN, ±Infinity, overflow to Infinity, underflow to 0.
 */
export const exp = functions.exp;

/**
 * ln x to within 0.74 ulp, like `Math.log`, and equal to it at the
 * ends: NaN below 0, -Infinity at 0, Infinity at Infinity.
 */
export const log = functions.log;
