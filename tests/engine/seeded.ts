/**
 * A seeded generator for the engine's tests, so that their random data is
 * the same every run: mulberry32, the bench's own (bench/seeded.mjs); and
 * the row orders the tests draw from it.
 */
import { generator } from "../../bench/seeded.mjs";

export { generator };

/** A seeded permutation of 0..n−1 (Fisher–Yates over `generator(seed)`). */
export function shuffled(n: number, seed: number): Uint32Array {
  const next = generator(seed);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
