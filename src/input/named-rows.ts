/**
 * Rows to predict given in a named form rather than as `x`: the service's
 * `records` (an array of objects by feature name) and MLflow's scoring
 * forms, read as MLflow's serving documents them:
 *
 * - `dataframe_split`: `{columns: [...], data: [[...], ...]}` (pandas'
 *   split orient; an `index` is ignored),
 * - `dataframe_records`: `[{name: value, ...}, ...]` (the records orient),
 * - `instances`: rows, each an object by name or an array of values,
 * - `inputs`: columns, `{name: [values], ...}`, or rows as arrays.
 *
 * Rows by name are put in the order of the model's `featureNames`; a model
 * without names takes only rows by position (a `dataframe_split`'s columns
 * are then skipped, as a CSV header is).
 */
import { DatasetError, FeatureMismatchError, OptionError } from "../errors";
import { columnOrder, readFeatureNames } from "./feature-names";
import type { JsonMatrix } from "./json-data";
import { checkShape, type Limits } from "./limits";
import { describe, float32Problem } from "./numbers";

/** The forms of rows a JSON body may give instead of `x`. */
export const ROW_FORMS = [
  "records",
  "dataframe_split",
  "dataframe_records",
  "instances",
  "inputs",
] as const;

/** A form of rows other than `x`. */
export type RowForm = (typeof ROW_FORMS)[number];

/** What reading rows by name needs to know of the model. */
export interface NamedTarget {
  readonly name: string;
  readonly featureNames?: readonly string[];
}

/** Rows read from a named form, and which form it was. */
export interface FormRows {
  readonly rows: JsonMatrix;
  readonly form: RowForm;
}

/**
 * The rows of a JSON body without `x` (`members`, every top-level member),
 * in the order of `model`'s features.
 *
 * @throws OptionError for an unknown member, or more than one form
 * @throws DatasetError for no rows, a value that is not a float32 number, or
 *   a row by name missing a feature or naming one the model does not have
 * @throws FeatureMismatchError for rows by name to a model without names
 * @throws LimitError for more rows or features than the limits allow
 */
export function readFormRows(
  members: Record<string, unknown>,
  model: NamedTarget,
  limits: Limits,
): FormRows {
  const keys = Object.keys(members);
  const forms = ROW_FORMS.filter((form) => keys.includes(form));
  const unknown = keys.find((key) => !forms.includes(key as RowForm));
  if (unknown !== undefined) {
    throw new OptionError(
      `unknown field ${describe(unknown)}: send {"x": [[...], ...]}, or rows by name in one of ${describe(ROW_FORMS)}`,
    );
  }
  if (forms.length === 0) {
    throw new DatasetError("the body has no x (rows of features)");
  }
  if (forms.length > 1) {
    throw new OptionError(
      `the body gives rows as both ${forms[0]} and ${forms[1]}: send one`,
    );
  }
  const form = forms[0];
  const value = members[form];
  const rows =
    form === "dataframe_split"
      ? splitRows(value, model, limits)
      : form === "inputs" && isObject(value)
        ? columnRows(value, model, limits)
        : rowList(form, value, model, limits);
  return { rows, form };
}

/** `{columns, data}`: rows of values, named by `columns`. */
function splitRows(value: unknown, model: NamedTarget, limits: Limits) {
  const where = "dataframe_split";
  if (!isObject(value) || !Array.isArray(value.data)) {
    throw new DatasetError(
      `${where} is ${describe(value)}, expected {"columns": [...], "data": [[...], ...]}`,
    );
  }
  const data = nonEmpty(value.data, `${where}.data`);
  const first = data[0];
  const cols = Array.isArray(first) ? first.length : 0;
  let order: number[] | null = null;
  if (value.columns !== undefined) {
    const columns = readFeatureNames(value.columns, cols, `${where}.columns`);
    const names = model.featureNames;
    if (names !== undefined) {
      order = columnOrder(columns, names, model.name, `${where}.columns`);
    }
  }
  const width = order?.length ?? cols;
  checkShape(limits, data.length, width);
  return matrix(data.length, width, (i, j) => {
    const row = data[i];
    const path = `${where}.data[${i}]`;
    if (!Array.isArray(row)) throw notRow(path, row);
    if (row.length !== cols) {
      throw new DatasetError(
        `${path} has ${row.length} values, expected ${cols}`,
      );
    }
    const at = order === null ? j : order[j];
    return [row[at], `${path}[${at}]`];
  });
}

/** `{name: [values], ...}`: one array per feature, by name. */
function columnRows(
  value: Record<string, unknown>,
  model: NamedTarget,
  limits: Limits,
) {
  const names = namesOf(model, "inputs");
  columnOrder(Object.keys(value), names, model.name, "inputs");
  const columns = names.map((name) => nonEmpty(value[name], `inputs.${name}`));
  const n = columns[0].length;
  checkShape(limits, n, names.length);
  return matrix(n, names.length, (i, j) => {
    if (columns[j].length !== n) {
      throw new DatasetError(
        `inputs.${names[j]} has ${columns[j].length} values, inputs.${names[0]} has ${n}`,
      );
    }
    return [columns[j][i], `inputs.${names[j]}[${i}]`];
  });
}

/** An array of rows: objects by name, or arrays of values by position. */
function rowList(
  form: RowForm,
  value: unknown,
  model: NamedTarget,
  limits: Limits,
) {
  const rows = nonEmpty(value, form);
  const byName = form === "records" || form === "dataframe_records";
  if (byName || isObject(rows[0])) {
    const names = namesOf(model, form);
    checkShape(limits, rows.length, names.length);
    return matrix(rows.length, names.length, (i, j) => {
      const row = rows[i];
      const path = `${form}[${i}]`;
      if (!isObject(row)) {
        throw new DatasetError(
          `${path} is ${describe(row)}, expected an object of features by name`,
        );
      }
      if (j === 0) columnOrder(Object.keys(row), names, model.name, path);
      return [row[names[j]], `${path}.${names[j]}`];
    });
  }
  const cols = Array.isArray(rows[0]) ? rows[0].length : 0;
  checkShape(limits, rows.length, cols);
  return matrix(rows.length, cols, (i, j) => {
    const row = rows[i];
    const path = `${form}[${i}]`;
    if (!Array.isArray(row)) throw notRow(path, row);
    if (row.length !== cols) {
      throw new DatasetError(
        `${path} has ${row.length} values, expected ${cols}`,
      );
    }
    return [row[j], `${path}[${j}]`];
  });
}

/**
 * A float32 matrix of `rows` × `cols` whose value (i, j) is `at(i, j)`'s
 * value, checked to be a float32 number and named by its path when not.
 */
function matrix(
  rows: number,
  cols: number,
  at: (i: number, j: number) => [unknown, string],
): JsonMatrix {
  if (cols === 0) throw new DatasetError("the first row has no features");
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const [value, path] = at(i, j);
      if (typeof value !== "number") {
        throw new DatasetError(
          `${path} is ${describe(value)}, expected a number`,
        );
      }
      const problem = float32Problem(value);
      if (problem !== null) throw new DatasetError(`${path} ${problem}`);
      values[i * cols + j] = value;
    }
  }
  return { values, rows, cols };
}

/**
 * The model's feature names, which rows by name need.
 *
 * @throws FeatureMismatchError when the model has none
 */
function namesOf(model: NamedTarget, form: string): readonly string[] {
  if (model.featureNames !== undefined) return model.featureNames;
  throw new FeatureMismatchError(
    `${form} gives features by name, and model ${model.name} has no feature names (it was trained without a header or columns): send rows by position, as {"x": [[...], ...]}`,
  );
}

/** `value` as a non-empty array. */
function nonEmpty(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new DatasetError(`${path} is ${describe(value)}, expected an array`);
  }
  if (value.length === 0) {
    throw new DatasetError(`${path} is empty: send at least one row`);
  }
  return value;
}

function notRow(path: string, row: unknown): DatasetError {
  return new DatasetError(
    `${path} is ${describe(row)}, expected an array of numbers`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
