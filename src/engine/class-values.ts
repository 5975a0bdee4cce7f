/**
 * The classes of a model as the user has them: numbers, strings or booleans.
 *
 * The engine trains on class indices 0..K−1; a model keeps, for each index,
 * the value it stands for, in the order scikit-learn's `classes_` and
 * `numpy.unique` give them: numbers ascending, strings by code point,
 * `false` before `true`. With two classes, index 1 is the positive class.
 */

/** One class as the user's labels name it. */
export type ClassValue = number | string | boolean;

/**
 * Orders two class values of one type: numbers ascending, strings by code
 * point (not by UTF-16 unit, as `Array.prototype.sort` would), `false`
 * before `true`.
 */
export function compareClassValues(a: ClassValue, b: ClassValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") {
    return Number(a) - Number(b);
  }
  return compareCodePoints(String(a), String(b));
}

/** Orders two strings by their code points, as Python compares str. */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/**
 * The key a class has in JSON objects such as `classWeights`: the value as
 * a string (`1`, `-1`, `yes`, `true`).
 */
export function classKey(value: ClassValue): string {
  return String(value);
}

/** The classes 0..classes − 1: what a model stored before class values existed has. */
export function indexClasses(classes: number): number[] {
  return Array.from({ length: classes }, (_, k) => k);
}
