/**
 * The stored form of a two-class version's row scores (src/engine/row-scores.ts):
 * each curve's scores as base64 of float32 (the probabilities are float32,
 * so exact) and its counts as base64 of uint32, 16 characters a vertex; the
 * calibration's ten bins as plain JSON numbers.
 */
import type { Calibration } from "../engine/calibration";
import type { ModelScores, RowScores } from "../engine/row-scores";
import {
  decodeFloat32,
  decodeUint32,
  encodeFloat32,
  encodeUint32,
} from "./base64";

/** One set of rows' scores as KV holds them. */
export interface StoredRowScores {
  /** The curve's distinct scores, decreasing: `encodeFloat32`. */
  readonly thresholds: string;
  /** Positives at or above each: `encodeUint32`. */
  readonly tps: string;
  /** Negatives at or above each: `encodeUint32`. */
  readonly fps: string;
  /** 1 for an exact curve; the thinning's step (score-curve.ts) otherwise. */
  readonly step: number;
  readonly calibration: Calibration;
}

/** A version's scores as KV holds them. */
export interface StoredScores {
  readonly training: StoredRowScores;
  readonly validation?: StoredRowScores;
}

/** `scores` as KV stores them. */
export function storedScores(scores: ModelScores): StoredScores {
  const { training, validation } = scores;
  return {
    training: storedRows(training),
    ...(validation && { validation: storedRows(validation) }),
  };
}

/** The scores `stored` holds. */
export function scoresOf(stored: StoredScores): ModelScores {
  const { training, validation } = stored;
  return {
    training: rowsOf(training),
    ...(validation && { validation: rowsOf(validation) }),
  };
}

function storedRows({ curve, calibration }: RowScores): StoredRowScores {
  return {
    thresholds: encodeFloat32(curve.thresholds),
    tps: encodeUint32(curve.tps),
    fps: encodeUint32(curve.fps),
    step: curve.step,
    calibration,
  };
}

function rowsOf(stored: StoredRowScores): RowScores {
  return {
    curve: {
      thresholds: Float64Array.from(decodeFloat32(stored.thresholds)),
      tps: decodeUint32(stored.tps),
      fps: decodeUint32(stored.fps),
      step: stored.step,
    },
    calibration: stored.calibration,
  };
}
