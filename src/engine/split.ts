/**
 * A deterministic, stratified split of a dataset into training and
 * validation rows, for held-out evaluation.
 *
 * Each label's rows are shuffled (Fisher–Yates, driven by the same MT19937
 * that PyTorch seeds) and the first round(fraction × n_c) of them go to
 * validation; rows keep their original order within each part.
 */
import type { Dataset } from "./dataset";
import { fisherYates } from "./batches";
import { Mt19937 } from "./torch-init";

/** The two parts of a split. */
export interface Split {
  readonly training: Dataset;
  readonly validation: Dataset;
}

/** How many of `n` rows of one label go to validation. */
export function validationCount(n: number, fraction: number): number {
  return Math.round(fraction * n);
}

/**
 * Splits `data`, stratified by label: `validationMembership` of its labels,
 * then each part's rows in order (`splitPart`). Assumes 0 < fraction < 1
 * and that both parts end up non-empty (the caller checks with
 * `validationCount`).
 */
export function stratifiedSplit(
  data: Dataset,
  fraction: number,
  seed: number,
): Split {
  const inValidation = validationMembership(data.y, fraction, seed);
  return {
    training: splitPart(data, inValidation, 0),
    validation: splitPart(data, inValidation, 1),
  };
}

/**
 * Which rows `stratifiedSplit` holds out, from the labels alone: 1 for a
 * validation row, 0 for a training row, one byte a row. It depends on the
 * labels `y` (all of them, in row order), `fraction` and `seed` only, so a
 * pass over a dataset's label column gives a job the split a request of the
 * same rows makes (a dataset's shards then pick their rows with
 * `splitPart`).
 */
export function validationMembership(
  y: Float32Array,
  fraction: number,
  seed: number,
): Uint8Array {
  const gen = new Mt19937(seed);
  const inValidation = new Uint8Array(y.length);
  for (const rows of rowsByLabel(y)) {
    fisherYates(rows, gen);
    const take = validationCount(rows.length, fraction);
    for (let k = 0; k < take; k++) inValidation[rows[k]] = 1;
  }
  return inValidation;
}

/**
 * The rows of each label 0..max(y), in order; a label no row has gets an
 * empty list. Labels are class numbers, validated by the caller.
 */
export function rowsByLabel(y: Float32Array): number[][] {
  const byLabel: number[][] = [];
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    while (byLabel.length <= label) byLabel.push([]);
    byLabel[label].push(i);
  }
  return byLabel;
}

/**
 * The rows of `data` whose `membership` byte is `which` (0 training, 1
 * validation), in order, in new arrays.
 */
export function splitPart(
  data: Dataset,
  membership: Uint8Array,
  which: 0 | 1,
): Dataset {
  const part = membership;
  let rows = 0;
  for (let i = 0; i < data.rows; i++) if (part[i] === which) rows++;
  const x = new Float32Array(rows * data.cols);
  const y = new Float32Array(rows);
  let k = 0;
  for (let i = 0; i < data.rows; i++) {
    if (part[i] !== which) continue;
    x.set(data.x.subarray(i * data.cols, (i + 1) * data.cols), k * data.cols);
    y[k++] = data.y[i];
  }
  return { x, y, rows, cols: data.cols };
}
