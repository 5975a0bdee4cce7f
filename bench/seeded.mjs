/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): a small
 * seeded generator of uniform numbers in [0, 1), the same sequence for a
 * seed on every run and machine. The bench's synthetic workloads, `npm run
 * big`'s dataset and the engine's tests draw their random data from it. No
 * imports, so the tests in workerd can load it too.
 *
 * @param {number} seed any number; its low 32 bits seed the sequence
 * @returns {() => number} the next number in [0, 1) at each call
 */
export function generator(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
