/**
 * Where gradient.ts's passes keep things in the kernel's memory
 * (kernel.ts): the rows and labels as float32, then the weights, the
 * scratch of a block of 64 rows, the sums and totals a pass writes, and the
 * bias and log of a run of epochs (`plainSgdEpochs`). Byte offsets, for the
 * arguments of wasm/epoch-pass.wat's functions. And the layout of named
 * scratch regions one after another (kernel.ts's `kernelRegions`).
 */
import type { Dataset } from "./dataset";

/** The most epochs `plainSgdEpochs` runs in one call: its log's room. */
export const FUSED_EPOCHS = 1024;

/** Rows per block of the kernel's pass (epoch-pass.wat's `epoch`). */
const BLOCK = 64;

/** The cost and the rows labelled right, summed over a logged epoch (what a
 * pass leaves in its totals at `Layout.out` + 8 and + 16). */
export interface EpochTotals {
  /** Σ_i cost_i, not yet divided by the number of rows. */
  cost: number;
  /** Rows where (h >= 0.5) equals the label. */
  correct: number;
}

/** Where a pass's rows, labels, weights, scratch, sums and totals are. */
export interface Layout {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly z: number;
  readonly g: number;
  /** The block's float32 partial sums: cols rounded up to a multiple of 4. */
  readonly part: number;
  readonly sums: number;
  readonly out: number;
  /** `plainSgdEpochs`'s float32 bias, then its log (2 float64 an epoch). */
  readonly bias: number;
  readonly log: number;
  /** The first byte after them. */
  readonly end: number;
}

/** The layout of a pass over `rows` × `cols` from byte `x` on. */
export function layoutAt(x: number, rows: number, cols: number): Layout {
  // An even number of rows: an odd count gets a row of zeros.
  const y = x + 4 * (rows + (rows & 1)) * cols;
  const w = y + 8 * ((rows + 1) >> 1);
  const z = w + 4 * paddedCols(cols);
  const g = z + 8 * BLOCK;
  const part = g + 8 * BLOCK;
  const sums = part + 16 * Math.ceil(cols / 4);
  const out = sums + 8 * cols;
  const bias = out + 24;
  const log = bias + 8;
  const end = log + 16 * FUSED_EPOCHS;
  return { x, y, w, z, g, part, sums, out, bias, log, end };
}

/** Weights as the kernel reads them: float32, zeros up to a multiple of 4. */
export function paddedCols(cols: number): number {
  return 4 * Math.ceil(cols / 4);
}

/** Copies the rows (and the zero row after an odd count) and labels. */
export function copyRows(
  buffer: ArrayBuffer,
  layout: Layout,
  data: Dataset,
): void {
  const { rows, cols } = data;
  const x = new Float32Array(buffer, layout.x, (rows + (rows & 1)) * cols);
  x.set(data.x.subarray(0, rows * cols));
  x.fill(0, rows * cols);
  new Float32Array(buffer, layout.y, rows).set(data.y.subarray(0, rows));
}

/** The bytes regions of `sizes` bytes take, each rounded up to 16. */
export function regionBytes<K extends string>(
  sizes: Record<K, number>,
): number {
  const names = Object.keys(sizes) as K[];
  return names.reduce((sum, name) => sum + align(sizes[name]), 0);
}

/**
 * The address of each region of `sizes` bytes, laid out in turn from `at`
 * (a multiple of 16), each rounded up to a multiple of 16 bytes.
 */
export function regionAddresses<K extends string>(
  at: number,
  sizes: Record<K, number>,
): Record<K, number> {
  const where = {} as Record<K, number>;
  let next = at;
  for (const name of Object.keys(sizes) as K[]) {
    where[name] = next;
    next += align(sizes[name]);
  }
  return where;
}

/** `bytes` rounded up to a multiple of 16. */
function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
