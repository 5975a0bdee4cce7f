/**
 * The reference oracle of softmax regression's passes: the plain loop over
 * one row at a time in JavaScript, as src/engine/softmax.ts ran it before
 * the kernel took its passes over (commit be1a133), `Math.exp` and
 * `Math.log` and all. The kernel's numbers are checked against it to the bit.
 */
import type { Dataset } from "../../src/engine/dataset";
import type { EpochTotals } from "../../src/engine/kernel-layout";

/**
 * `softmaxPass` as the loop: the gradient sums Σ_i s_i·(p_ik − [y_i = k])·
 * [x_i, 1] into `sums` ([W, b]; null: none), the cost Σ_i s_i·(−log p_i,y_i)
 * and the rows right into `totals` (null: none), over the rows
 * `order[start..end)` (start..end − 1 when null), s_i from `weights`.
 */
export function plainSoftmaxPass(
  sums: Float64Array | null,
  totals: EpochTotals | null,
  data: Dataset,
  w: Float32Array,
  b: Float32Array,
  order: Uint32Array | null,
  start: number,
  end: number,
  weights: Float32Array | null,
): void {
  const { x, y, cols } = data;
  const classes = b.length;
  const z = new Float64Array(classes);
  if (sums !== null) sums.fill(0);
  let cost = 0;
  let correct = 0;
  for (let r = start; r < end; r++) {
    const i = order === null ? r : order[r];
    const label = y[i];
    const offset = i * cols;
    rowLogits(z, x, offset, cols, w, b);
    const m = maxOf(z, classes);
    const zLabel = z[label];
    let s = 0;
    for (let k = 0; k < classes; k++) {
      z[k] = Math.exp(z[k] - m);
      s += z[k];
    }
    const weight = weights === null ? 1 : weights[i];
    if (totals !== null) {
      const c = m - zLabel + Math.log(s);
      cost += weights === null ? c : c * weight;
      if (argmaxOfProbabilities(z, s, classes) === label) correct++;
    }
    if (sums === null) continue;
    const biases = classes * cols;
    for (let k = 0; k < classes; k++) {
      let g = z[k] / s - (k === label ? 1 : 0);
      if (weights !== null) g *= weight;
      const row = k * cols;
      for (let j = 0; j < cols; j++) sums[row + j] += g * x[offset + j];
      sums[biases + k] += g;
    }
  }
  if (totals !== null) {
    totals.cost = cost;
    totals.correct = correct;
  }
}

/** `softmaxLabelsAndCostSum` as the loop: arg-max classes, summed cost. */
export function plainLabelsAndCostSum(
  labels: Uint32Array,
  data: Dataset,
  w: Float32Array,
  b: Float32Array,
): number {
  const { x, y, rows, cols } = data;
  const classes = b.length;
  const z = new Float64Array(classes);
  let cost = 0;
  for (let i = 0; i < rows; i++) {
    rowLogits(z, x, i * cols, cols, w, b);
    const m = maxOf(z, classes);
    const zLabel = z[y[i]];
    let s = 0;
    for (let k = 0; k < classes; k++) {
      z[k] = Math.exp(z[k] - m);
      s += z[k];
    }
    cost += m - zLabel + Math.log(s);
    labels[i] = argmaxOfProbabilities(z, s, classes);
  }
  return cost;
}

/** `softmaxProbabilities` as the loop: rows × K, rounded to float32. */
export function plainProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  w: Float32Array,
  b: Float32Array,
): Float32Array {
  const classes = b.length;
  const z = new Float64Array(classes);
  for (let i = 0; i < rows; i++) {
    rowLogits(z, x, i * cols, cols, w, b);
    const m = maxOf(z, classes);
    let s = 0;
    for (let k = 0; k < classes; k++) {
      z[k] = Math.exp(z[k] - m);
      s += z[k];
    }
    for (let k = 0; k < classes; k++) out[i * classes + k] = z[k] / s;
  }
  return out;
}

/** z_k = b_k + Σ_j x_(offset+j)·W_kj for each class k, into `out`. */
function rowLogits(
  out: Float64Array,
  x: Float32Array,
  offset: number,
  cols: number,
  w: Float32Array,
  b: Float32Array,
): void {
  for (let k = 0; k < b.length; k++) {
    let z = b[k];
    const row = k * cols;
    for (let j = 0; j < cols; j++) z += x[offset + j] * w[row + j];
    out[k] = z;
  }
}

/** The largest of z[0..classes). */
function maxOf(z: Float64Array, classes: number): number {
  let m = z[0];
  for (let k = 1; k < classes; k++) if (z[k] > m) m = z[k];
  return m;
}

/** The arg-max of the float32 e_k / s, lowest on a tie. */
function argmaxOfProbabilities(
  e: Float64Array,
  s: number,
  classes: number,
): number {
  let best = 0;
  let bestP = Math.fround(e[0] / s);
  for (let k = 1; k < classes; k++) {
    const p = Math.fround(e[k] / s);
    if (p > bestP) {
      best = k;
      bestP = p;
    }
  }
  return best;
}
