/**
 * The seeded per-epoch shuffle of mini-batch training, against the Python
 * reimplementation in tests/fixtures/options.py (checked there against
 * numpy's MT19937).
 */
import { describe, expect, it } from "vitest";
import {
  batchCount,
  batchOrder,
  shuffle,
  uniformBelow,
} from "../../src/engine/batches";
import { Mt19937 } from "../../src/engine/torch-init";
import { fixture } from "../fixtures/options";

describe("shuffle", () => {
  for (const { seed, n, permutations } of fixture.shuffles) {
    it(`seed ${seed}, ${n} rows: the permutations options.py computes`, () => {
      const batches = batchOrder(n, 3, seed);
      for (const expected of permutations) {
        expect(Array.from(shuffle(batches))).toEqual(expected);
      }
    });
  }

  it("is a permutation, the same for the same seed, new every epoch", () => {
    const a = batchOrder(759, 64, 7);
    const b = batchOrder(759, 64, 7);
    const first = Array.from(shuffle(a));
    expect(Array.from(shuffle(b))).toEqual(first);
    expect([...first].sort((p, q) => p - q)).toEqual(
      Array.from({ length: 759 }, (_, i) => i),
    );
    const second = Array.from(shuffle(a));
    expect(second).not.toEqual(first);
    expect([...second].sort((p, q) => p - q)).toEqual(
      Array.from({ length: 759 }, (_, i) => i),
    );
    expect(Array.from(shuffle(batchOrder(759, 64, 8)))).not.toEqual(first);
  });

  it("writes into the order it was given, allocating nothing", () => {
    const batches = batchOrder(10, 4, 1);
    expect(shuffle(batches)).toBe(batches.order);
  });
});

describe("batchCount", () => {
  it("keeps the last partial batch", () => {
    expect(batchCount(759, 64)).toBe(12); // 11 of 64, then 55
    expect(batchCount(10, 5)).toBe(2);
    expect(batchCount(3, 10)).toBe(1);
  });
});

describe("uniformBelow", () => {
  it("stays in [0, k) and reaches every value", () => {
    const gen = new Mt19937(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = uniformBelow(gen, 7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it("rejects draws at or above 2^32 − (2^32 mod k)", () => {
    // k = 3·2^30: the limit is 3·2^30, so a draw is kept only below it and
    // taken mod k, i.e. unchanged.
    const k = 3 * 2 ** 30;
    const reference = new Mt19937(11);
    const gen = new Mt19937(11);
    let draw = reference.nextUint32();
    while (draw >= k) draw = reference.nextUint32();
    expect(uniformBelow(gen, k)).toBe(draw);
  });
});
