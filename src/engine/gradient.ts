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
 *   epochs go on over the same one (kernel-rows.ts, which softmax's passes
 *   share); a Dataset's values do not change once built. Rows over what the
 *   kernel holds whole (kernel-rows.ts's `holdsWhole`) are never copied
 *   whole: each pass copies them a window at a time (windowed-epoch.ts),
 *   the same numbers to the bit, so the memory stays within kernel.ts's
 *   bound. Held-out rows (`heldOutTotals`) always go through the window,
 *   unless they are the rows held (the training rows measured at the
 *   returned weights), which are read where they are.
 * - No allocation over held rows: the sums go into the caller's array, the
 *   rest stays in the kernel's memory.
 */
import type { Dataset } from "./dataset";
import { TABLE_BYTES, type EpochKernel } from "./kernel";
import {
  FUSED_EPOCHS,
  layoutAt,
  paddedCols,
  type EpochTotals,
  type Layout,
} from "./kernel-layout";
import { heldRows, heldRowsIfLoaded, holdsWhole } from "./kernel-rows";
import type { Loss } from "./logistic";
import { windowedPass } from "./windowed-epoch";

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
 * The rows go through a window in the kernel's scratch memory
 * (windowed-epoch.ts), leaving the training rows it holds where they are;
 * when `data` is the Dataset it holds, the pass reads them there, with no
 * copy.
 *
 * @throws RangeError when the kernel's memory cannot hold a window
 */
export function heldOutTotals(
  totals: EpochTotals,
  data: Dataset,
  w: Float32Array,
  b: number,
  loss: Loss,
): EpochTotals {
  const sums = new Float64Array(data.cols + 1);
  if (heldRowsIfLoaded(data) !== null) {
    epochPass(sums, totals, data, w, b, loss === "lab");
  } else {
    windowedPass(sums, totals, data, w, b, loss === "lab");
  }
  return totals;
}

/**
 * `count` full-batch epochs of the lab's plain step p −= (lr/rows)·Σ under
 * `loss` in one kernel call (epoch-pass.wat's `epochs`), from the parameters
 * `params` ([w, b], updated in place) at epoch `first`: each epoch's numbers
 * are one `gradientSums` (or `loggedGradientSums`) and fit.ts's step to the
 * bit. Each epoch e with e % logEvery = 0 writes its summed cost and rows
 * labelled right into `logs`, two values an epoch, in order. Returns the
 * epochs that ran through their step with every parameter finite; fewer
 * than `count` when epoch `first` + that number had a logged cost that is
 * not finite (logged; not stepped, or, on up to 64 rows of at most 4
 * columns under "bce", stepped to a NaN bias, whose h made both NaN) or a
 * step that left a parameter that is not (stepped). The params after a
 * stop are the failing step's or the one before; the caller reports the
 * logged cost first (fit.ts's `plainEpochs`).
 *
 * The rows must be ones the kernel holds whole (kernel-rows.ts's
 * `holdsWhole`): a run of epochs reads them all each epoch, where rows over
 * that go a window at a time (fit.ts trains them epoch by epoch).
 *
 * @throws RangeError when `count` is over `FUSED_EPOCHS`, or the rows are
 *   more than the kernel holds whole
 */
export function plainSgdEpochs(
  params: Float32Array,
  logs: Float64Array,
  data: Dataset,
  lr: number,
  loss: Loss,
  first: number,
  count: number,
  logEvery: number,
): number {
  if (count > FUSED_EPOCHS) {
    throw new RangeError(`${count} epochs are over ${FUSED_EPOCHS} a call`);
  }
  if (!holdsWhole(data.rows, data.cols)) {
    throw new RangeError(
      `${data.rows}×${data.cols} values are more than the kernel holds whole for a run of epochs`,
    );
  }
  return fusedEpochs(
    params,
    logs,
    data,
    lr,
    loss === "lab",
    first,
    count,
    logEvery,
  );
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

/**
 * True when the rows of `data` go through the kernel a window at a time:
 * over what it holds whole, and not held already (a mini-batch training's
 * resident copy, which the pass reads where it is).
 */
function isWindowed(data: Dataset): boolean {
  return !holdsWhole(data.rows, data.cols) && heldRowsIfLoaded(data) === null;
}

const { epochPass, fusedEpochs } = epochPassFunctions();

/**
 * The pass over the kernel's memory (`totals` null on unlogged epochs), and
 * `plainSgdEpochs`'s run of them over the same rows.
 */
function epochPassFunctions() {
  // Where the rows are (kernel-rows.ts), and views of the weights, sums
  // and totals after them.
  let layout = layoutAt(TABLE_BYTES, 0, 0);
  let wIn = new Float32Array(0);
  let sumsOut = new Float64Array(0);
  let out = new Float64Array(0);

  /** The views of the weights, sums and totals in `buffer`. */
  function views(buffer: ArrayBuffer, cols: number): void {
    wIn = new Float32Array(buffer, layout.w, paddedCols(cols)).fill(0);
    sumsOut = new Float64Array(buffer, layout.sums, cols);
    out = new Float64Array(buffer, layout.out, 3);
  }

  /** The kernel, its memory holding the rows of `data`, and views of it. */
  function prepare(data: Dataset): EpochKernel {
    const held = heldRows(data);
    // New rows, or growing the memory (kernelScratch) detached the views.
    if (held.layout !== layout || out.length === 0) {
      layout = held.layout;
      views(held.kernel.memory.buffer, data.cols);
    }
    return held.kernel;
  }

  function fusedEpochs(
    params: Float32Array,
    logs: Float64Array,
    data: Dataset,
    lr: number,
    lab: boolean,
    first: number,
    count: number,
    every: number,
  ): number {
    const current = prepare(data);
    const { rows, cols } = data;
    const { x, y, w, z, g, part, sums, out: at, bias, log } = layout;
    const buffer = current.memory.buffer;
    const b = new Float32Array(buffer, bias, 1);
    for (let j = 0; j < cols; j++) wIn[j] = params[j];
    b[0] = params[cols];
    const s = lr / rows;
    const ran = current.epochs(
      x,
      y,
      rows,
      cols,
      w,
      bias,
      +lab,
      first,
      count,
      every,
      s,
      z,
      g,
      part,
      sums,
      at,
      log,
    );
    for (let j = 0; j < cols; j++) params[j] = wIn[j];
    params[cols] = b[0];
    // The logged epochs among first..first + ran, the one that stopped included.
    const end = first + Math.min(ran + 1, count);
    const logged = Math.ceil(end / every) - Math.ceil(first / every);
    logs.set(new Float64Array(buffer, log, 2 * logged));
    return ran;
  }

  function epochPass(
    sums: Float64Array,
    totals: EpochTotals | null,
    data: Dataset,
    w: Float32Array,
    b: number,
    lab: boolean,
  ): void {
    if (isWindowed(data)) {
      windowedPass(sums, totals, data, w, b, lab);
      return;
    }
    const current = prepare(data);
    const cols = data.cols;
    for (let j = 0; j < cols; j++) wIn[j] = w[j];
    runEpoch(current, layout, data, b, lab, totals !== null);
    for (let j = 0; j < cols; j++) sums[j] = sumsOut[j];
    sums[cols] = out[0];
    if (totals !== null) {
      totals.cost = out[1];
      totals.correct = out[2];
    }
  }

  return { epochPass, fusedEpochs };
}
