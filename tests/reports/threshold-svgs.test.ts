/**
 * The precision–recall curve and the reliability diagram as SVG: what they
 * draw, read back from the markup, against scikit-learn's numbers
 * (tests/fixtures/thresholds.json, made by tests/fixtures/thresholds.py).
 */
import { describe, expect, it } from "vitest";
import fixture from "../fixtures/thresholds.json";
import { calibrationOf } from "../../src/engine/calibration";
import { scoreCurve } from "../../src/engine/score-curve";
import { calibrationSvg } from "../../src/reports/calibration-svg";
import { prSvg } from "../../src/reports/pr-svg";

const docstring = fixture.cases.find((c) => c.name === "sklearn docstring")!;
const diabetes = fixture.cases[0];

/** The points of the `index`th path of `svg`, in plot coordinates. */
function path(svg: string, index: number): [number, number][] {
  const d = [...svg.matchAll(/<path d="([^"]+)"/g)][index][1];
  return [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

describe("prSvg", () => {
  it("draws sklearn's steps and average precision", () => {
    const curve = scoreCurve(
      new Float32Array(docstring.probabilities),
      docstring.labels,
    );
    const svg = prSvg(curve);
    expect(svg).toContain("Precision–recall curve (AP = 0.833)");
    expect(docstring.averagePrecision.toFixed(3)).toBe("0.833");
    // Plot 296 px square at (96, 48): recall 0.5 is x 244, precision 1 is y 48.
    // Thresholds 0.8, 0.4, 0.35, 0.1: (R, P) = (.5, 1), (.5, .5), (1, 2/3), (1, .5).
    expect(path(svg, 1)).toEqual([
      [96, 48],
      [244, 48],
      [244, 196],
      [244, 146.67],
      [392, 146.67],
      [392, 196],
    ]);
    // Chance: the positives' share, 0.5.
    expect(path(svg, 0)).toEqual([
      [96, 196],
      [392, 196],
    ]);
  });
});

describe("calibrationSvg", () => {
  it("marks each non-empty bin at sklearn's calibration_curve point", () => {
    const calibration = calibrationOf(
      new Float32Array(diabetes.probabilities),
      diabetes.labels,
    );
    const svg = calibrationSvg(calibration);
    expect(svg).toContain(
      `Reliability diagram (Brier score = ${diabetes.brierScore.toFixed(4)})`,
    );
    const circles = [
      ...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    const { meanPredicted, fractionPositive } = diabetes.calibration;
    expect(circles).toEqual(
      meanPredicted.map((p, k) => [
        Math.round((96 + p * 296) * 100) / 100,
        Math.round((344 - fractionPositive[k] * 296) * 100) / 100,
      ]),
    );
    expect(svg).toContain(`0.0–0.1: ${calibration.counts[0]} rows`);
  });
});
