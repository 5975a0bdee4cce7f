/**
 * The gradient sums and the cost of a batch of rows, optionally with a weight
 * per sample: what mini-batch training and class weights need beyond the
 * full-batch kernels of gradient.ts.
 *
 * Both run in the WebAssembly kernel (wasm/epoch-pass.wat's `sigmoid`) in
 * float64, each row's numbers logistic.ts's formulas operation for
 * operation (exp-log.ts's exp and log, `Math.log1p` and `Math.exp` for the
 * "lab" cost's softplus) and every sum taking the rows one after another,
 * so they are the plain one-row-at-a-time loop's to the bit
 * (tests/engine/batch-gradient.test.ts holds that loop and checks it). With
 * every weight 1 and the rows in their own order, each sum adds the terms
 * gradient.ts's float32 kernel adds: the two trainings agree within the
 * lab's 1e-6 (tests/engine/train-options.test.ts).
 *
 * The rows come from one of two places: the training rows the kernel holds
 * between calls (kernel-rows.ts, which the full-batch epochs and softmax's
 * passes share), so an epoch's mini-batches copy in only their row numbers
 * and weights; or, for a pass of totals over rows it does not hold, copies
 * of up to 4096 rows at a time in its scratch memory. Each sum goes on from
 * one call to the next, so both ways give the same numbers.
 */
import type { Dataset } from "./dataset";
import type { EpochTotals } from "./gradient";
import { kernelRegions } from "./kernel";
import { heldRows, heldRowsIfLoaded } from "./kernel-rows";
import type { Loss } from "./logistic";

/**
 * The gradient sums over the rows `order[start]`, …, `order[end − 1]` (or rows
 * start..end − 1 when `order` is null), written into `sums` (length cols + 1)
 * and returned: `sums[j] = Σ_i s_i·g_i·x_ij`, `sums[cols] = Σ_i s_i·g_i`, with
 * g_i the slope of row i under `loss` (logistic.ts's `labSlope` of z_i, or
 * `bceSlope` of the float32 h_i) and s_i its sample weight (1 when
 * `weights` is null). Divide by the batch's row count for the gradient of
 * the mean cost, weighted or not (PyTorch's 'mean' reduction). The kernel
 * holds the rows of `data` afterwards, for the next batch.
 *
 * @throws RangeError when the kernel's memory cannot hold the rows
 */
export function batchGradientSums(
  sums: Float64Array,
  data: Dataset,
  order: Uint32Array | null,
  start: number,
  end: number,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
): Float64Array {
  sigmoidPass(sums, null, data, order, start, end, w, b, loss, weights);
  return sums;
}

/**
 * Σ_i s_i·cost_i over all rows of `data` in order (logistic.ts's `labCost`
 * or `bceCost`), and the rows labelled right (h ≥ 0.5, unweighted), written
 * into `totals` and returned; s_i is the sample weight (1 when `weights` is
 * null). The weighted mean cost is `totals.cost / data.rows`.
 *
 * @throws RangeError when the kernel's memory cannot hold 4096 rows
 */
export function costTotals(
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
): EpochTotals {
  sigmoidPass(null, totals, data, null, 0, data.rows, w, b, loss, weights);
  return totals;
}

/** Rows a call of the kernel takes: their row numbers, weights or copies. */
const CHUNK_ROWS = 4096;

// The kernel's `mode` bits (epoch-pass.wat's `sigmoid`).
const GRADIENT = 1;
const TOTALS = 2;

/**
 * The kernel's pass over the rows `order[start..end)` (start..end − 1 when
 * null) of `data` into `sums` and `totals` (null: not wanted), `CHUNK_ROWS`
 * rows a call: each call takes those rows' numbers and weights, in pass
 * order, and, unless the kernel holds the rows, copies of them. A gradient
 * or an `order` makes it hold them first.
 */
function sigmoidPass(
  sums: Float64Array | null,
  totals: EpochTotals | null,
  data: Dataset,
  order: Uint32Array | null,
  start: number,
  end: number,
  w: Float32Array,
  b: number,
  loss: Loss,
  weights: Float32Array | null,
): void {
  const { cols } = data;
  const mode = (sums === null ? 0 : GRADIENT) | (totals === null ? 0 : TOTALS);
  const kept =
    sums !== null || order !== null ? heldRows(data) : heldRowsIfLoaded(data);
  const n = end - start;
  const chunk = Math.max(1, Math.min(n, CHUNK_ROWS));
  const copied = kept === null ? chunk : 0;
  const { kernel, where } = kernelRegions(
    {
      x: 4 * (copied + 1) * cols,
      y: 4 * copied,
      order: order === null ? 0 : 4 * chunk,
      weights: weights === null ? 0 : 4 * chunk,
      w: 8 * cols,
      scratch: 1024 + 4 * 65 * cols + 256,
      sums: 8 * (cols + 1),
      out: 16,
    },
    n,
    cols,
  );
  const buffer = kernel.memory.buffer;
  new Float64Array(buffer, where.w, cols).set(w.subarray(0, cols));
  const sumsIn = new Float64Array(buffer, where.sums, cols + 1).fill(0);
  const out = new Float64Array(buffer, where.out, 2).fill(0);
  const orderIn = order === null ? null : new Uint32Array(buffer, where.order);
  const weightsIn =
    weights === null ? null : new Float32Array(buffer, where.weights, chunk);
  const lab = loss === "lab" ? 1 : 0;
  for (let first = start; first < end; first += chunk) {
    const count = Math.min(chunk, end - first);
    let x = where.x;
    let y = where.y;
    if (orderIn !== null && order !== null) {
      orderIn.set(order.subarray(first, first + count));
    }
    if (weightsIn !== null && weights !== null) {
      // Each row's weight, in pass order.
      for (let k = 0; k < count; k++) {
        weightsIn[k] = weights[order === null ? first + k : order[first + k]];
      }
    }
    if (kept === null) {
      new Float32Array(buffer, x, count * cols).set(
        data.x.subarray(first * cols, (first + count) * cols),
      );
      new Float32Array(buffer, y, count).set(
        data.y.subarray(first, first + count),
      );
    } else if (order === null) {
      x = kept.layout.x + 4 * first * cols;
      y = kept.layout.y + 4 * first;
    } else {
      x = kept.layout.x;
      y = kept.layout.y;
    }
    kernel.sigmoid(
      x,
      y,
      order === null ? 0 : where.order,
      weights === null ? 0 : where.weights,
      count,
      cols,
      where.w,
      b,
      lab,
      mode,
      where.scratch,
      where.sums,
      where.out,
    );
  }
  if (sums !== null) sums.set(sumsIn);
  if (totals !== null) {
    totals.cost = out[0];
    totals.correct = out[1];
  }
}
