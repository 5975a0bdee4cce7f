/**
 * One training epoch's pass over the data: for every row the logit z, the
 * sigmoid and the cost's slope g = dcost/dz, summed into the gradient; on
 * logged epochs also the cost and the rows labelled right.
 *
 * This is the hot loop of training. The whole pass runs in the WebAssembly
 * kernel (wasm/epoch-pass.wat's `epoch`), one call an epoch, and gives bit
 * for bit the numbers of the plain loop over one row at a time with
 * logistic.ts's formulas:
 * - The multiply-adds, two per feature value, run in WebAssembly SIMD, two
 *   float64 operations per instruction, in the plain loop's order: a logit
 *   adds its features in turn, a gradient sum its rows in turn, with one
 *   rounding per operation as in JavaScript.
 * - Each row's e^-z (and on logged epochs its logarithm) is the kernel's
 *   own exp and log, exp-log.ts's arithmetic written in WebAssembly, to the
 *   bit; so a logged epoch costs a logarithm a row more than an unlogged one,
 *   not a trip through JavaScript.
 * - The rows go through it in blocks of 256, which stay in the CPU's cache
 *   from their logits to their gradient sums.
 * - The kernel reads the rows and labels from its own memory: a pass copies
 *   them there on its first epoch over a Dataset and reuses them while the
 *   epochs go on over the same one; a Dataset's values do not change once
 *   built. kernel.ts bounds that memory between trainings.
 * - No allocation: the sums go into the caller's array, the rest stays in
 *   the kernel's memory.
 */
import type { Dataset } from "./dataset";
import {
  epochKernel,
  growKernel,
  holdKernelBytes,
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

const epochPass = epochPassFunction();

/** The pass over the kernel's memory; `totals` is null on unlogged epochs. */
function epochPassFunction() {
  // Rows per block of the kernel's pass (epoch-pass.wat's `epoch`).
  const BLOCK = 256;
  // The kernel whose memory holds the rows of the Dataset `loaded`, where
  // its weights, sums and totals are, and views of those.
  let kernel: EpochKernel | null = null;
  let loaded: Dataset | null = null;
  let yAt = 0;
  let wAt = 0;
  let zAt = 0;
  let gAt = 0;
  let sumsAt = 0;
  let outAt = 0;
  let wIn = new Float64Array(0);
  let sumsOut = new Float64Array(0);
  let out = new Float64Array(0);

  /** Copies the rows and labels of `data` into `into`'s memory, growing it. */
  function load(into: EpochKernel, data: Dataset): void {
    // Until the copy is done, the memory holds no Dataset's rows whole.
    loaded = null;
    kernel = into;
    const { rows, cols } = data;
    // An even number of rows: an odd count gets a row of zeros.
    const values = (rows + (rows & 1)) * cols;
    yAt = TABLE_BYTES + 4 * values;
    wAt = yAt + 8 * ((rows + 1) >> 1);
    zAt = wAt + 8 * cols;
    gAt = zAt + 8 * BLOCK;
    sumsAt = gAt + 8 * BLOCK;
    outAt = sumsAt + 8 * cols;
    growKernel(into, outAt + 24, rows, cols);
    holdKernelBytes(outAt + 24);
    const buffer = into.memory.buffer;
    const x = new Float32Array(buffer, TABLE_BYTES, values);
    x.set(data.x.subarray(0, rows * cols));
    x.fill(0, rows * cols);
    new Float32Array(buffer, yAt, rows).set(data.y.subarray(0, rows));
    views(buffer, cols);
    loaded = data;
  }

  /** The views of the weights, sums and totals in `buffer`. */
  function views(buffer: ArrayBuffer, cols: number): void {
    wIn = new Float64Array(buffer, wAt, cols);
    sumsOut = new Float64Array(buffer, sumsAt, cols);
    out = new Float64Array(buffer, outAt, 3);
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
    current.epoch(
      TABLE_BYTES,
      yAt,
      data.rows,
      cols,
      wAt,
      b,
      lab ? 1 : 0,
      totals === null ? 0 : 1,
      zAt,
      gAt,
      sumsAt,
      outAt,
    );
    for (let j = 0; j < cols; j++) sums[j] = sumsOut[j];
    sums[cols] = out[0];
    if (totals !== null) {
      totals.cost = out[1];
      totals.correct = out[2];
    }
  };
}
