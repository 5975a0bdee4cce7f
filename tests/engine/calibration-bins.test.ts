/**
 * calibration.ts's bins and metrics.ts's log loss, which find a row's bin
 * and take its log the short way, against their definitions row by row:
 * the bin is the number of edges i·(1/bins) below p (sklearn's
 * `np.searchsorted(bins[1:-1], p)`), and a row's log loss term is
 * −(y·ln(p/s) + (1 − y)·ln(q/s)); both to the last bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrationOf } from "../../src/engine/calibration";
import { logLossSum } from "../../src/engine/metrics";

/** Bin counts, sums and positives by a scan of the edges, as defined. */
function binsByDefinition(p: number[], y: number[], bins: number) {
  const edges = Array.from(
    { length: bins - 1 },
    (_, i) => (i + 1) * (1 / bins),
  );
  const counts = new Array<number>(bins).fill(0);
  const probabilitySums = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  p.forEach((v, i) => {
    const bin = edges.filter((e) => e < v).length;
    counts[bin]++;
    probabilitySums[bin] += v;
    positives[bin] += y[i];
  });
  return { counts, probabilitySums, positives };
}

/** Scores on and beside every edge of 3, 10 and 7 bins, and the ends. */
const edgeScores = [3, 7, 10].flatMap((bins) =>
  Array.from({ length: bins + 1 }, (_, i) => {
    const e = i * (1 / bins);
    const up = new Float64Array([e]);
    const bits = new BigInt64Array(up.buffer);
    bits[0] += 1n;
    const above = up[0];
    bits[0] -= 2n;
    return [e, above, up[0], i / bins];
  }).flat(),
);

describe("calibration bins", () => {
  for (const bins of [1, 3, 7, 10]) {
    it(`puts each row in the bin its edges give, ${bins} bins`, () => {
      const score = fc.oneof(
        fc.constantFrom(...edgeScores, 0, 1, -0.5, 1.5, NaN, 1e-300),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.float({ min: 0, max: 1, noNaN: true }),
      );
      fc.assert(
        fc.property(
          fc.array(fc.tuple(score, fc.integer({ min: 0, max: 1 })), {
            minLength: 1,
            maxLength: 200,
          }),
          (rows) => {
            const p = rows.map(([v]) => v);
            const y = rows.map(([, label]) => label);
            const { counts, probabilitySums, positives } = calibrationOf(
              p,
              y,
              bins,
            );
            expect({ counts, probabilitySums, positives }).toEqual(
              binsByDefinition(p, y, bins),
            );
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});

describe("logLossSum", () => {
  it("is the two-term sum of its definition to the bit, labels 0 and 1 or between", () => {
    const eps = Number.EPSILON;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.double({ min: 0, max: 1, noNaN: true }),
              fc.constantFrom(0, 1, eps, 1 - eps, 0.5, 1e-300),
            ),
            fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1 })),
          ),
          { minLength: 1, maxLength: 100 },
        ),
        (rows) => {
          let expected = 0;
          for (const [v, y] of rows) {
            const p = Math.min(Math.max(v, eps), 1 - eps);
            const q = 1 - p;
            const s = q + p;
            expected -= y * Math.log(p / s) + (1 - y) * Math.log(q / s);
          }
          const sum = logLossSum(
            rows.map(([v]) => v),
            rows.map(([, y]) => y),
          );
          expect(Object.is(sum, expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
