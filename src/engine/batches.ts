/**
 * The row order of mini-batch training: a fresh seeded permutation of the
 * rows every epoch, cut into batches of `batchSize` in that order, the last
 * one partial when `batchSize` does not divide the rows (as a PyTorch
 * `DataLoader(shuffle=True, drop_last=False)` does).
 *
 * The permutation is portable and documented, so any language can replay it:
 * MT19937 seeded as `torch.manual_seed` seeds it (init_genrand with the low
 * 32 bits of the seed, `Mt19937` in torch-init.ts); each epoch starts from
 * 0, 1, …, n − 1 and runs Fisher–Yates from the end: for i = n − 1 down to 1,
 * swap i with j drawn uniformly from 0..i. A draw below k takes 32-bit
 * outputs until one is below 2^32 − (2^32 mod k), then returns it mod k (no
 * modulo bias). The generator runs on across epochs. It is not PyTorch's
 * `randperm`, whose algorithm differs; tests/fixtures/options.py
 * reimplements this one in Python.
 */
import { Mt19937 } from "./torch-init";

/** The rows of each epoch, in batch order. */
export interface BatchOrder {
  /** The current epoch's permutation of 0..rows − 1; `shuffle` rewrites it. */
  readonly order: Uint32Array;
  readonly batchSize: number;
  readonly gen: Mt19937;
}

/**
 * The state to shuffle `rows` rows with `seed`: allocated once, before the
 * epochs. Assumes rows ≥ 1, batchSize ≥ 1 and seed an integer in
 * [0, 2^53 − 1] (validated by the caller).
 */
export function batchOrder(
  rows: number,
  batchSize: number,
  seed: number,
): BatchOrder {
  return { order: new Uint32Array(rows), batchSize, gen: new Mt19937(seed) };
}

/** Writes the next epoch's permutation into `batches.order` and returns it. */
export function shuffle(batches: BatchOrder): Uint32Array {
  const { order, gen } = batches;
  for (let i = 0; i < order.length; i++) order[i] = i;
  return fisherYates(order, gen);
}

/**
 * Shuffles `items` in place and returns it: for i = n − 1 down to 1, swap
 * item i with item j, j drawn by `uniformBelow(gen, i + 1)`. Every
 * permutation is equally likely, given uniform draws.
 */
export function fisherYates<T extends { [i: number]: number; length: number }>(
  items: T,
  gen: Mt19937,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformBelow(gen, i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** How many batches an epoch has: ⌈rows / batchSize⌉. */
export function batchCount(rows: number, batchSize: number): number {
  return Math.ceil(rows / batchSize);
}

/**
 * An integer uniform in [0, k), k in [1, 2^32], from `gen`, by rejection:
 * every value has the same number of 32-bit draws mapping to it.
 */
export function uniformBelow(gen: Mt19937, k: number): number {
  const limit = 2 ** 32 - (2 ** 32 % k);
  for (;;) {
    const draw = gen.nextUint32();
    if (draw < limit) return draw % k;
  }
}
