/**
 * The reference for the JSON body tests: what a training body means, read
 * from JSON.parse's value by the rules the messages state.
 */
import type { ClassValue } from "../../src/engine/class-values";
import { DatasetError } from "../../src/errors";
import {
  describe as shown,
  float32Problem,
  LABEL_RULE,
} from "../../src/input/numbers";
import { outcome, readJson } from "./chunks";

/** What the reader made of a training body, as plain values. */
export function training(chunks: string | readonly string[]) {
  return outcome(() => {
    const body = readJson(chunks);
    const options = body.others();
    const { x, y, labelValues, rows, cols } = body.dataset();
    // Each row's label, through its code.
    const labels = Array.from(y, (code) => labelValues[code]);
    return { x: Array.from(x), y: labels, rows, cols, options };
  });
}

/**
 * The reference: what a training body means, read from JSON.parse's value
 * in order, the first problem winning: no x, no y, then x's rows (each row's
 * length before its values), then y's length before its labels.
 */
export function expected(text: string) {
  return outcome(() => {
    const { x, y, ...options } = JSON.parse(text) as Record<string, unknown>;
    const fail = (message: string): never => {
      throw new DatasetError(message);
    };
    if (x === undefined) fail("the body has no x (rows of features)");
    if (y === undefined) fail("the body has no y (labels)");
    if (!Array.isArray(x)) return fail("x must be an array of rows");
    if (x.length === 0) fail("x is empty: send at least one row");
    if (!Array.isArray(x[0])) fail("x[0] must be an array of numbers");
    const cols = (x[0] as unknown[]).length;
    if (cols === 0) fail("x[0] has no features");
    x.forEach((row: unknown, i) => {
      if (!Array.isArray(row))
        return fail(`x[${i}] must be an array of numbers`);
      if (row.length !== cols) {
        fail(`x[${i}] has ${row.length} values, expected ${cols}`);
      }
      row.forEach((value: unknown, j) => {
        if (typeof value !== "number") {
          fail(`x[${i}][${j}] is ${shown(value)}, expected a number`);
        }
        const problem = float32Problem(value as number);
        if (problem) fail(`x[${i}][${j}] ${problem}`);
      });
    });
    if (!Array.isArray(y)) {
      return fail(`y must be an array of labels, each ${LABEL_RULE}`);
    }
    if (y.length !== x.length) {
      fail(`y has ${y.length} labels, expected ${x.length} (one per row of x)`);
    }
    const seen: unknown[] = [];
    const labels = y.map((label: unknown, i) => {
      const path = Array.isArray(label) ? `y[${i}][0]` : `y[${i}]`;
      if (Array.isArray(label) && label.length !== 1) {
        fail(`y[${i}] has ${label.length} values, expected 1`);
      }
      const item: unknown = Array.isArray(label) ? label[0] : label;
      if (typeof item === "number" && !Number.isSafeInteger(item)) {
        const text = Number.isFinite(item) ? shown(item) : String(item);
        fail(
          `${path} is ${text}, which cannot be a class: a class is an integer, a string or a boolean`,
        );
      }
      if (!["number", "string", "boolean"].includes(typeof item)) {
        fail(
          `${path} is ${shown(item)}, expected a class: an integer, a string or a boolean`,
        );
      }
      if (seen.length > 0 && typeof seen[0] !== typeof item) {
        fail(
          `${path} is ${shown(item)}, and the labels before it are ${typeof seen[0]}s: labels are all of one type`,
        );
      }
      if (!seen.includes(item)) seen.push(item);
      // -0 is the class 0.
      return (item === 0 ? 0 : item) as ClassValue;
    });
    const values = (x as number[][]).flat().map(Math.fround);
    return { x: values, y: labels, rows: x.length, cols, options };
  });
}
