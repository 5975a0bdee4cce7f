/**
 * The training rows the kernel's memory holds from one call to the next:
 * the rows and labels of one Dataset at a time, right after the tables,
 * with room after them for the one-output epochs' weights, scratch and log
 * (kernel-layout.ts). gradient.ts's epochs and softmax-kernel.ts's passes
 * both take them from here, so a training of either kind copies its rows
 * once, and neither overwrites the other's. A Dataset's values do not
 * change once built, so rows once copied stay right for it.
 */
import type { Dataset } from "./dataset";
import {
  epochKernel,
  growKernel,
  holdKernelBytes,
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
