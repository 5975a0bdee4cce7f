/**
 * A seeded generator for the engine's tests, so that their random data is
 * the same every run: mulberry32 (Tommy Ettinger's, public domain).
 */

/** mulberry32: a seeded generator of uniform numbers in [0, 1). */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
