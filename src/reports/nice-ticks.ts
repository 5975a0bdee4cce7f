/**
 * "Nice" axis ticks, 1-2-5 steps at round numbers, and the linear map from
 * data to chart units: the arithmetic of every chart's axes.
 */

/** Evenly spaced tick values covering a data range. */
export interface Ticks {
  /** The axis runs from `lo` to `hi`: the first and the last tick. */
  readonly lo: number;
  readonly hi: number;
  /** 1, 2 or 5 times a power of ten. */
  readonly step: number;
  readonly values: number[];
}

/**
 * Ticks for data in [min, max], at most about `count` intervals, with a step
 * of 1, 2 or 5 × 10^e: step = the first of those ≥ (max - min) / count, and the
 * axis widened outward to multiples of it. An empty range (min = max) is
 * widened first by 10% of |min| each side (1 when min = 0).
 *
 * Each tick is k·m·10^e computed as (k·m) × 10^e or (k·m) / 10^-e, both exact
 * integers, so a tick is the double nearest its decimal (0.3, not
 * 0.30000000000000004). With `integer` set, the step is at least 1 (epochs).
 */
export function niceTicks(
  min: number,
  max: number,
  count = 5,
  integer = false,
): Ticks {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 10;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  let e = Math.floor(Math.log10(raw));
  const norm = raw / 10 ** e;
  let m = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  if (m === 10) {
    m = 1;
    e++;
  }
  if (integer && e < 0) {
    m = 1;
    e = 0;
  }
  const at = (k: number): number =>
    e >= 0 ? k * m * 10 ** e : (k * m) / 10 ** -e;
  const step = at(1);
  let first = Math.floor(min / step);
  let last = Math.ceil(max / step);
  // The divisions round (or underflow, for subnormal data): make sure.
  if (at(first) > min) first--;
  if (at(last) < max) last++;
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(at(k));
  return { lo: values[0], hi: values[values.length - 1], step, values };
}

/** A tick value with just the decimals its step needs ("0.25", "100"). */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Maps [lo, hi] linearly onto [from, to]. */
export function linearScale(
  lo: number,
  hi: number,
  from: number,
  to: number,
): (v: number) => number {
  return function scale(v) {
    return from + ((v - lo) / (hi - lo)) * (to - from);
  };
}
