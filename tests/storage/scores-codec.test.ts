/**
 * The stored form of a version's row scores: base64 of float32 scores and
 * uint32 counts, read back exactly, and a curve thinned beyond the bound
 * stored with its step.
 */
import { describe, expect, it } from "vitest";
import fixture from "../fixtures/thresholds.json";
import { rowScores } from "../../src/engine/row-scores";
import { MAX_CURVE_VERTICES, scoreCurve } from "../../src/engine/score-curve";
import { scoresOf, storedScores } from "../../src/storage/scores-codec";

const [DIABETES, TWICE] = fixture.cases;

describe("row scores as KV holds them", () => {
  it("reads back every vertex and bin exactly, through JSON", () => {
    const training = rowScores(
      new Float32Array(DIABETES.probabilities),
      DIABETES.labels,
    );
    const validation = rowScores(
      new Float32Array(TWICE.probabilities),
      TWICE.labels,
    );
    const stored = storedScores({ training, validation });
    // 759 vertices: 759 × 4 bytes a field, 1012 base64 characters.
    expect(stored.training.thresholds).toHaveLength(4 * Math.ceil(3036 / 3));
    const back = scoresOf(JSON.parse(JSON.stringify(stored)));
    expect(back).toEqual({ training, validation });
  });

  it("keeps at most MAX_CURVE_VERTICES vertices, saying the step", () => {
    const n = 40_000;
    const p = Float32Array.from({ length: n }, (_, i) => (i + 1) / (n + 1));
    const y = Array.from({ length: n }, (_, i) => i % 2);
    expect(scoreCurve(p, y).thresholds).toHaveLength(n);
    const scores = rowScores(p, y);
    expect(scores.curve.thresholds.length).toBeLessThanOrEqual(
      MAX_CURVE_VERTICES,
    );
    expect(scores.curve.step).toBe(Math.ceil(n / (MAX_CURVE_VERTICES - 1)));
    const stored = storedScores({ training: scores });
    expect(stored.training.step).toBe(3);
    // 16 base64 characters a vertex: 12 bytes, a float32 and two uint32.
    const length =
      stored.training.thresholds.length +
      stored.training.tps.length +
      stored.training.fps.length;
    expect(length).toBeLessThanOrEqual(16 * MAX_CURVE_VERTICES + 12);
    expect(scoresOf(stored).training).toEqual(scores);
  });
});
