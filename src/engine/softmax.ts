/**
 * The kernels of softmax regression for labels 0..K−1,
 * `F.cross_entropy(x @ W.T + b, y)`: the pass that gives its gradient and
 * cost (which fit.ts's loop runs, as it runs the sigmoid's), and prediction.
 *
 * Gradient of the mean cost: dC/dW_kj = (1/n)·Σ_i (p_ik − [y_i = k])·x_ij and
 * dC/db_k = (1/n)·Σ_i (p_ik − [y_i = k]), p_ik = e^(z_ik − m_i) / Σ_l
 * e^(z_il − m_i) in float64, summed in float64.
 *
 * Logits z_k = b_k + Σ_j x_j·W_kj are float64; the log-softmax is taken as
 * z_k − m − log Σ_l e^(z_l − m) with m = max_l z_l, so no exponential
 * overflows. Weights are float32, as `nn.Linear(d, K)`'s are.
 */
import type { Dataset } from "./dataset";
import type { EpochTotals } from "./gradient";
import type { LinearWeights } from "./weights";

/**
 * One pass over the rows `order[start]`, …, `order[end − 1]` (rows
 * start..end − 1 when `order` is null) under the weights `w` (K × d) and `b`:
 * into `sums` (null: none), laid out as [W, b], the gradient sums
 * Σ_i s_i·(p_ik − [y_i = k])·[x_i, 1]; into `totals` (null: none), the cost
 * Σ_i s_i·(−log p_i,y_i) and the rows whose arg-max class is the label
 * (unweighted). s_i is row i's weight in `weights` (1 when
 * null). Divide by the rows for the mean cost's gradient, weighted or not.
 * Rows are taken in order and classes in order, so the sums of a full pass
 * and of a batch of every row in order are the same to the bit.
 */
export function softmaxPass(
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
  const z = logitScratch(classes);
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

// The logits of one row, reused by every pass: a pass runs to its end
// without yielding, so two never share it.
let scratch = new Float64Array(16);

function logitScratch(classes: number): Float64Array {
  if (scratch.length < classes) scratch = new Float64Array(classes);
  return scratch;
}

/**
 * Writes each row's arg-max class into `labels` (length `data.rows`) and
 * returns the mean cross-entropy of `weights` on `data`: the numbers the
 * metrics need, in one pass over the logits and with no rows × K array. The
 * classes are `predictedClasses` of `softmaxProbabilities`, and the cost is
 * the mean of a `softmaxPass`'s summed cost, to the bit.
 */
export function softmaxLabelsAndCost(
  labels: Uint32Array,
  data: Dataset,
  weights: LinearWeights,
): number {
  return softmaxLabelsAndCostSum(labels, data, weights) / data.rows;
}

/**
 * `softmaxLabelsAndCost`'s labels, and the summed cross-entropy (not yet
 * divided by the rows), for blocks of rows summed one after another; with
 * `probabilities` (rows × K), each row's class probabilities written there
 * too, as `softmaxProbabilities` writes them, from the same logits.
 */
export function softmaxLabelsAndCostSum(
  labels: Uint32Array,
  data: Dataset,
  weights: LinearWeights,
  probabilities?: Float32Array,
): number {
  const { x, y, rows, cols } = data;
  const { w, b } = weights;
  const classes = b.length;
  const z = logitScratch(classes);
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
    if (probabilities !== undefined) {
      for (let k = 0; k < classes; k++) {
        probabilities[i * classes + k] = z[k] / s;
      }
    }
    labels[i] = argmaxOfProbabilities(z, s, classes);
  }
  return cost;
}

/**
 * Writes the class probabilities of each of the `rows` rows of `x` into `out`
 * (rows × K, row-major), rounded to float32 like `F.softmax` of a float
 * tensor, and returns `out`.
 */
export function softmaxProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  weights: LinearWeights,
): Float32Array {
  const classes = weights.b.length;
  const z = new Float64Array(classes);
  for (let i = 0; i < rows; i++) {
    rowLogits(z, x, i * cols, cols, weights.w, weights.b);
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

/**
 * Writes the arg-max class of each row of `probabilities` (rows × K) into
 * `out` and returns it; a tie goes to the lowest class, as `torch.argmax`.
 */
export function predictedClasses(
  out: Uint32Array,
  probabilities: Float32Array,
  classes: number,
): Uint32Array {
  for (let i = 0; i < out.length; i++) {
    const offset = i * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (probabilities[offset + k] > probabilities[offset + best]) best = k;
    }
    out[i] = best;
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

/**
 * The class `predictedClasses` gives for the exponentials e[0..classes)
 * (summing to `s`): the arg-max of the float32 probabilities e_k / s, lowest on a tie.
 */
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
