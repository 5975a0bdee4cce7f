/**
 * The validation membership of each row, for a job whose rows are read in
 * shards.
 *
 * TO BE REPLACED by the engine's membership function (the engine helper's
 * part of issue 13): the same algorithm as engine/split.ts
 * `stratifiedSplit`, kept here until that lands.
 */
import { fisherYates } from "../engine/batches";
import { rowsByLabel, validationCount } from "../engine/split";
import { Mt19937 } from "../engine/torch-init";

/**
 * 1 for each row `stratifiedSplit(data, fraction, seed)` puts in validation,
 * 0 for training, from the rows' class indices `y`: each class's rows
 * shuffled by Fisher–Yates on MT19937(seed), classes in index order, the
 * first round(fraction × n_c) of each held out. Holds `y`, a row index
 * per row and the result: about 9 bytes a row.
 */
export function splitMembership(
  y: Float32Array,
  fraction: number,
  seed: number,
): Uint8Array {
  const gen = new Mt19937(seed);
  const membership = new Uint8Array(y.length);
  for (const rows of rowsByLabel(y)) {
    fisherYates(rows, gen);
    const take = validationCount(rows.length, fraction);
    for (let k = 0; k < take; k++) membership[rows[k]] = 1;
  }
  return membership;
}
