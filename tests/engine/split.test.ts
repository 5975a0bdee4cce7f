/**
 * The stratified, seeded split behind the `validation` option.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import { stratifiedSplit, validationCount } from "../../src/engine/split";

// 30 rows: feature = row index, label 1 for every third row (10 ones, 20 zeros).
const data: Dataset = {
  x: Float32Array.from({ length: 30 }, (_, i) => i),
  y: Float32Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
  rows: 30,
  cols: 1,
};

const ids = (d: Dataset) => Array.from(d.x);

describe("stratifiedSplit", () => {
  it("holds out round(fraction × n) of each label, and partitions the rows", () => {
    const { training, validation } = stratifiedSplit(data, 0.25, 7);
    // round(0.25 × 10) = 3 ones (2.5 rounds up), round(0.25 × 20) = 5 zeros.
    expect(validationCount(10, 0.25)).toBe(3);
    expect(Array.from(validation.y).filter((v) => v === 1)).toHaveLength(3);
    expect(Array.from(validation.y).filter((v) => v === 0)).toHaveLength(5);
    expect(training.rows + validation.rows).toBe(30);
    expect(
      [...ids(training), ...ids(validation)].sort((a, b) => a - b),
    ).toEqual(ids(data));
    // Rows keep their order, and each keeps its own label.
    expect(ids(training)).toEqual([...ids(training)].sort((a, b) => a - b));
    for (const part of [training, validation]) {
      part.x.forEach((id, k) => expect(part.y[k]).toBe(id % 3 === 0 ? 1 : 0));
    }
  });

  it("is the same for the same seed and differs for another", () => {
    const a = stratifiedSplit(data, 0.3, 1);
    const b = stratifiedSplit(data, 0.3, 1);
    const c = stratifiedSplit(data, 0.3, 2);
    expect(ids(a.validation)).toEqual(ids(b.validation));
    expect(ids(a.validation)).not.toEqual(ids(c.validation));
  });

  it("leaves the input unchanged", () => {
    const x = data.x.slice();
    stratifiedSplit(data, 0.5, 3);
    expect(data.x).toEqual(x);
  });
});
