/**
 * What a two-class version keeps of one set of its rows' scores for the
 * choices a person makes later: the exact score curve (thinned beyond
 * `MAX_CURVE_VERTICES` vertices) and the calibration bins with the Brier
 * score. Computed once, at the end of training, from the probabilities the
 * metrics are computed from.
 */
import { calibrationOf, type Calibration } from "./calibration";
import {
  MAX_CURVE_VERTICES,
  scoreCurve,
  thinScoreCurve,
  type ScoreCurve,
} from "./score-curve";

/** One set of rows' scores, as a version keeps them. */
export interface RowScores {
  readonly curve: ScoreCurve;
  readonly calibration: Calibration;
}

/** The rows' scores of a two-class version: training and, when held out, validation. */
export interface ModelScores {
  readonly training: RowScores;
  readonly validation?: RowScores;
}

/**
 * The curve (at most `maxVertices` vertices) and calibration of
 * `probabilities` against labels 0/1.
 *
 * @param probabilities float32 values in [0, 1], at least one; not validated
 * @param labels 0 or 1, as many as `probabilities`; not validated
 * @param exact their exact curve, when the caller has it (`scoreCurve`)
 */
export function rowScores(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  exact: ScoreCurve = scoreCurve(probabilities, labels),
  maxVertices = MAX_CURVE_VERTICES,
): RowScores {
  return {
    curve: thinScoreCurve(exact, maxVertices),
    calibration: calibrationOf(probabilities, labels),
  };
}
