/**
 * The two-class model's passes that need no gradient: probabilities of new
 * rows and labels at 0.5. (Held-out rows are measured by gradient.ts's
 * `heldOutTotals`.)
 */
import { kernelScratch, releaseKernelMemory } from "./kernel";
import { chunkRows, heldRowsOf } from "./kernel-rows";

/** Counts of the 2×2 confusion matrix at threshold 0.5 (positive = label 1). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Writes h = sigmoid(x_i · w + b) of each of the `rows` rows of `x` into `out`
 * and returns `out`: `probability(logit(x, i, cols, w, b))` (tests/engine/plain-logistic.ts) to
 * the bit, worked out by the WebAssembly kernel (its `probabilities`), two
 * rows at a time, on copies of up to 4096 rows at once in its scratch memory;
 * or, when `x` holds the rows the kernel holds (kernel-rows.ts: the
 * training rows, measured at the returned weights), on those, uncopied.
 *
 * @throws RangeError when the kernel's memory cannot hold 4096 rows of `cols`
 */
export function sigmoidProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  w: Float32Array,
  b: number,
): Float32Array {
  // Fewer rows a call when they are wide (kernel-rows.ts's `chunkRows`).
  const chunk = Math.min(rows, chunkRows(4 * cols + 4));
  const held = heldRowsOf(x, rows, cols);
  // One row more than the chunk: the kernel reads a row past an odd count.
  const xBytes = held === null ? 8 * Math.ceil(((chunk + 1) * cols) / 2) : 0;
  const bytes = xBytes + 8 * cols + 8 * 256 + 4 * chunk;
  const { kernel, at } = kernelScratch(bytes, rows, cols);
  const buffer = kernel.memory.buffer;
  const wAt = at + xBytes;
  const zAt = wAt + 8 * cols;
  const hAt = zAt + 8 * 256;
  const xIn = new Float32Array(
    buffer,
    at,
    held === null ? (chunk + 1) * cols : 0,
  );
  new Float64Array(buffer, wAt, cols).set(w.subarray(0, cols));
  const hOut = new Float32Array(buffer, hAt, chunk);
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    let xAt = at;
    if (held === null) {
      xIn.set(x.subarray(start * cols, (start + n) * cols));
    } else {
      xAt = held.layout.x + 4 * start * cols;
    }
    kernel.probabilities(xAt, n, cols, wAt, b, zAt, hAt);
    out.set(n === chunk ? hOut : hOut.subarray(0, n), start);
  }
  // A large prediction leaves the kernel's memory within its bound.
  releaseKernelMemory();
  return out;
}

/** The label a probability stands for: 1 when h >= 0.5, as in the lab. */
export function labelOf(h: number): 0 | 1 {
  return h >= 0.5 ? 1 : 0;
}

/** Accuracy (fraction correct) of a confusion matrix. */
export function accuracyOf(c: Confusion): number {
  return (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn);
}
