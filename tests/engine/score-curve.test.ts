/**
 * `scoreCurve` against its definition, counted row by row: for each distinct
 * score from the highest down, the rows at or above it and those labelled 1
 * (sklearn's `_binary_clf_curve`). Scores are drawn from a few values, so
 * ties are common, and from float32 values in (0, 1); labels of one class
 * only are included. threshold-choice.test.ts checks the same curve against
 * scikit-learn's own numbers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreCurve } from "../../src/engine/score-curve";

/** The curve by its definition: O(n²), plain loops. */
function curveByDefinition(scores: number[], labels: number[]) {
  const distinct = [...new Set(scores)].sort((a, b) => b - a);
  return {
    thresholds: distinct,
    tps: distinct.map(
      (t) => scores.filter((s, i) => s >= t && labels[i] === 1).length,
    ),
    fps: distinct.map(
      (t) => scores.filter((s, i) => s >= t && labels[i] === 0).length,
    ),
  };
}

const rows = (score: fc.Arbitrary<number>) =>
  fc
    .array(fc.tuple(score, fc.integer({ min: 0, max: 1 })), {
      minLength: 1,
      maxLength: 300,
    })
    .map((pairs) => ({
      scores: pairs.map(([s]) => s),
      labels: pairs.map(([, y]) => y),
    }));

describe("scoreCurve", () => {
  for (const [what, score] of [
    ["a few tied scores", fc.constantFrom(0, 0.25, 0.5, 0.5000001, 1)],
    ["float32 scores in [0, 1]", fc.float({ min: 0, max: 1, noNaN: true })],
    // Every score a float32 value: the radix path, ties included.
    [
      "a few tied float32 scores, -0 among them",
      fc.constantFrom(-0, 0, 2 ** -149, 0.25, Math.fround(0.5000001), 1, 3e38),
    ],
    // A negative score, or one float32 cannot hold, sends the set to the
    // float64 sort.
    ["scores of either sign", fc.double({ min: -2, max: 2, noNaN: true })],
  ] as const) {
    it(`counts every distinct score's rows as its definition does (${what})`, () => {
      fc.assert(
        fc.property(rows(score), ({ scores, labels }) => {
          const curve = scoreCurve(
            new Float64Array(scores),
            new Uint8Array(labels),
          );
          const expected = curveByDefinition(scores, labels);
          // -0 and +0 are one score; which of them names it is immaterial.
          expect([...curve.thresholds].map((t) => t + 0)).toEqual(
            expected.thresholds.map((t) => t + 0),
          );
          expect([...curve.tps]).toEqual(expected.tps);
          expect([...curve.fps]).toEqual(expected.fps);
          expect(curve.step).toBe(1);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("counts 200,000 float32 scores, 5,000 of them distinct, as a sort of row indices does", () => {
    // Many rows and every radix digit in use: scores k·2^-13 + tiny float32
    // steps, so low, middle and high bits all vary.
    const n = 200_000;
    const scores = new Float32Array(n);
    const labels = new Uint8Array(n);
    let state = 12345;
    const next = () =>
      (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < n; i++) {
      scores[i] = Math.fround(Math.floor(next() * 5000) / 5000.3);
      labels[i] = next() < scores[i] ? 1 : 0;
    }
    const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a]);
    const thresholds: number[] = [];
    const tps: number[] = [];
    const fps: number[] = [];
    let tp = 0;
    order.forEach((row, k) => {
      tp += labels[row];
      const last = k === n - 1 || scores[order[k + 1]] !== scores[row];
      if (!last) return;
      thresholds.push(scores[row]);
      tps.push(tp);
      fps.push(k + 1 - tp);
    });
    const curve = scoreCurve(scores, labels);
    expect(thresholds.length).toBeGreaterThan(4000);
    expect([...curve.thresholds]).toEqual(thresholds);
    expect([...curve.tps]).toEqual(tps);
    expect([...curve.fps]).toEqual(fps);
  });

  it("leaves its inputs unchanged", () => {
    const scores = new Float64Array([0.3, 0.9, 0.3, 0.1]);
    const labels = new Uint8Array([1, 0, 0, 1]);
    scoreCurve(scores, labels);
    expect([...scores]).toEqual([0.3, 0.9, 0.3, 0.1]);
    expect([...labels]).toEqual([1, 0, 0, 1]);
  });
});
