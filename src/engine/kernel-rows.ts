/**
 * The training rows the kernel's memory holds from one call to the next:
 * the rows and labels of one Dataset at a time, right after the tables,
 * with room after them for the one-output epochs' weights, scratch and log
 * (kernel-layout.ts). gradient.ts's epochs and softmax-kernel.ts's passes
 * both take them from here, so a training of either kind copies its rows
 * once, and neither overwrites the other's. A Dataset's values do not
 * change once built, so rows once copied stay right for it.
 *
 * Rows are held whole only when they fit the kernel's memory bound with room
 * to spare (`holdsWhole`); the full-batch passes take larger ones a window
 * of `windowRows` rows at a time (windowed-epoch.ts) and never hold them.
 */
import type { Dataset } from "./dataset";
import {
  epochKernel,
  growKernel,
  holdKernelBytes,
  kernelMemoryBound,
  TABLE_BYTES,
  type EpochKernel,
} from "./kernel";
import { copyRows, layoutAt, type Layout } from "./kernel-layout";

/** The kernel whose memory holds the rows, and where they are. */
export interface HeldRows {
  readonly kernel: EpochKernel;
  /** A new object each time other rows are copied in. */
  readonly layout: Layout;
}

// The kernel whose memory holds the rows of the Dataset `loaded`, and where.
let kernel: EpochKernel | null = null;
let loaded: Dataset | null = null;
let layout = layoutAt(TABLE_BYTES, 0, 0);

/**
 * The kernel, its memory holding the rows and labels of `data` (float32, a
 * row of zeros after an odd count, at `layout.x` and `layout.y`): copied
 * there first, the memory grown and those bytes held, unless they already
 * are.
 *
 * @throws RangeError when the kernel's memory cannot hold the rows
 */
export function heldRows(data: Dataset): HeldRows {
  const current = epochKernel();
  if (data !== loaded || current !== kernel) {
    // Until the copy is done, the memory holds no Dataset's rows whole.
    loaded = null;
    kernel = current;
    const { rows, cols } = data;
    layout = layoutAt(TABLE_BYTES, rows, cols);
    growKernel(current, layout.end, rows, cols);
    holdKernelBytes(layout.end);
    copyRows(current.memory.buffer, layout, data);
    loaded = data;
  }
  return { kernel: current, layout };
}

/** `heldRows` of `data` when the kernel holds them already; else null. */
export function heldRowsIfLoaded(data: Dataset): HeldRows | null {
  return data === loaded && epochKernel() === kernel
    ? { kernel: epochKernel(), layout }
    : null;
}

/**
 * `heldRowsIfLoaded` for the rows × cols values of `x`, when they are
 * those of the Dataset the kernel holds (its `x` itself, all its rows);
 * else null. For passes that take a Dataset's values without the Dataset.
 */
export function heldRowsOf(
  x: Float32Array,
  rows: number,
  cols: number,
): HeldRows | null {
  return loaded !== null &&
    loaded.x === x &&
    loaded.rows === rows &&
    loaded.cols === cols
    ? heldRowsIfLoaded(loaded)
    : null;
}

/**
 * Bytes of the bound kept free for the scratch of the passes that run after
 * held rows (a held-out set's window, a chunk of probabilities): an eighth.
 */
const SCRATCH_SHARE = 8;

/**
 * The most rows one call of a pass over rows takes (their copies, row
 * numbers or weights in the kernel's scratch memory): batch-gradient.ts's,
 * softmax-kernel.ts's, evaluate.ts's and training-end-sums.ts's passes.
 */
export const PASS_ROWS = 4096;

/**
 * Rows a pass copies into the kernel's scratch memory a call, each taking
 * `rowBytes` bytes there: as many as fit in an eighth of the bound (what
 * `holdsWhole` leaves free after held rows), a multiple of 64, at least 64
 * and at most `PASS_ROWS`. Under the service's bound, 4096 rows of up to about
 * 120 features, about 500 of 1,000; how many rows a call takes changes no
 * sum, which goes on from one call to the next in row order.
 */
export function chunkRows(rowBytes: number): number {
  const blocks = Math.floor(
    kernelMemoryBound() / SCRATCH_SHARE / (64 * rowBytes),
  );
  return Math.min(PASS_ROWS, 64 * Math.max(1, blocks));
}

/**
 * Bytes of rows a window takes: a 128th of the bound (128 KiB of the 16
 * MiB), which stays in the CPU's cache between its copy and its pass.
 * `node bench/window-sweep.mjs` (1,000,000×16, 5 epochs and the final
 * cost, in Node, interleaved, against the rows held whole in a fresh
 * memory) put windows of 32 KiB to 1 MiB within noise of one another, at
 * 0.84–1.0 of the held path's time over three runs on a 2-core machine;
 * 128 KiB sits in the middle.
 */
const WINDOW_SHARE = 128;

/**
 * Whether the rows × cols values of a Dataset are held whole: their layout
 * (kernel-layout.ts) after the tables, with an eighth of the bound still
 * free, within `kernelMemoryBound()`. 100,000×32 is (13.2 MB of 16 MiB);
 * 1,000,000×16 is not (64 MB).
 */
export function holdsWhole(rows: number, cols: number): boolean {
  const bound = kernelMemoryBound();
  return layoutAt(TABLE_BYTES, rows, cols).end + bound / SCRATCH_SHARE <= bound;
}

/**
 * Rows of `cols` values a window holds: a multiple of 64 (the kernel's
 * block, so a windowed pass adds the same blocks as a held one), as many as
 * a 128th of the bound takes, at least 64.
 */
export function windowRows(cols: number): number {
  const bytes = kernelMemoryBound() / WINDOW_SHARE;
  return 64 * Math.max(1, Math.floor(bytes / (64 * 4 * cols)));
}
