/** mulberry32: a seeded generator of uniform numbers in [0, 1) (bench/seeded.mjs). */
export function generator(seed: number): () => number;
