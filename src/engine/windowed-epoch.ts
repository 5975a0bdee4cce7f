/**
 * The full-batch epoch pass over rows the kernel does not hold whole
 * (kernel-rows.ts's `holdsWhole`: over its share of the memory bound): the
 * rows go through a window of `windowRows` rows in the kernel's scratch
 * memory, copied in one window after another, and the kernel's `epochAdd`
 * adds each window's blocks into the pass's sums and totals. A window is a
 * multiple of the kernel's 64-row block, so the pass adds the same float32
 * block sums in the same order into its float64 sums as gradient.ts's pass
 * over held rows: its numbers are that pass's to the bit
 * (tests/engine/windowed-epoch.test.ts). The kernel's memory then holds a
 * window, never the rows, whatever their number.
 */
import type { Dataset } from "./dataset";
import { kernelScratch } from "./kernel";
import { layoutAt, paddedCols, type EpochTotals } from "./kernel-layout";
import { windowRows } from "./kernel-rows";

/**
 * One epoch's pass over all rows of `data` under the weights `w` (its first
 * `cols` values) and bias `b`, the "lab" loss when `lab` (else "bce"): the
 * gradient sums into `sums` (length cols + 1, `Σ_i g_i x_ij` then `Σ_i g_i`)
 * and, when `totals` is given, the summed cost and rows labelled right into
 * it; gradient.ts's `loggedGradientSums` to the bit.
 *
 * @throws RangeError when the kernel's memory cannot hold a window
 */
export function windowedPass(
  sums: Float64Array,
  totals: EpochTotals | null,
  data: Dataset,
  w: Float32Array,
  b: number,
  lab: boolean,
): void {
  const { rows, cols } = data;
  const window = windowRows(cols);
  // Room for a window and the row of zeros after an odd count.
  const bytes = layoutAt(0, window + 1, cols).end;
  const { kernel, at } = kernelScratch(bytes, window, cols);
  const layout = layoutAt(at, window + 1, cols);
  const buffer = kernel.memory.buffer;
  const x = new Float32Array(buffer, layout.x, (window + 1) * cols);
  const y = new Float32Array(buffer, layout.y, window);
  new Float32Array(buffer, layout.w, paddedCols(cols))
    .fill(0)
    .set(w.subarray(0, cols));
  const sumsOut = new Float64Array(buffer, layout.sums, cols).fill(0);
  const out = new Float64Array(buffer, layout.out, 3).fill(0);
  const logged = totals === null ? 0 : 1;
  for (let start = 0; start < rows; start += window) {
    const n = Math.min(window, rows - start);
    x.set(data.x.subarray(start * cols, (start + n) * cols));
    if (n & 1) x.fill(0, n * cols, (n + 1) * cols);
    y.set(data.y.subarray(start, start + n));
    kernel.epochAdd(
      layout.x,
      layout.y,
      n,
      cols,
      layout.w,
      b,
      +lab,
      logged,
      layout.z,
      layout.g,
      layout.part,
      layout.sums,
      layout.out,
    );
  }
  sums.set(sumsOut);
  sums[cols] = out[0];
  if (totals !== null) {
    totals.cost = out[1];
    totals.correct = out[2];
  }
}
