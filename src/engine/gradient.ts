/**
 * One training epoch's pass over the data: for every row the logit z, the
 * sigmoid and the cost's slope g = dcost/dz, summed into the gradient; on
 * logged epochs also the cost and the rows labelled right.
 *
 * This is the hot loop of training. The whole pass runs in the WebAssembly
 * kernel (wasm/epoch-pass.wat's `epoch`), one call an epoch, in float32
 * lanes as the C yardstick of `npm run bench` works (bench/logreg.c), so
 * its numbers are the plain float64 loop's over one row at a time with
 * logistic.ts's formulas to float32's rounding (tests/engine/
 * gradient.test.ts bounds how far):
 * - A logit is a float32 dot product, four rows and four columns a
 *   vector, the bias added in float64; the gradient's products are summed
 *   in float32 within blocks of 64 rows, and the blocks' sums in float64.
 * - The "bce" loss's e^-z and ln are float32 polynomials four rows at a
 *   time (within 1 float32 ulp, tests/engine/exp-log.test.ts), h is
 *   1/(1 + e^-z) in float64 rounded once to float32, and Σ g, the cost and
 *   the rows right are float64 sums; so a logged epoch costs a float32
 *   logarithm a row more than an unlogged one. (The "lab" loss's slopes and
 *   cost stay float64: exp-log.ts's exp, and `Math.log1p` and `Math.exp`
 *   called from the kernel for its softplus, as logistic.ts does.)
 * - The rows go through it in blocks of 64, which stay in the CPU's cache
 *   from their logits to their gradient sums.
 * - The kernel reads the rows and labels from its own memory: a pass copies
 *   them there on its first epoch over a Dataset and reuses them while the
 *   epochs go on over the same one; a Dataset's values do not change once
 *   built. Held-out rows (`heldOutTotals`) are copied for each pass into
 *   scratch memory after them. kernel.ts bounds that memory between
 *   trainings.
 * - No allocation: the sums go into the caller's array, the rest stays in
 *   the kernel's memory.
 */
import type { Dataset } from "./dataset";
import {
  epochKernel,
  growKernel,
  holdKernelBytes,
  kernelScratch,
  TABLE_BYTES,
  type EpochKernel,
} from "./kernel";
import type { Loss } from "./logistic";

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

/**
 * `loggedGradientSums`'s totals for rows that no epoch runs over (held-out
 * rows), the same pass's numbers to the bit: written into `totals`, which
 * is returned.
 * The rows are copied into the kernel's scratch memory for the one call,
 * leaving the training rows it holds where they are.
 *
 * @throws RangeError when the kernel's memory cannot hold the rows
 */
export function heldOutTotals(
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): EpochTotals {
  const { rows, cols } = data;
  const { kernel, at } = kernelScratch(layoutAt(0, rows, cols).end, rows, cols);
  const layout = layoutAt(at, rows, cols);
  const buffer = kernel.memory.buffer;
  copyRows(buffer, layout, data);
  const wf = new Float32Array(buffer, layout.w, paddedCols(cols)).fill(0);
  wf.set(w.subarray(0, cols));
  runEpoch(kernel, layout, data, b, loss === "lab", true);
  const out = new Float64Array(buffer, layout.out, 3);
  totals.cost = out[1];
  totals.correct = out[2];
  return totals;
}

/** Rows per block of the kernel's pass (epoch-pass.wat's `epoch`). */
const BLOCK = 64;

/** Where a pass's rows, labels, weights, scratch, sums and totals are. */
interface Layout {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly z: number;
  readonly g: number;
  /** The block's float32 partial sums: cols rounded up to a multiple of 4. */
  readonly part: number;
  readonly sums: number;
  readonly out: number;
  /** The first byte after them. */
  readonly end: number;
}

/** The layout of a pass over `rows` × `cols` from byte `x` on. */
function layoutAt(x: number, rows: number, cols: number): Layout {
  // An even number of rows: an odd count gets a row of zeros.
  const y = x + 4 * (rows + (rows & 1)) * cols;
  const w = y + 8 * ((rows + 1) >> 1);
  const z = w + 4 * paddedCols(cols);
  const g = z + 8 * BLOCK;
  const part = g + 8 * BLOCK;
  const sums = part + 16 * Math.ceil(cols / 4);
  const out = sums + 8 * cols;
  return { x, y, w, z, g, part, sums, out, end: out + 24 };
}

/** Weights as the kernel reads them: float32, zeros up to a multiple of 4. */
function paddedCols(cols: number): number {
  return 4 * Math.ceil(cols / 4);
}

/** Copies the rows (and the zero row after an odd count) and labels. */
function copyRows(buffer: ArrayBuffer, layout: Layout, data: Dataset): void {
  const { rows, cols } = data;
  const x = new Float32Array(buffer, layout.x, (rows + (rows & 1)) * cols);
  x.set(data.x.subarray(0, rows * cols));
  x.fill(0, rows * cols);
  new Float32Array(buffer, layout.y, rows).set(data.y.subarray(0, rows));
}

/** The kernel's `epoch` over the rows at `layout`. */
function runEpoch(
  kernel: EpochKernel,
  layout: Layout,
  data: Dataset,
  b: number,
  lab: boolean,
  logged: boolean,
): void {
  const { x, y, w, z, g, part, sums, out } = layout;
  const { rows, cols } = data;
  kernel.epoch(x, y, rows, cols, w, b, +lab, +logged, z, g, part, sums, out);
}

const epochPass = epochPassFunction();

/** The pass over the kernel's memory; `totals` is null on unlogged epochs. */
function epochPassFunction() {
  // The kernel whose memory holds the rows of the Dataset `loaded`, where
  // they are, and views of its weights, sums and totals.
  let kernel: EpochKernel | null = null;
  let loaded: Dataset | null = null;
  let layout = layoutAt(TABLE_BYTES, 0, 0);
  let wIn = new Float32Array(0);
  let sumsOut = new Float64Array(0);
  let out = new Float64Array(0);

  /** Copies the rows and labels of `data` into `into`'s memory, growing it. */
  function load(into: EpochKernel, data: Dataset): void {
    // Until the copy is done, the memory holds no Dataset's rows whole.
    loaded = null;
    kernel = into;
    const { rows, cols } = data;
    layout = layoutAt(TABLE_BYTES, rows, cols);
    growKernel(into, layout.end, rows, cols);
    holdKernelBytes(layout.end);
    copyRows(into.memory.buffer, layout, data);
    views(into.memory.buffer, cols);
    loaded = data;
  }

  /** The views of the weights, sums and totals in `buffer`. */
  function views(buffer: ArrayBuffer, cols: number): void {
    wIn = new Float32Array(buffer, layout.w, paddedCols(cols)).fill(0);
    sumsOut = new Float64Array(buffer, layout.sums, cols);
    out = new Float64Array(buffer, layout.out, 3);
  }

  return function epochPass(
    sums: Float64Array,
    totals: EpochTotals | null,
    data: Dataset,
    w: Float32Array,
    b: number,
    lab: boolean,
  ): void {
    const current = epochKernel();
    const cols = data.cols;
    if (data !== loaded || current !== kernel) load(current, data);
    // Growing the memory (kernelScratch) detaches the views' buffer.
    else if (out.length === 0) views(current.memory.buffer, cols);
    for (let j = 0; j < cols; j++) wIn[j] = w[j];
    runEpoch(current, layout, data, b, lab, totals !== null);
    for (let j = 0; j < cols; j++) sums[j] = sumsOut[j];
    sums[cols] = out[0];
    if (totals !== null) {
      totals.cost = out[1];
      totals.correct = out[2];
    }
  };
}
