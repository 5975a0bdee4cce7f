/**
 * Strict reading of numbers from text and from JSON values.
 *
 * `Number()` alone accepts "", " ", "0x1f" and "Infinity"; a dataset must not.
 * Values must also fit float32, the type the engine stores them in.
 */

import { MAX_CLASSES } from "./value-schemas";

/** True when the number `value` can be a class: an integer a double holds exactly. */
export function isClassNumber(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** What a label must be, as error messages say it. */
export const LABEL_RULE = "a class: an integer, a string or a boolean";

/** The most classes a model may have. */
export { MAX_CLASSES };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `text` is a plain decimal number (what np.loadtxt would read). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

// 10^0 .. 10^22: every one exactly representable as a double.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Where a scanned number ends, and what it is worth. */
export interface ScannedNumber {
  /** The position just after the characters the scan took. */
  end: number;
  /** The number, or NaN when the characters taken are not a number. */
  value: number;
}

/**
 * Scans the number that starts at `start` in `text`, taking characters as
 * long as they can continue a number (up to `limit`), into `out`: a plain
 * decimal as `isDecimal` defines it or, with `json`, a number as JSON
 * defines it (no "+", ".5", "1." or "01"). Parsers scan a field or a token
 * once this way, rather than find its end first and read it after.
 *
 * The value is exactly `Number` of the text taken, without a substring for
 * the common case: a mantissa of at most 15 digits scaled by at most 10^22 is
 * one correctly rounded multiplication or division of two exact doubles
 * (Clinger's fast path); anything longer goes to `Number`.
 */
export function scanDecimal(
  out: ScannedNumber,
  text: string,
  start: number,
  limit: number,
  json: boolean,
): ScannedNumber {
  let i = start;
  let c = i < limit ? text.charCodeAt(i) : -1;
  const negative = c === 0x2d; /* - */
  if (negative || (c === 0x2b /* + */ && !json)) i++;
  let mantissa = 0;
  const intStart = i;
  while (i < limit && (c = text.charCodeAt(i)) >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    i++;
  }
  const intDigits = i - intStart;
  let fracDigits = -1; // no "."
  if (i < limit && text.charCodeAt(i) === 0x2e /* . */) {
    const fracStart = ++i;
    while (i < limit && (c = text.charCodeAt(i)) >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      i++;
    }
    fracDigits = i - fracStart;
  }
  const digits = intDigits + Math.max(fracDigits, 0);
  let valid = json
    ? intDigits > 0 &&
      fracDigits !== 0 &&
      !(intDigits > 1 && text.charCodeAt(intStart) === 0x30)
    : digits > 0;
  let exponent = 0;
  c = i < limit ? text.charCodeAt(i) : -1;
  if (c === 0x65 || c === 0x45 /* e E */) {
    c = ++i < limit ? text.charCodeAt(i) : -1;
    const negativeExponent = c === 0x2d;
    if (negativeExponent || c === 0x2b) i++;
    const expStart = i;
    while (i < limit && (c = text.charCodeAt(i)) >= 0x30 && c <= 0x39) {
      // Capped: past 10^22 only Number() can round it, and it will.
      if (exponent < 1e6) exponent = exponent * 10 + (c - 0x30);
      i++;
    }
    if (i === expStart) valid = false;
    if (negativeExponent) exponent = -exponent;
  }
  out.end = i;
  const scale = exponent - Math.max(fracDigits, 0);
  if (!valid) out.value = NaN;
  else if (digits > 15 || scale < -22 || scale > 22) {
    out.value = Number(text.slice(start, i));
  } else {
    const magnitude =
      scale < 0
        ? mantissa / POWERS_OF_TEN[-scale]
        : mantissa * POWERS_OF_TEN[scale];
    out.value = negative ? -magnitude : magnitude;
  }
  return out;
}

const scratch: ScannedNumber = { end: 0, value: 0 };

/**
 * The number written in `text` from `start` to `end`, or NaN when that text
 * is not a number in the grammar `scanDecimal` reads.
 */
export function readDecimal(
  text: string,
  start: number,
  end: number,
  json: boolean,
): number {
  const { end: scanned, value } = scanDecimal(scratch, text, start, end, json);
  return scanned === end ? value : NaN;
}

/**
 * Why `value` cannot be stored as a float32 feature, or null when it can.
 * `value` is a number already parsed from text or JSON.
 */
export function float32Problem(value: number): string | null {
  if (!Number.isFinite(value)) return "is not finite";
  if (!Number.isFinite(Math.fround(value)))
    return "is outside the float32 range";
  return null;
}

/** Shortens user text quoted back in an error message. */
export function quote(text: string): string {
  return JSON.stringify(shorten(text));
}

/** A short JSON rendering of any value, for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  try {
    return shorten(JSON.stringify(value));
  } catch {
    // Nesting too deep for JSON.stringify's recursion.
    return Array.isArray(value)
      ? "a deeply nested array"
      : "a deeply nested object";
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The number a trimmed CSV field holds with the decimal mark `decimal`, or
 * NaN when it is no plain decimal number so written: with ",", a field with
 * a point is none (0,5 is a half, 0.5 nothing).
 */
export function fieldValue(field: string, decimal: "." | ","): number {
  if (decimal === ",") {
    if (field.includes(".")) return NaN;
    field = field.replace(",", ".");
  }
  return isDecimal(field) ? Number(field) : NaN;
}
