/**
 * What the tests of bounded and streamed predictions send and count: the
 * lab's diabetes rows without their labels, and the numbers of an answer.
 */
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";

/** The 759 diabetes rows as CSV without their labels, `times` times over. */
export function diabetesRows(times: number): string {
  return diabetesCsv
    .trim()
    .split("\n")
    .map((line) => line.split(",").slice(0, -1).join(","))
    .join("\n")
    .concat("\n")
    .repeat(times);
}

/** How many numbers `value` holds, at any depth of arrays and objects. */
export function countNumbers(value: unknown): number {
  if (typeof value === "number") return 1;
  if (Array.isArray(value)) {
    return value.reduce((n: number, v) => n + countNumbers(v), 0);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).reduce(
      (n: number, v) => n + countNumbers(v),
      0,
    );
  }
  return 0;
}
