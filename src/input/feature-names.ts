/**
 * Feature names: what a body calls its columns (a CSV header, JSON
 * `columns`), checked to name each feature once, and rows given with names
 * put in the order of a model's features.
 */
import type { FeatureRows } from "../engine/dataset";
import { DatasetError } from "../errors";
import { describe } from "./numbers";

/** Names a body gives its features, as it gives them, and where. */
export interface GivenNames {
  /** Where they come from: a CSV header's fields, or JSON `columns`. */
  readonly source: "header" | "columns";
  /** A CSV header's fields (trimmed), or JSON `columns` as parsed. */
  readonly raw: unknown;
  /** How messages name them: `the header`, `columns`. */
  readonly where: string;
}

/**
 * `raw` as the names of `cols` features: one distinct non-empty string per
 * feature. `where` names them in messages (`columns`, `the header`).
 *
 * @throws DatasetError naming the first name that is not one
 */
export function readFeatureNames(
  raw: unknown,
  cols: number,
  where: string,
): string[] {
  if (!Array.isArray(raw)) {
    throw new DatasetError(
      `${where} is ${describe(raw)}, expected an array of feature names`,
    );
  }
  if (raw.length !== cols) {
    throw new DatasetError(
      `${where} has ${raw.length} names, the rows have ${cols} features`,
    );
  }
  const seen = new Set<string>();
  raw.forEach((name: unknown, j) => {
    if (typeof name !== "string" || name.trim() === "") {
      throw new DatasetError(
        `${where}[${j}] is ${describe(name)}, expected a non-empty string`,
      );
    }
    if (seen.has(name)) {
      throw new DatasetError(
        `${where}[${j}] repeats ${describe(name)}: each feature needs its own name`,
      );
    }
    seen.add(name);
  });
  return raw as string[];
}

/**
 * Where each of `names` (a model's features, in order) is among `given`
 * (a body's column names): `order[j]` is the column of feature j.
 *
 * @throws DatasetError naming the first feature missing from `given`, else
 *   the first column of `given` the model does not have (or a repeated one)
 */
export function columnOrder(
  given: readonly string[],
  names: readonly string[],
  model: string,
  where: string,
): number[] {
  const at = new Map<string, number>();
  given.forEach((name, j) => {
    if (at.has(name) && names.includes(name)) {
      throw new DatasetError(
        `${where} names column ${describe(name)} twice (columns ${at.get(name)! + 1} and ${j + 1})`,
      );
    }
    if (!at.has(name)) at.set(name, j);
  });
  const order = names.map((name) => {
    const j = at.get(name);
    if (j === undefined) {
      throw new DatasetError(
        `${where} has no column ${describe(name)}, a feature of model ${model}: it needs ${describe(names)}`,
      );
    }
    return j;
  });
  const unknown = given.find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new DatasetError(
      `${where} has column ${describe(unknown)}, which is not a feature of model ${model}: it takes ${describe(names)}`,
    );
  }
  return order;
}

/**
 * `rows` with their columns taken in `order` (`columnOrder`): feature j of
 * each row is its column `order[j]`. The same rows when nothing moves.
 */
export function reorderColumns(
  rows: FeatureRows,
  order: readonly number[],
): FeatureRows {
  if (order.every((from, j) => from === j)) return rows;
  const { values, rows: n, cols } = rows;
  const d = order.length;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = values[i * cols + order[j]];
  }
  return { values: out, rows: n, cols: d };
}
