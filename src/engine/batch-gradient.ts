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
 * and weights; or, for a pass of totals over rows it does not hold, or a
 * pass in row order over rows over what it holds whole (kernel-rows.ts's
 * `holdsWhole`), copies of up to 4096 rows at a time in its scratch memory.
 * Each sum goes on from one call to the next, so both ways give the same
 * numbers. Mini-batches (an `order`) read the rows held whole, whatever
 * their size: over the bound, the memory grows for them and is released at
 * the end of the request (kernel.ts).
 */
import type { Dataset } from "./dataset";
import { kernelScratch } from "./kernel";
import {
  regionAddresses,
  regionBytes,
  type EpochTotals,
} from "./kernel-layout";
import {
  chunkRows,
  heldRows,
  heldRowsIfLoaded,
  holdsWhole,
  PASS_ROWS,
} from "./kernel-rows";
import type { Loss } from "./logistic";

/**
 * The gradient sums over the rows `order[start]`, …, `order[end − 1]` (or rows
 * start..end − 1 when `order` is null), written into `sums` (length cols + 1)
 * and returned: `sums[j] = Σ_i s_i·g_i·x_ij`, `sums[cols] = Σ_i s_i·g_i`, with
 * g_i the slope of row i under `loss` (tests/engine/plain-logistic.ts's `labSlope` of z_i, or
 * `bceSlope` of the float32 h_i) and s_i its sample weight (1 when
 * `weights` is null). Divide by the batch's row count for the gradient of
 * the mean cost, weighted or not (PyTorch's 'mean' reduction). The kernel
 * holds the rows of `data` afterwards, for the next batch (with `order`
 * null, only when it holds them whole: kernel-rows.ts's `holdsWhole`).
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
 * Σ_i s_i·cost_i over all rows of `data` in order (tests/engine/plain-logistic.ts's `labCost`
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

// The kernel's `mode` bits (epoch-pass.wat's `sigmoid`).
const GRADIENT = 1;
const TOTALS = 2;

const sigmoidPass = sigmoidPassFunction();

/**
 * The kernel's pass over the rows `order[start..end)` (start..end − 1 when
 * null) of `data` into `sums` and `totals` (null: not wanted), `PASS_ROWS`
 * rows a call: each call takes those rows' numbers and weights, in pass
 * order, and, unless the kernel holds the rows, copies of them. An
 * `order`, or a gradient over rows the kernel holds whole, makes it hold
 * them first. The views of its scratch memory are kept from one pass to
 * the next while they stay where they are: a mini-batch of 64 rows is over
 * in microseconds, and with the views made again each call the diabetes
 * data's batches of 64 trained slower than the JavaScript loop
 * (`npm run bench:ab -- main --only=diabetes-b64`: ratio 1.21 over 5
 * rounds, against 0.76 over 41 with them kept).
 */
function sigmoidPassFunction() {
  // What the scratch's layout is for, and the layout and views themselves.
  let cols = -1;
  let copied = -1;
  let buffer: ArrayBuffer | null = null;
  let at = -1;
  let sizes = sizesOf(0, 0);
  let bytes = 0;
  let where = regionAddresses(0, sizes);
  let wIn = new Float64Array(0);
  let sumsIn = new Float64Array(0);
  let out = new Float64Array(0);
  let orderIn = new Uint32Array(0);
  let weightsIn = new Float32Array(0);
  let xIn = new Float32Array(0);
  let yIn = new Float32Array(0);

  return function sigmoidPass(
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
    const mode =
      (sums === null ? 0 : GRADIENT) | (totals === null ? 0 : TOTALS);
    const load =
      order !== null || (sums !== null && holdsWhole(data.rows, data.cols));
    const kept = load ? heldRows(data) : heldRowsIfLoaded(data);
    // Rows a call: fewer when copied and wide (kernel-rows.ts's `chunkRows`).
    const step = kept === null ? chunkRows(4 * data.cols + 12) : PASS_ROWS;
    const copy = kept === null ? Math.min(data.rows, step) : 0;
    if (data.cols !== cols || copy !== copied) {
      cols = data.cols;
      copied = copy;
      sizes = sizesOf(cols, copied);
      bytes = regionBytes(sizes);
      buffer = null;
    }
    const scratch = kernelScratch(bytes, end - start, cols);
    const { kernel } = scratch;
    if (kernel.memory.buffer !== buffer || scratch.at !== at) {
      buffer = kernel.memory.buffer;
      at = scratch.at;
      where = regionAddresses(at, sizes);
      wIn = new Float64Array(buffer, where.w, cols);
      sumsIn = new Float64Array(buffer, where.sums, cols + 1);
      out = new Float64Array(buffer, where.out, 2);
      orderIn = new Uint32Array(buffer, where.order, PASS_ROWS);
      weightsIn = new Float32Array(buffer, where.weights, PASS_ROWS);
      xIn = new Float32Array(buffer, where.x, copied * cols);
      yIn = new Float32Array(buffer, where.y, copied);
    }
    for (let j = 0; j < cols; j++) wIn[j] = w[j];
    sumsIn.fill(0);
    out.fill(0);
    const lab = loss === "lab" ? 1 : 0;
    for (let first = start; first < end; first += step) {
      const count = Math.min(step, end - first);
      if (order !== null) {
        for (let k = 0; k < count; k++) orderIn[k] = order[first + k];
      }
      if (weights !== null) {
        // Each row's weight, in pass order.
        for (let k = 0; k < count; k++) {
          weightsIn[k] = weights[order === null ? first + k : order[first + k]];
        }
      }
      let x = where.x;
      let y = where.y;
      if (kept === null) {
        xIn.set(data.x.subarray(first * cols, (first + count) * cols));
        yIn.set(data.y.subarray(first, first + count));
      } else {
        x = kept.layout.x + (order === null ? 4 * first * cols : 0);
        y = kept.layout.y + (order === null ? 4 * first : 0);
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
    if (sums !== null) for (let j = 0; j <= cols; j++) sums[j] = sumsIn[j];
    if (totals !== null) {
      totals.cost = out[0];
      totals.correct = out[1];
    }
  };
}

/**
 * Bytes of each region of the kernel's scratch memory for a pass over rows
 * of `cols` values, `copied` of them copied in a call: the copies (and the
 * row after them that an odd count's last pair reads), the row numbers and
 * weights of a call, the weights w as float64, the kernel's scratch, the
 * sums and the totals.
 */
function sizesOf(cols: number, copied: number) {
  return {
    x: 4 * (copied + 1) * cols,
    y: 4 * copied,
    order: 4 * PASS_ROWS,
    weights: 4 * PASS_ROWS,
    w: 8 * cols,
    scratch: 1024 + 4 * 65 * cols + 16 + 256,
    sums: 8 * (cols + 1),
    out: 16,
  };
}
