/**
 * One training epoch's pass over the data: for every row the logit z, the
 * sigmoid and the cost's slope g = dcost/dz, summed into the gradient; on
 * logged epochs also the cost and the rows labelled right.
 *
 * This is the hot loop of training, written for speed yet giving bit for bit
 * the numbers of the plain loop over one row at a time:
 * - The multiply-adds, two per feature value, run in WebAssembly SIMD
 *   (wasm/epoch-pass.wat), two float64 operations per instruction, in the
 *   plain loop's order: a logit adds its features in turn, a gradient sum
 *   its rows in turn, with one rounding per operation as here.
 * - The rows go through it in blocks of 256: the kernel writes the block's
 *   logits, the loops below take each row's `exp` (and on logged epochs its
 *   `log`) in JavaScript, where exp-log.ts inlines them, and write its slope,
 *   and the kernel adds the slopes times the rows, still in the CPU's cache,
 *   into the sums. The bias's sum, Σ g_i, is added here in row order.
 * - The kernel reads the rows from its own memory: a pass copies them there
 *   on its first epoch over a Dataset and reuses them while the epochs go
 *   on over the same one; a Dataset's values do not change once built. The
 *   memory keeps the size of the largest dataset it has held.
 * - An unlogged epoch takes one `exp` a row and no logarithm, for either
 *   loss. The rows labelled right are counted with arithmetic
 *   (`labelMatches`): a branch on them would be mispredicted on every row
 *   the model is unsure of.
 * - No allocation: the sums go into the caller's array, the block's logits
 *   and slopes into the kernel's memory, its probabilities into a scratch
 *   array that is a constant of a closure.
 */
import type { Dataset } from "./dataset";
import epochPassModule from "./wasm/epoch-pass.wasm";
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

/** What wasm/epoch-pass.wat exports; addresses are byte offsets. */
interface EpochKernel {
  readonly memory: WebAssembly.Memory;
  logits(
    x: number,
    pairs: number,
    cols: number,
    w: number,
    bias: number,
    z: number,
  ): void;
  accumulate(
    x: number,
    pairs: number,
    cols: number,
    g: number,
    sums: number,
  ): void;
}

/** The pass over the kernel's memory; `totals` is null on unlogged epochs. */
function epochPassFunction() {
  // Rows per call of the kernel: even, and few enough to stay in cache. Here
  // and not in the module, where a bundler's `var` would hide from V8 that it
  // is a constant.
  const BLOCK = 256;
  // The block's probabilities: a pass runs to the end without yielding, so
  // two never share them.
  const h = new Float64Array(BLOCK);
  let kernel: EpochKernel | null = null;
  // The Dataset whose rows the kernel's memory holds, where its weights,
  // logits, slopes and sums are, and views of those.
  let loaded: Dataset | null = null;
  let wAt = 0;
  let zAt = 0;
  let gAt = 0;
  let sumsAt = 0;
  let wIn = new Float64Array(0);
  let zOut = new Float64Array(0);
  let gIn = new Float64Array(0);
  let sumsOut = new Float64Array(0);

  /** Copies the rows of `data` into the kernel's memory, growing it. */
  function load(data: Dataset): void {
    // Until the copy is done, the memory holds no Dataset's rows whole.
    loaded = null;
    const { rows, cols } = data;
    // An even number of rows: an odd count gets a row of zeros.
    const values = (rows + (rows & 1)) * cols;
    const bytes = 4 * values + 8 * (2 * cols + 2 * BLOCK);
    kernel ??= new WebAssembly.Instance(epochPassModule, {})
      .exports as unknown as EpochKernel;
    const memory = kernel.memory;
    const missing = bytes - memory.buffer.byteLength;
    try {
      // A wasm32 memory holds at most 4 GiB; the isolate may allow less.
      if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    } catch (error) {
      throw new RangeError(
        `${rows}×${cols} values are more than a pass can hold here: ${String(error)}`,
      );
    }
    const buffer = memory.buffer;
    const x = new Float32Array(buffer, 0, values);
    x.set(data.x.subarray(0, rows * cols));
    x.fill(0, rows * cols);
    wAt = 4 * values;
    zAt = wAt + 8 * cols;
    gAt = zAt + 8 * BLOCK;
    sumsAt = gAt + 8 * BLOCK;
    wIn = new Float64Array(buffer, wAt, cols);
    zOut = new Float64Array(buffer, zAt, BLOCK);
    gIn = new Float64Array(buffer, gAt, BLOCK);
    sumsOut = new Float64Array(buffer, sumsAt, cols);
    loaded = data;
  }

  return function epochPass(
    sums: Float64Array,
    totals: EpochTotals | null,
    data: Dataset,
    w: Float32Array,
    b: number,
    lab: boolean,
  ): void {
    if (data !== loaded) load(data);
    const { logits, accumulate } = kernel!;
    const y = data.y;
    const rows = data.rows;
    const cols = data.cols;
    const z = zOut;
    const g = gIn;
    for (let j = 0; j < cols; j++) {
      wIn[j] = w[j];
      sumsOut[j] = 0;
    }
    // Σ g_i, which the kernel does not add: the bias's gradient.
    let slopes = 0;
    let cost = 0;
    let correct = 0;
    for (let start = 0; start < rows; start += BLOCK) {
      const n = rows - start < BLOCK ? rows - start : BLOCK;
      const pairs = (n + 1) >> 1;
      // The block's first byte: below 2^32, passed on as the i32 with its bits.
      const at = 4 * start * cols;
      logits(at, pairs, cols, wAt, b, zAt);

      // Each row's slope, and on a logged epoch its cost and label.
      if (lab === true) {
        for (let k = 0; k < n; k++) {
          const zk = z[k];
          const yk = y[start + k];
          const gk = labSlope(zk, yk);
          g[k] = gk;
          slopes += gk;
          if (totals !== null) {
            cost += labCost(zk, yk);
            correct += labelMatches(probability(zk), yk);
          }
        }
      } else {
        for (let k = 0; k < n; k++) {
          const hk = probability(z[k]);
          h[k] = hk;
          const gk = bceSlope(hk, y[start + k]);
          g[k] = gk;
          slopes += gk;
        }
        if (totals !== null) {
          for (let k = 0; k < n; k++) {
            const hk = h[k];
            const yk = y[start + k];
            cost += bceCost(hk, yk);
            correct += labelMatches(hk, yk);
          }
        }
      }
      // The zero row after an odd count adds nothing with a zero slope.
      if (n < BLOCK) g[n] = 0;

      accumulate(at, pairs, cols, gAt, sumsAt);
    }
    for (let j = 0; j < cols; j++) sums[j] = sumsOut[j];
    sums[cols] = slopes;
    if (totals !== null) {
      totals.cost = cost;
      totals.correct = correct;
    }
  };
}
