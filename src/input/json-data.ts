/**
 * JSON values -> float32 matrices: `x` as an array of rows, `y` as labels.
 */
import { DatasetError } from "../errors";
import { describe, float32Problem } from "./numbers";

/** A row-major float32 matrix read from JSON. */
export interface JsonMatrix {
  readonly values: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Reads `x`, an array of equally long arrays of numbers.
 *
 * @throws DatasetError naming the first offending row (and column)
 */
export function readRows(x: unknown): JsonMatrix {
  if (!Array.isArray(x)) throw new DatasetError("x must be an array of rows");
  if (x.length === 0)
    throw new DatasetError("x is empty: send at least one row");
  const first: unknown = x[0];
  if (!Array.isArray(first)) {
    throw new DatasetError("x[0] must be an array of numbers");
  }
  const cols = first.length;
  if (cols === 0) throw new DatasetError("x[0] has no features");
  const values = new Float32Array(x.length * cols);
  for (let i = 0; i < x.length; i++) {
    const row: unknown = x[i];
    if (!Array.isArray(row)) {
      throw new DatasetError(`x[${i}] must be an array of numbers`);
    }
    if (row.length !== cols) {
      throw new DatasetError(
        `x[${i}] has ${row.length} values, expected ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      values[i * cols + j] = numberAt(row[j], `x[${i}][${j}]`);
    }
  }
  return { values, rows: x.length, cols };
}

/**
 * Reads `y`: `rows` labels, each 0 or 1, given as `[0, 1, ...]` or, as in
 * the lab's `y_data`, `[[0], [1], ...]`.
 *
 * @throws DatasetError naming the first offending label
 */
export function readLabels(y: unknown, rows: number): Float32Array {
  if (!Array.isArray(y)) {
    throw new DatasetError("y must be an array of labels (0 or 1)");
  }
  if (y.length !== rows) {
    throw new DatasetError(
      `y has ${y.length} labels, expected ${rows} (one per row of x)`,
    );
  }
  const labels = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let item: unknown = y[i];
    let path = `y[${i}]`;
    if (Array.isArray(item)) {
      if (item.length !== 1) {
        throw new DatasetError(`${path} has ${item.length} values, expected 1`);
      }
      item = item[0];
      path += "[0]";
    }
    if (item !== 0 && item !== 1) {
      throw new DatasetError(`${path} is ${describe(item)}, expected 0 or 1`);
    }
    labels[i] = item;
  }
  return labels;
}

function numberAt(value: unknown, path: string): number {
  if (typeof value !== "number") {
    throw new DatasetError(`${path} is ${describe(value)}, expected a number`);
  }
  const problem = float32Problem(value);
  if (problem) throw new DatasetError(`${path} ${problem}`);
  return value;
}
