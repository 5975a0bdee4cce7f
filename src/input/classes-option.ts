/**
 * The options that name classes: `classes` (a count K or the list of them)
 * and `positiveClass`, read against their schemas (option-schemas.ts).
 */
import type { ClassValue } from "../engine/class-values";
import { OptionError } from "../errors";
import { expected } from "./json-schema";
import { jsonOptionValue } from "./json-option";
import { describe, isClassNumber, isDecimal, MAX_CLASSES } from "./numbers";
import { CLASSES } from "./option-schemas";

/**
 * `classes`: an integer K from 2 to MAX_CLASSES (the classes 0..K−1), or a
 * list of 2 to MAX_CLASSES distinct classes of one type. In a query string,
 * the number as text or the list as JSON.
 *
 * @throws OptionError naming what is wrong
 */
export function readClasses(
  raw: unknown,
  fromText: boolean,
): number | ClassValue[] | undefined {
  if (raw === undefined) return undefined;
  let value = jsonOptionValue("classes", raw, fromText);
  if (fromText && typeof value === "string" && isDecimal(value.trim())) {
    value = Number(value.trim());
  }
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 2 && value <= MAX_CLASSES) {
      return value;
    }
  } else if (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.length <= MAX_CLASSES
  ) {
    const type = typeof value[0];
    for (const [i, item] of value.entries()) {
      const ok =
        (typeof item === "number" && isClassNumber(item)) ||
        typeof item === "string" ||
        typeof item === "boolean";
      if (!ok || typeof item !== type) {
        throw new OptionError(
          `classes[${i}] is ${describe(item)}: classes are integers, strings or booleans, all of one type`,
        );
      }
      if (value.indexOf(item) !== i) {
        throw new OptionError(
          `classes[${i}] is ${describe(item)} again: each class once`,
        );
      }
    }
    return value as ClassValue[];
  }
  throw new OptionError(
    `classes must be ${expected(CLASSES)}, got ${describe(value)}`,
  );
}

/**
 * `positiveClass`: a class value; in a query string, its text (matched to
 * the classes by `classKey`).
 *
 * @throws OptionError when it is not an integer, a string or a boolean
 */
export function readPositiveClass(raw: unknown): ClassValue | undefined {
  if (raw === undefined) return undefined;
  if (
    (typeof raw === "number" && isClassNumber(raw)) ||
    typeof raw === "string" ||
    typeof raw === "boolean"
  ) {
    return raw;
  }
  throw new OptionError(
    `positiveClass must be a class (an integer, a string or a boolean), got ${describe(raw)}`,
  );
}
