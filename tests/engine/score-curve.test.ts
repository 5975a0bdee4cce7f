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
  ] as const) {
    it(`counts every distinct score's rows as its definition does (${what})`, () => {
      fc.assert(
        fc.property(rows(score), ({ scores, labels }) => {
          const curve = scoreCurve(
            new Float64Array(scores),
            new Uint8Array(labels),
          );
          const expected = curveByDefinition(scores, labels);
          expect([...curve.thresholds]).toEqual(expected.thresholds);
          expect([...curve.tps]).toEqual(expected.tps);
          expect([...curve.fps]).toEqual(expected.fps);
          expect(curve.step).toBe(1);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("leaves its inputs unchanged", () => {
    const scores = new Float64Array([0.3, 0.9, 0.3, 0.1]);
    const labels = new Uint8Array([1, 0, 0, 1]);
    scoreCurve(scores, labels);
    expect([...scores]).toEqual([0.3, 0.9, 0.3, 0.1]);
    expect([...labels]).toEqual([1, 0, 0, 1]);
  });
});
