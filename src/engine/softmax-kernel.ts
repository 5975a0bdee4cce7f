/**
 * Softmax regression's one pass over rows, as the WebAssembly kernel runs it
 * (wasm/epoch-pass.wat's `softmax`): what goes where in its memory, and the
 * calls. softmax.ts's passes, final pass and prediction all come here, each
 * asking for what it needs (`SoftmaxOutputs`), so the formulas live once, in
 * the kernel.
 *
 * The rows come from one of two places: the training rows the kernel holds
 * between calls (kernel-rows.ts, the one-output epochs' copy too), for
 * gradients and for totals over the rows it holds; or copies of up to 4096
 * rows at a time in its scratch memory, for rows it does not hold (held-out
 * rows, a final pass's blocks, new rows to predict, and training rows over
 * what it holds whole: kernel-rows.ts's `holdsWhole`). Each sum goes on from
 * one call to the next, so both ways give the same numbers to the bit.
 * Mini-batches (an `order`) read the rows held whole, whatever their size:
 * over the bound, the memory grows for them and is released at the end of
 * the request (kernel.ts).
 */
import type { Dataset } from "./dataset";
import type { EpochTotals } from "./kernel-layout";
import { kernelRegions } from "./kernel";
import {
  chunkRows,
  heldRows,
  heldRowsIfLoaded,
  holdsWhole,
} from "./kernel-rows";

/** What a pass writes; null: not wanted. */
export interface SoftmaxOutputs {
  /** The gradient sums Σ_i s_i·(p_ik − [y_i = k])·[x_i, 1], laid out [W, b]. */
  readonly sums: Float64Array | null;
  /** Σ_i s_i·(−log p_i,y_i) and the rows whose arg-max class is the label. */
  readonly totals: EpochTotals | null;
  /** Each row's arg-max class, the lowest on a tie. */
  readonly labels: Uint32Array | null;
  /** Each row's K probabilities, rows × K row-major, float32. */
  readonly probabilities: Float32Array | null;
}

/** The rows of a pass: `x` row-major (`cols` a row), labels `y` (null: none). */
export interface SoftmaxRows {
  readonly x: Float32Array;
  readonly y: Float32Array | null;
  readonly cols: number;
}

// The kernel's `mode` bits (epoch-pass.wat's `softmax`).
const GRADIENT = 1;
const TOTALS = 2;
const LABELS = 4;
const PROBABILITIES = 8;

/**
 * Runs the kernel's softmax pass over the rows `order[start..end)` (rows
 * start..end − 1 when `order` is null) of `rows` under the weights `w`
 * (K × cols, row-major) and biases `b` (K), each row weighted by its entry
 * in `weights` (1 when null), into `outputs`: sums and totals are the
 * pass's alone (zeroed first); labels and probabilities are indexed from
 * the pass's first row. `held`, when the rows are a Dataset, lets the pass
 * use (and, for a gradient or an `order`, load) the kernel's held copy;
 * an `order` needs it.
 *
 * @throws RangeError when the kernel's memory cannot hold the rows, or an
 *   `order` comes without `held`
 */
export function softmaxKernelPass(
  outputs: SoftmaxOutputs,
  rows: SoftmaxRows,
  held: Dataset | null,
  w: Float32Array,
  b: Float32Array,
  order: Uint32Array | null,
  start: number,
  end: number,
  weights: Float32Array | null,
): void {
  const { sums, totals, labels, probabilities } = outputs;
  const mode =
    (sums === null ? 0 : GRADIENT) |
    (totals === null ? 0 : TOTALS) |
    (labels === null ? 0 : LABELS) |
    (probabilities === null ? 0 : PROBABILITIES);
  const classes = b.length;
  const { cols } = rows;
  // An order needs the rows held; a gradient holds them for the next
  // epoch, unless they are over what the kernel holds whole.
  const load =
    order !== null ||
    (sums !== null && held !== null && holdsWhole(held.rows, cols));
  const kept =
    held === null || (mode & (LABELS | PROBABILITIES)) !== 0
      ? null
      : load
        ? heldRows(held)
        : heldRowsIfLoaded(held);
  if (order !== null && kept === null) {
    throw new RangeError(`a row order needs the rows as the kernel holds them`);
  }
  const n = end - start;
  // Fewer rows a call when they are wide (kernel-rows.ts's `chunkRows`).
  const most = chunkRows(4 * (cols + classes + 3));
  const chunk = kept === null ? Math.min(n, most) : 0;
  // Bytes of each region of the kernel's scratch memory for the call.
  const sizes = {
    x: 4 * (chunk + 1) * cols,
    y: rows.y === null ? 0 : 4 * chunk,
    order: order === null ? 0 : 4 * n,
    // With the held rows, every row's weight (the kernel reads row i's).
    weights:
      weights === null ? 0 : 4 * (kept === null ? chunk : weights.length),
    labels: labels === null ? 0 : 4 * chunk,
    p: probabilities === null ? 0 : 4 * chunk * classes,
    w: 8 * classes * cols,
    b: 8 * classes,
    scratch: 512 * (classes + 5) + 4 * 65 * cols + 512,
    sums: 8 * (classes * cols + classes),
    out: 16,
  };
  const { kernel, where } = kernelRegions(sizes, n, cols);
  const buffer = kernel.memory.buffer;
  new Float64Array(buffer, where.w, classes * cols).set(
    w.subarray(0, classes * cols),
  );
  new Float64Array(buffer, where.b, classes).set(b);
  const sumsIn = new Float64Array(buffer, where.sums, classes * (cols + 1));
  const out = new Float64Array(buffer, where.out, 2);
  sumsIn.fill(0);
  out.fill(0);
  const orderAt = order === null ? 0 : where.order;
  // Address 0 means none (the tables are there, never rows).
  const call = (x: number, y: number, from: number, to: number, s: number) =>
    kernel.softmax(
      x,
      y,
      orderAt,
      from,
      to,
      cols,
      classes,
      where.w,
      where.b,
      s,
      mode,
      where.scratch,
      where.sums,
      where.out,
      where.labels,
      where.p,
    );
  if (kept !== null) {
    let from = start;
    let to = end;
    if (order !== null) {
      new Uint32Array(buffer, where.order, n).set(order.subarray(start, end));
      from = 0;
      to = n;
    }
    if (weights !== null) {
      new Float32Array(buffer, where.weights, weights.length).set(weights);
    }
    const { x, y } = kept.layout;
    call(x, y, from, to, weights === null ? 0 : where.weights);
  } else {
    // Rows the kernel does not hold: copied in, `chunk` at a time.
    const xIn = new Float32Array(buffer, where.x, (chunk + 1) * cols);
    for (let first = start; first < end; first += chunk) {
      const count = Math.min(chunk, end - first);
      xIn.set(rows.x.subarray(first * cols, (first + count) * cols));
      if (rows.y !== null) {
        new Float32Array(buffer, where.y, count).set(
          rows.y.subarray(first, first + count),
        );
      }
      if (weights !== null) {
        new Float32Array(buffer, where.weights, count).set(
          weights.subarray(first, first + count),
        );
      }
      call(where.x, where.y, 0, count, weights === null ? 0 : where.weights);
      const done = first - start;
      if (labels !== null) {
        labels.set(new Uint32Array(buffer, where.labels, count), done);
      }
      if (probabilities !== null) {
        probabilities.set(
          new Float32Array(buffer, where.p, count * classes),
          done * classes,
        );
      }
    }
  }
  if (sums !== null) {
    sums.fill(0);
    sums.set(sumsIn);
  }
  if (totals !== null) {
    totals.cost = out[0];
    totals.correct = out[1];
  }
}
