/**
 * One training epoch's pass over the data: for every row the logit z, the
 * sigmoid and the cost's slope g = dcost/dz, summed into the gradient; on
 * logged epochs also the cost and the rows labelled right.
 *
 * This is the hot loop of training, written for speed yet giving bit for bit
 * the numbers of the plain loop over one row at a time:
 * - Rows go eight at a time: one row's dot product is a chain of float64
 *   additions that must stay in feature order, and eight rows give the CPU
 *   eight chains to run side by side, for one load of w_j and one load and
 *   store of sums[j]. Every sum still adds its terms in the plain loop's
 *   order (features in order, rows in order), so no rounding changes.
 * - The block's rows then go through `exp` (and on logged epochs `log`) in
 *   a loop of their own, short enough that the CPU overlaps the rows' long
 *   chains of dependent operations.
 * - One pass serves both losses, logged and unlogged epochs: the choice is a
 *   branch the CPU predicts. An unlogged epoch still takes one `exp` a row
 *   and no logarithm, for either loss. The rows labelled right are counted
 *   with arithmetic (`labelMatches`): a branch on them would be mispredicted
 *   on every row the model is unsure of.
 * - The loops are written out here, not called: V8 gives a function a
 *   budget of code to inline, which the row's math (`exp`, `log`) needs.
 *   Indices are masked to 30 bits, so V8 knows their sums are int32s.
 * - No allocation: the sums go into the caller's array, the block's logits,
 *   probabilities and slopes into scratch arrays that are constants of a
 *   closure, which V8 builds into the code, where a module's binding it
 *   would load and check at every use.
 */
import type { Dataset } from "./dataset";
import { labelMatches } from "./evaluate";
import {
  bceCost,
  bceSlope,
  labCost,
  labSlope,
  probability,
  type Loss,
} from "./logistic";

/** The cost and the rows labelled right, summed over a logged epoch. */
export interface EpochTotals {
  /** Σ_i cost_i, not yet divided by the number of rows. */
  cost: number;
  /** Rows where (h >= 0.5) equals the label. */
  correct: number;
}

/**
 * The gradient sums of one epoch under `loss`, written into `sums` (length
 * cols + 1), which is returned: `sums[j] = Σ_i g_i x_ij` for each feature j
 * and `sums[cols] = Σ_i g_i`, with g_i the slope (`bceSlope` of the float32
 * h_i, or `labSlope` of z_i) of row i.
 */
export function gradientSums(
  sums: Float64Array,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): Float64Array {
  epochPass(sums, null, data, w, b, loss === "lab");
  return sums;
}

/**
 * `gradientSums` for a logged epoch: also writes into `totals` the summed
 * cost (`bceCost` or `labCost`) and the rows whose label (h >= 0.5) is right,
 * all for the weights the epoch starts from. Returns `totals`.
 */
export function loggedGradientSums(
  sums: Float64Array,
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): EpochTotals {
  epochPass(sums, totals, data, w, b, loss === "lab");
  return totals;
}

const epochPass = epochPassFunction();

/** The pass over its scratch arrays; `totals` is null on unlogged epochs. */
function epochPassFunction() {
  // Logits, probabilities and slopes of the current block of up to eight
  // rows. A pass runs to the end without yielding, so two never share them.
  const z = new Float64Array(8);
  const h = new Float64Array(8);
  const g = new Float64Array(8);
  return function epochPass(
    sums: Float64Array,
    totals: EpochTotals | null,
    data: Dataset,
    w: Float32Array,
    b: number,
    lab: boolean,
  ): void {
    const x = data.x;
    const y = data.y;
    // 2^30 − 1, here and not in the module, where a bundler's `var` would
    // hide from V8 that it is a constant.
    const INDEX_MASK = 0x3fffffff;
    if (data.rows * data.cols > INDEX_MASK) {
      throw new RangeError(
        `${data.rows}×${data.cols} values are more than a pass can index (2^30)`,
      );
    }
    // Every index is masked to 30 bits, a no-op below 2^30 values: V8 then
    // knows each sum of two indices is a non-negative int32, so it checks no
    // overflow and needs no sign extension at each of the values' loads.
    const rows = data.rows & INDEX_MASK;
    const cols = data.cols & INDEX_MASK;
    // A number, never the small integer V8 may hold a whole b in, so that the
    // logits stay unboxed float64 from their first addition.
    const bias = +b;
    // A loop, not sums.fill(0): a builtin call costs more than a few stores.
    for (let j = 0; j <= cols; j++) sums[j] = 0;
    let cost = 0;
    let correct = 0;
    for (let i = 0; i < rows; i += 8) {
      // A whole block, or the last rows one at a time.
      const n = rows - i < 8 ? rows - i : 8;
      const r0 = (i * cols) & INDEX_MASK;
      // Where the block's rows start (past the data for a short last block,
      // which reads them not).
      const r1 = (r0 + cols) & INDEX_MASK;
      const r2 = (r1 + cols) & INDEX_MASK;
      const r3 = (r2 + cols) & INDEX_MASK;
      const r4 = (r3 + cols) & INDEX_MASK;
      const r5 = (r4 + cols) & INDEX_MASK;
      const r6 = (r5 + cols) & INDEX_MASK;
      const r7 = (r6 + cols) & INDEX_MASK;

      // The logits, as `logit` sums them: b, then x_ij·w_j in feature order.
      if (n === 8) {
        let z0 = bias;
        let z1 = bias;
        let z2 = bias;
        let z3 = bias;
        let z4 = bias;
        let z5 = bias;
        let z6 = bias;
        let z7 = bias;
        for (let j = 0; j < cols; j++) {
          const wj = w[j];
          z0 += x[r0 + j] * wj;
          z1 += x[r1 + j] * wj;
          z2 += x[r2 + j] * wj;
          z3 += x[r3 + j] * wj;
          z4 += x[r4 + j] * wj;
          z5 += x[r5 + j] * wj;
          z6 += x[r6 + j] * wj;
          z7 += x[r7 + j] * wj;
        }
        z[0] = z0;
        z[1] = z1;
        z[2] = z2;
        z[3] = z3;
        z[4] = z4;
        z[5] = z5;
        z[6] = z6;
        z[7] = z7;
      } else {
        for (let k = 0; k < n; k++) {
          let zk = bias;
          const r = (r0 + k * cols) & INDEX_MASK;
          for (let j = 0; j < cols; j++) zk += x[r + j] * w[j];
          z[k] = zk;
        }
      }

      // Each row's slope, and on a logged epoch its cost and label.
      if (lab === true) {
        for (let k = 0; k < n; k++) {
          const zk = z[k];
          const yk = y[i + k];
          g[k] = labSlope(zk, yk);
          if (totals !== null) {
            cost += labCost(zk, yk);
            correct += labelMatches(probability(zk), yk);
          }
        }
      } else {
        for (let k = 0; k < n; k++) {
          const hk = probability(z[k]);
          h[k] = hk;
          g[k] = bceSlope(hk, y[i + k]);
        }
        if (totals !== null) {
          for (let k = 0; k < n; k++) {
            const hk = h[k];
            const yk = y[i + k];
            cost += bceCost(hk, yk);
            correct += labelMatches(hk, yk);
          }
        }
      }

      // The sums, each adding its rows' terms in row order.
      if (n === 8) {
        const g0 = g[0];
        const g1 = g[1];
        const g2 = g[2];
        const g3 = g[3];
        const g4 = g[4];
        const g5 = g[5];
        const g6 = g[6];
        const g7 = g[7];
        for (let j = 0; j < cols; j++) {
          sums[j] =
            sums[j] +
            g0 * x[r0 + j] +
            g1 * x[r1 + j] +
            g2 * x[r2 + j] +
            g3 * x[r3 + j] +
            g4 * x[r4 + j] +
            g5 * x[r5 + j] +
            g6 * x[r6 + j] +
            g7 * x[r7 + j];
        }
        sums[cols] = sums[cols] + g0 + g1 + g2 + g3 + g4 + g5 + g6 + g7;
      } else {
        for (let k = 0; k < n; k++) {
          const gk = g[k];
          const r = (r0 + k * cols) & INDEX_MASK;
          for (let j = 0; j < cols; j++) sums[j] += gk * x[r + j];
          sums[cols] += gk;
        }
      }
    }
    if (totals !== null) {
      totals.cost = cost;
      totals.correct = correct;
    }
  };
}
