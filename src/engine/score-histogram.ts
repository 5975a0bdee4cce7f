/**
 * A set's scores past the exact bound (final-pass.ts's `EXACT_SCORE_ROWS`):
 * rows labelled 1 and 0 counted per bin of the float32 score, in memory
 * that does not grow with the rows, and the score curve, ROC curve and ROC
 * AUC read from the bins, with the most the AUC can be off by.
 *
 * A bin is the top 20 bits of the score's float32 bit pattern (sign,
 * exponent, the mantissa's top 11 bits), so it holds 2^12 consecutive
 * float32 values: for scores in [0, 1] the bit patterns, read as unsigned
 * integers, increase with the scores, so the bins are in score order, each
 * 2^-11 (0.05%) of its scores' size wide: [0.5, 0.500244) at 0.5, and as
 * fine relatively near 0. Scores in [0, 1] take bit patterns 0 to
 * 0x3F800000 (1), so 260,097 bins. A finer cut (top 22 bits) makes 1 MiB
 * of bins for 4× less error; a coarser one (top 16 bits, 16,257 bins) 16×
 * more.
 *
 * ROC AUC: the area under the curve of the bins' vertices counts each pair
 * (positive, negative) of rows in different bins exactly as the exact AUC
 * does, and a pair in the same bin as a tie, one half, where the exact AUC
 * counts it 0, 1/2 or 1. So |AUC − exact AUC| ≤ Σ_b pos_b·neg_b / (2·P·N),
 * computed from the counts (`histogramAucError`).
 */
import { TrainingDivergedError } from "../errors";
import type { ScoreCurve } from "./score-curve";

/** Bits of a float32 score below its bin's: 2^12 float32 values a bin. */
export const SCORE_BIN_SHIFT = 12;

/** The float32 bit pattern of 1, the highest score. */
const ONE_BITS = 0x3f800000;

/** Bins of scores in [0, 1]: 260,097. */
export const SCORE_BINS = (ONE_BITS >>> SCORE_BIN_SHIFT) + 1;

/**
 * Rows labelled 1 and 0 a bin: 2 × 260,097 uint32, 2,080,776 bytes,
 * whatever the rows (at most 2^32 − 1 a bin).
 */
export interface ScoreHistogram {
  readonly positives: Uint32Array;
  readonly negatives: Uint32Array;
}

/** An empty histogram. */
export function scoreHistogram(): ScoreHistogram {
  return {
    positives: new Uint32Array(SCORE_BINS),
    negatives: new Uint32Array(SCORE_BINS),
  };
}

/**
 * Adds rows to `histogram`: each score counted in its bin, as a positive
 * when its label is 1, else as a negative.
 *
 * @param scores float32 probabilities in [0, 1]
 * @param labels 0 or 1, as many as `scores`; not validated
 * @throws TrainingDivergedError when a score is not in [0, 1] (NaN, −0
 *   included)
 */
export function addScores(
  histogram: ScoreHistogram,
  scores: Float32Array,
  labels: ArrayLike<number>,
): ScoreHistogram {
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, scores.length);
  const { positives, negatives } = histogram;
  for (let i = 0; i < bits.length; i++) {
    if (bits[i] > ONE_BITS) {
      // Only NaN can come from finite weights (a logit of ∞ − ∞): the
      // exact path's finite-model.ts check refuses it the same way.
      throw new TrainingDivergedError(
        `a probability of the final pass is ${scores[i]}, not in [0, 1]`,
      );
    }
    const bin = bits[i] >>> SCORE_BIN_SHIFT;
    if (labels[i] === 1) positives[bin]++;
    else negatives[bin]++;
  }
  return histogram;
}

const floorBits = new Uint32Array(1);
const floorValue = new Float32Array(floorBits.buffer);

/** The lowest score of bin `bin`: the float32 of bit pattern bin·2^12. */
export function binFloor(bin: number): number {
  floorBits[0] = bin << SCORE_BIN_SHIFT;
  return floorValue[0];
}

/**
 * The score curve of the bins: one vertex per non-empty bin, highest
 * first, at the bin's lowest score, counting the rows at or above it. Each
 * vertex's counts are exact at its threshold (rows of lower bins all score
 * below it); at a threshold inside a bin the curve misses at most that
 * bin's rows, so `step` is the fullest bin's rows + 1 (score-curve.ts:
 * counts short by at most step − 1).
 */
export function histogramCurve(histogram: ScoreHistogram): ScoreCurve {
  const { positives, negatives } = histogram;
  let size = 0;
  let fullest = 0;
  for (let b = 0; b < SCORE_BINS; b++) {
    const rows = positives[b] + negatives[b];
    if (rows > 0) size++;
    if (rows > fullest) fullest = rows;
  }
  const thresholds = new Float64Array(size);
  const tps = new Uint32Array(size);
  const fps = new Uint32Array(size);
  let tp = 0;
  let fp = 0;
  for (let b = SCORE_BINS - 1, k = 0; b >= 0; b--) {
    if (positives[b] + negatives[b] === 0) continue;
    tp += positives[b];
    fp += negatives[b];
    thresholds[k] = binFloor(b);
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds, tps, fps, step: fullest + 1 };
}

/**
 * The most the binned ROC AUC can differ from the exact one:
 * Σ_b pos_b·neg_b / (2·P·N) (each bin's pairs counted one half, where the
 * exact AUC counts each 0, 1/2 or 1); 0 without pairs (P·N = 0).
 */
export function histogramAucError(histogram: ScoreHistogram): number {
  const { positives, negatives } = histogram;
  let pairs = 0;
  let p = 0;
  let n = 0;
  for (let b = 0; b < SCORE_BINS; b++) {
    pairs += positives[b] * negatives[b];
    p += positives[b];
    n += negatives[b];
  }
  return p === 0 || n === 0 ? 0 : pairs / (2 * p * n);
}

/** A histogram's non-empty bins only: 12 bytes a bin, for a checkpoint. */
export interface PackedScoreHistogram {
  /** The non-empty bins, increasing. */
  readonly bins: Uint32Array;
  readonly positives: Uint32Array;
  readonly negatives: Uint32Array;
}

/** `histogram`'s non-empty bins. */
export function packScoreHistogram(
  histogram: ScoreHistogram,
): PackedScoreHistogram {
  const { positives, negatives } = histogram;
  const kept: number[] = [];
  for (let b = 0; b < SCORE_BINS; b++) {
    if (positives[b] + negatives[b] > 0) kept.push(b);
  }
  return {
    bins: Uint32Array.from(kept),
    positives: Uint32Array.from(kept, (b) => positives[b]),
    negatives: Uint32Array.from(kept, (b) => negatives[b]),
  };
}

/** The histogram `packed` holds. */
export function unpackScoreHistogram(
  packed: PackedScoreHistogram,
): ScoreHistogram {
  const histogram = scoreHistogram();
  packed.bins.forEach((b, i) => {
    histogram.positives[b] = packed.positives[i];
    histogram.negatives[b] = packed.negatives[i];
  });
  return histogram;
}
