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
 *
 * Every pass runs in the WebAssembly kernel (softmax-kernel.ts, and
 * wasm/epoch-pass.wat's `softmax`): float64 throughout, each row's numbers
 * worked out in the plain loop's order (the logits' terms j = 0..d−1 from
 * b_k, the max from z_0, the exponentials and their sum in class order,
 * `Math.exp` and `Math.log` themselves), and every sum over rows taken in
 * row order, so the numbers are a plain one-row-at-a-time loop's to the
 * bit (tests/engine/softmax-kernel.test.ts holds that loop and checks it).
 */
import type { Dataset } from "./dataset";
import type { EpochTotals } from "./kernel-layout";
import { releaseKernelMemory } from "./kernel";
import { softmaxKernelPass } from "./softmax-kernel";
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
 * and of a batch of every row in order are the same to the bit. A gradient
 * (or an `order`) makes the kernel hold the rows of `data` for the next
 * pass over them.
 *
 * @throws RangeError when the kernel's memory cannot hold the rows
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
  const rows = { x: data.x, y: data.y, cols: data.cols };
  const outputs = { sums, totals, labels: null, probabilities: null };
  softmaxKernelPass(outputs, rows, data, w, b, order, start, end, weights);
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
 *
 * @throws RangeError when the kernel's memory cannot hold 4096 rows
 */
export function softmaxLabelsAndCostSum(
  labels: Uint32Array,
  data: Dataset,
  weights: LinearWeights,
  probabilities?: Float32Array,
): number {
  const { x, y, rows, cols } = data;
  const totals = { cost: 0, correct: 0 };
  const outputs = {
    sums: null,
    totals,
    labels,
    probabilities: probabilities ?? null,
  };
  const { w, b } = weights;
  softmaxKernelPass(outputs, { x, y, cols }, null, w, b, null, 0, rows, null);
  // A large final pass leaves the kernel's memory within its bound.
  releaseKernelMemory();
  return totals.cost;
}

/**
 * Writes the class probabilities of each of the `rows` rows of `x` into `out`
 * (rows × K, row-major), rounded to float32 like `F.softmax` of a float
 * tensor, and returns `out`.
 *
 * @throws RangeError when the kernel's memory cannot hold 4096 rows
 */
export function softmaxProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  weights: LinearWeights,
): Float32Array {
  const outputs = {
    sums: null,
    totals: null,
    labels: null,
    probabilities: out,
  };
  const { w, b } = weights;
  const data = { x, y: null, cols };
  softmaxKernelPass(outputs, data, null, w, b, null, 0, rows, null);
  // A large prediction leaves the kernel's memory within its bound.
  releaseKernelMemory();
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
