/**
 * The WebAssembly kernel (wasm/epoch-pass.wat) as the engine holds it: one
 * instance at a time in an isolate, with exp-log.ts's tables written at the
 * start of its memory, and that memory bounded.
 *
 * A WebAssembly memory can grow but never shrink, so an isolate that once
 * trained on a large dataset would keep its memory as long as it lives. It
 * is bounded by `KERNEL_MEMORY_BOUND` in two ways:
 * - By construction, for full-batch training: rows are held whole
 *   (kernel-rows.ts) only within seven eighths of the bound; larger ones,
 *   and held-out rows, go through a window of a 128th of it
 *   (windowed-epoch.ts). Other passes over rows not held copy as many a
 *   call as fit in the eighth left free (kernel-rows.ts's `chunkRows`). So
 *   a full-batch training request of one output or many, with or without
 *   options, never grows the memory past the bound, whatever its rows
 *   (tests/engine/windowed-epoch.test.ts).
 * - By release, for the rest: mini-batches, which the kernel gathers from
 *   rows it holds whole, whatever their size (gathering them in JavaScript
 *   instead took twice the time on 1,000,000×16 in batches of 64; requests
 *   never reach the bound, job shards of 65,536 rows past about 54 features).
 *   `releaseKernelMemory` drops an instance whose memory is over the bound,
 *   with the memory, for the garbage collector; the next pass makes a new
 *   one from the compiled module, in microseconds. fit-model.ts calls it
 *   when a training request's work is done, shard-training.ts after a
 *   job's step, evaluate.ts and softmax.ts after a prediction.
 */
import { expLogTables } from "./exp-log";
import { regionAddresses, regionBytes } from "./kernel-layout";
import epochPassModule from "./wasm/epoch-pass.wasm";

/** What wasm/epoch-pass.wat exports; addresses are byte offsets. */
export interface EpochKernel {
  readonly memory: WebAssembly.Memory;
  /** e^x, exp-log.ts's `exp` to the bit. */
  exp(x: number): number;
  /** ln x, exp-log.ts's `log` to the bit. */
  log(x: number): number;
  /** e^x of the float32 x as the "bce" pass takes it; see epoch-pass.wat's `$expf_x4`. */
  expf(x: number): number;
  /** max(ln x, -100) of the float32 x ≥ 0 in float32; see epoch-pass.wat's `$logf_x4`. */
  logf(x: number): number;
  /**
   * `count` epochs of plain gradient descent; returns the epochs stepped.
   * See the `epochs` function of epoch-pass.wat.
   */
  epochs(
    x: number,
    y: number,
    rows: number,
    cols: number,
    w: number,
    bias: number,
    lab: number,
    first: number,
    count: number,
    every: number,
    step: number,
    z: number,
    g: number,
    part: number,
    sums: number,
    out: number,
    log: number,
  ): number;
  /** Probabilities of rows; see the `probabilities` function of epoch-pass.wat. */
  probabilities(
    x: number,
    rows: number,
    cols: number,
    w: number,
    bias: number,
    z: number,
    h: number,
  ): void;
  /**
   * Softmax regression's pass over rows (gradient sums, cost and rows
   * right, arg-max classes, probabilities, as `mode` says); see the
   * `softmax` function of epoch-pass.wat.
   */
  softmax(
    x: number,
    y: number,
    order: number,
    start: number,
    end: number,
    cols: number,
    classes: number,
    w: number,
    b: number,
    weights: number,
    mode: number,
    scratch: number,
    sums: number,
    out: number,
    labels: number,
    p: number,
  ): void;
  /**
   * The one-output model's pass over rows in float64 (gradient sums, cost
   * and rows right, as `mode` says); see the `sigmoid` function of
   * epoch-pass.wat.
   */
  sigmoid(
    x: number,
    y: number,
    order: number,
    weights: number,
    n: number,
    cols: number,
    w: number,
    bias: number,
    lab: number,
    mode: number,
    scratch: number,
    sums: number,
    out: number,
  ): void;
  /**
   * What the end of a training adds up over rows for its warnings; see the
   * `trainingEnd` function of epoch-pass.wat.
   */
  trainingEnd(
    x: number,
    y: number,
    rows: number,
    cols: number,
    outputs: number,
    p: number,
    weights: number,
    sums: number,
    min: number,
    max: number,
    counts: number,
    out: number,
  ): void;
  /**
   * `epoch` without zeroing its sums and totals first: adds into them, for
   * a pass over rows in windows; see the `epochAdd` function of
   * epoch-pass.wat.
   */
  epochAdd: EpochKernel["epoch"];
  /** One epoch's pass; see the `epoch` function of epoch-pass.wat. */
  epoch(
    x: number,
    y: number,
    rows: number,
    cols: number,
    w: number,
    bias: number,
    lab: number,
    logged: number,
    z: number,
    g: number,
    part: number,
    sums: number,
    out: number,
  ): void;
}

/** Bytes at the start of the kernel's memory that hold the tables. */
export const TABLE_BYTES = 4096;

/**
 * The most memory, in bytes, an idle kernel may keep: 16 MiB, more than
 * the 100,000×32 float32 values (12.8 MB) of the bench's second-largest
 * workload, an eighth of a Worker's 128 MB.
 */
export const KERNEL_MEMORY_BOUND = 16 * 2 ** 20;

let bound = KERNEL_MEMORY_BOUND;

/**
 * The bound in force, in bytes: `KERNEL_MEMORY_BOUND` unless a test set
 * another (`setKernelMemoryBound`).
 */
export function kernelMemoryBound(): number {
  return bound;
}

/**
 * Test hook: makes `bytes` the bound (`KERNEL_MEMORY_BOUND` when omitted),
 * so a test can train on small data over it and see the windowed path
 * (kernel-rows.ts's `holdsWhole`) give the held path's numbers, or
 * bench/window-sweep.mjs size the window. Not for the service.
 */
export function setKernelMemoryBound(bytes = KERNEL_MEMORY_BOUND): void {
  bound = bytes;
}

let instance: EpochKernel | null = null;
// The bytes at the start of the memory whose contents a caller keeps from
// one call to the next (gradient.ts's rows): scratch space starts after.
let held = TABLE_BYTES;

/**
 * The isolate's kernel, made (and its tables written) on first use or
 * after `releaseKernelMemory` dropped the last one. Callers that keep data
 * in its memory compare the instance they get with the one they loaded.
 */
export function epochKernel(): EpochKernel {
  return (instance ??= instantiate());
}

/**
 * Grows the memory of `kernel` to at least `bytes` bytes, for `rows`×`cols`
 * values (named in the error).
 *
 * @throws RangeError when the memory cannot grow that far (a wasm32 memory
 *   holds at most 4 GiB; the isolate may allow less)
 */
export function growKernel(
  kernel: EpochKernel,
  bytes: number,
  rows: number,
  cols: number,
): void {
  const missing = bytes - kernel.memory.buffer.byteLength;
  try {
    if (missing > 0) kernel.memory.grow(Math.ceil(missing / 65536));
  } catch (error) {
    throw new RangeError(
      `${rows}×${cols} values are more than a pass can hold here: ${String(error)}`,
    );
  }
}

/**
 * Marks the first `bytes` bytes of the kernel's memory as kept between
 * calls (by the caller that loaded them), so `kernelScratch` leaves them be.
 */
export function holdKernelBytes(bytes: number): void {
  held = bytes;
}

/**
 * The kernel and the address of `bytes` bytes of scratch memory after
 * what is held, for one call: the memory grown to hold them.
 *
 * @throws RangeError as `growKernel`
 */
export function kernelScratch(
  bytes: number,
  rows: number,
  cols: number,
): { kernel: EpochKernel; at: number } {
  const kernel = epochKernel();
  const at = Math.ceil(held / 16) * 16;
  growKernel(kernel, at + bytes, rows, cols);
  return { kernel, at };
}

/**
 * The kernel and, for one call, a region of scratch memory of each of
 * `sizes` bytes, laid out one after another after what is held
 * (`regionAddresses`): their addresses, by name. The memory is grown to
 * hold them, for `rows`×`cols` values (named in the error).
 *
 * @throws RangeError as `growKernel`
 */
export function kernelRegions<K extends string>(
  sizes: Record<K, number>,
  rows: number,
  cols: number,
): { kernel: EpochKernel; where: Record<K, number> } {
  const { kernel, at } = kernelScratch(regionBytes(sizes), rows, cols);
  return { kernel, where: regionAddresses(at, sizes) };
}

/**
 * Drops the kernel, and its memory with it, when that memory is over
 * `limit` bytes (the bound in force by default); returns whether it did.
 */
export function releaseKernelMemory(limit = bound): boolean {
  if (instance === null || instance.memory.buffer.byteLength <= limit) {
    return false;
  }
  instance = null;
  held = TABLE_BYTES;
  return true;
}

/** The bytes of the kernel's memory, 0 when there is no kernel. */
export function kernelMemoryBytes(): number {
  return instance === null ? 0 : instance.memory.buffer.byteLength;
}

function instantiate(): EpochKernel {
  const kernel = new WebAssembly.Instance(epochPassModule, {
    Math: { exp: Math.exp, log: Math.log, log1p: Math.log1p },
  }).exports as unknown as EpochKernel;
  // The layout the .wat's exp and log read: T_HI at 0, T_TAIL at 1040,
  // LOG_J at 2080.
  const buffer = kernel.memory.buffer;
  const { T_HI, T_TAIL, LOG_J } = expLogTables;
  new Float64Array(buffer, 0, T_HI.length).set(T_HI);
  new Float64Array(buffer, 1040, T_TAIL.length).set(T_TAIL);
  new Int32Array(buffer, 2080, LOG_J.length).set(LOG_J);
  return kernel;
}
