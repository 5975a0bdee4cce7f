/**
 * The classes of a training, from the labels its rows have and the
 * `classes` and `positiveClass` options; and the labels of rows to
 * evaluate, mapped to a stored model's classes.
 */
import {
  classKey,
  compareClassValues,
  indexClasses,
  type ClassValue,
} from "../engine/class-values";
import { OptionError, SingleClassError, DatasetError } from "../errors";
import type { LabeledRows } from "./class-coder";
import { describe } from "./numbers";

/**
 * The model's classes for `rows`: `declared` (K: 0..K−1; a list: those,
 * sorted), else the distinct labels, sorted; with two, `positive` second.
 * Rewrites `rows.y` from codes to class indices.
 *
 * @throws SingleClassError when the labels have one class and none is declared
 * @throws OptionError when a label is not a declared class, or `positive`
 *   is not one of two classes
 */
export function resolveClasses(
  rows: LabeledRows,
  declared: number | readonly ClassValue[] | undefined,
  positive: ClassValue | undefined,
): ClassValue[] {
  const labels = rows.labelValues;
  let classes: ClassValue[];
  if (declared === undefined) {
    classes = [...labels].sort(compareClassValues);
    if (classes.length === 1) {
      throw new SingleClassError(
        `every label is ${describe(classes[0])} (${rows.rows} rows): a classifier needs two classes; give the other in classes if it has no row here`,
      );
    }
  } else {
    classes =
      typeof declared === "number"
        ? indexClasses(declared)
        : [...declared].sort(compareClassValues);
  }
  if (positive !== undefined) classes = withPositive(classes, positive);
  remap(rows, classes, (label) =>
    typeof declared === "number"
      ? `classes is ${declared}, and row ${label.row} has label ${describe(label.value)}: labels run from 0 to ${declared - 1}`
      : `row ${label.row} has label ${describe(label.value)}, which is not one of classes ${describe(classes)}`,
  );
  return classes;
}

/**
 * Rewrites `rows.y` from codes to indices among a stored model's
 * `classes`, for evaluation.
 *
 * @throws DatasetError naming the first row whose label is none of them
 */
export function labelsOfModel(
  rows: LabeledRows,
  classes: readonly ClassValue[],
  modelName: string,
): void {
  remap(
    rows,
    classes,
    (label) => notAClassOf(`row ${label.row}`, label.value, classes, modelName),
    DatasetError,
  );
}

/**
 * Why a label is refused for a stored model: `where` (a row, a line) has
 * label `value`, which is none of `classes` of model `modelName`.
 */
export function notAClassOf(
  where: string,
  value: ClassValue,
  classes: readonly ClassValue[],
  modelName: string,
): string {
  return `${where} has label ${describe(value)}, which is not a class of model ${modelName}: its classes are ${describe(classes)}`;
}

/**
 * The index among `classes` of each of `values` (matched exactly, else by
 * `classKey`, so a CSV's `true` is JSON's true), -1 for one that is none
 * of them.
 */
export function indexAmong(
  values: readonly ClassValue[],
  classes: readonly ClassValue[],
): number[] {
  const keys = classes.map(classKey);
  return values.map((value) => {
    const exact = classes.indexOf(value);
    return exact !== -1 ? exact : keys.indexOf(classKey(value));
  });
}

/** `classes` reordered so that `positive` is the second of two. */
function withPositive(
  classes: ClassValue[],
  positive: ClassValue,
): ClassValue[] {
  if (classes.length !== 2) {
    throw new OptionError(
      `positiveClass applies to two-class models, and there are ${classes.length} classes: a softmax model has no positive class`,
    );
  }
  const at = classes.findIndex((c) => classKey(c) === classKey(positive));
  if (at === -1) {
    throw new OptionError(
      `positiveClass is ${describe(positive)}, which is not one of the classes ${describe(classes)}`,
    );
  }
  return at === 1 ? classes : [classes[1], classes[0]];
}

/**
 * Rewrites each row's code as the index of its label among `classes`
 * (matched exactly, else by `classKey`, so a CSV's `true` is JSON's true).
 */
function remap(
  rows: LabeledRows,
  classes: readonly ClassValue[],
  message: (label: { row: number; value: ClassValue }) => string,
  Refusal: new (message: string) => Error = OptionError,
): void {
  const index = indexAmong(rows.labelValues, classes);
  const { y } = rows;
  for (let i = 0; i < rows.rows; i++) {
    const k = index[y[i]];
    if (k === -1) {
      throw new Refusal(message({ row: i + 1, value: rows.labelValues[y[i]] }));
    }
  }
  for (let i = 0; i < rows.rows; i++) y[i] = index[y[i]];
}
