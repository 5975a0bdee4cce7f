/**
 * The exact curve of a two-class model's scores: for every distinct score,
 * the rows labelled 1 and 0 at or above it. scikit-learn's `roc_curve` (with
 * `drop_intermediate=False`) and `precision_recall_curve` are both computed
 * from these counts (`sklearn.metrics._ranking._binary_clf_curve`), so every
 * threshold choice and picture of them is too. Counts are of rows, unweighted,
 * as sklearn's without `sample_weight` and as the service's other metrics
 * (class weights weigh the training cost, not the measures).
 */
import type { Confusion } from "./evaluate";

/** An exact (or thinned) curve: parallel arrays, one vertex per kept score. */
export interface ScoreCurve {
  /** Distinct scores, decreasing (float32 values, as the probabilities are). */
  readonly thresholds: Float64Array;
  /** Rows labelled 1 with p ≥ thresholds[k]: increasing, the last all positives. */
  readonly tps: Uint32Array;
  /** Rows labelled 0 with p ≥ thresholds[k]: increasing, the last all negatives. */
  readonly fps: Uint32Array;
  /**
   * 1 when every distinct score is a vertex; else the rows a thinning may
   * skip, s = ⌈n / (B − 1)⌉: at any threshold, the counts of the kept
   * vertex at or above it are short of the exact ones by at most s − 1 rows
   * in all (`thinScoreCurve`). A histogram's curve (score-histogram.ts)
   * starts at its fullest bin's rows + 1, the same bound.
   */
  readonly step: number;
}

/**
 * The most vertices a stored version keeps of one set of rows (B). 12 bytes
 * a vertex (a float32 score and two uint32 counts), 16 as base64: 256 KiB a
 * curve, 512 KiB for training and validation, far below KV's 25 MiB a value
 * and small enough to read on each cold load of a version, where the rows
 * of one 8 MiB body (up to 1,000,000) could have as many distinct scores.
 */
export const MAX_CURVE_VERTICES = 16_384;

/**
 * The exact curve of `probabilities` against labels 0/1: for each distinct
 * score, from the highest down, the rows at or above it and those of them
 * labelled 1 (sklearn's `_binary_clf_curve`: tied scores make one vertex).
 *
 * The rows are sorted by score once (`rowsByScore`), each keeping its
 * label, then walked from the top: at the last row of each run of equal
 * scores, the rows seen so far are those at or above it.
 *
 * @param probabilities finite scores, at least one; not validated
 * @param labels 0 or 1, as many as `probabilities`; not validated
 */
export function scoreCurve(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): ScoreCurve {
  const n = probabilities.length;
  const { scores, ones } = rowsByScore(probabilities, labels);
  const thresholds = new Float64Array(n);
  const tps = new Uint32Array(n);
  const fps = new Uint32Array(n);
  let size = 0;
  let tp = 0;
  for (let k = n - 1; k >= 0; k--) {
    tp += ones[k];
    const score = scores[k];
    if (k > 0 && scores[k - 1] === score) continue;
    thresholds[size] = score;
    tps[size] = tp;
    fps[size] = n - k - tp;
    size++;
  }
  return {
    thresholds: thresholds.slice(0, size),
    tps: tps.slice(0, size),
    fps: fps.slice(0, size),
    step: 1,
  };
}

/**
 * Every row's score, increasing, and beside each whether its row is
 * labelled 1 (1) or not (0).
 *
 * Scores that are all float32 values and not negative, as probabilities
 * are, sort by their float32 bit patterns, which order such numbers as
 * their values do (IEEE 754: sign 0, then exponent, then fraction; −0 is
 * taken as +0). Their sign bit is 0, so a row's bits shifted left by one
 * with its label in the freed bit make one 32-bit key: a single LSD radix
 * sort of 11-bit digits orders the rows with their labels, three counting
 * passes over the rows and none over a digit that every key shares. On
 * 1,000,000 rows that is a few tens of milliseconds where the typed array's
 * own sort of float64 copies took about 250 ms (the measurement is in the
 * commit that brought the radix sort), and half of what sorting the rows
 * labelled 1 apart took again. Under `RADIX_ROWS` keys the typed array's
 * own sort of the keys is quicker: the radix sort clears and sums its 2,048
 * counters on every pass, whatever the rows. Any other score (a negative
 * one, or one float32 cannot hold) makes the whole set fall back to a
 * comparison sort of the row numbers by their float64 scores.
 */
function rowsByScore(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): { scores: Float32Array | Float64Array; ones: Uint8Array } {
  const n = probabilities.length;
  const ones = new Uint8Array(n);
  const narrow = new Float32Array(n);
  let exact = true;
  for (let i = 0; i < n && exact; i++) {
    const p = probabilities[i] + 0; // −0 becomes +0
    narrow[i] = p;
    exact = p >= 0 && narrow[i] === p;
  }
  if (exact) {
    const keys = new Uint32Array(narrow.buffer);
    for (let i = 0; i < n; i++) {
      keys[i] = (keys[i] << 1) | (labels[i] === 1 ? 1 : 0);
    }
    const sorted = n < RADIX_ROWS ? keys.sort() : radixSort(keys);
    for (let i = 0; i < n; i++) {
      const key = sorted[i];
      ones[i] = key & 1;
      sorted[i] = key >>> 1;
    }
    return {
      scores: new Float32Array(sorted.buffer, sorted.byteOffset, n),
      ones,
    };
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => probabilities[a] - probabilities[b]);
  const scores = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    scores[k] = probabilities[order[k]];
    ones[k] = labels[order[k]] === 1 ? 1 : 0;
  }
  return { scores, ones };
}

/**
 * The fewest keys `radixSort` sorts; fewer go to `Uint32Array.prototype.sort`
 * (numeric, in place), quicker there in Node 22 from 6 keys to about 1,500
 * and slower past (the timings are in the commit that set it). Both give
 * the same array: equal keys are the same number.
 */
const RADIX_ROWS = 1024;

/** Bits of a radix digit, and the digits of a 32-bit key. */
const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;

/**
 * `keys` sorted increasing (the array returned is `keys` or a new one of
 * the same length; `keys` may be reordered): LSD radix sort, stable, one
 * counting pass and one scatter a digit, skipping a digit every key shares.
 */
function radixSort(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(n);
  const starts = new Uint32Array(DIGITS);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    starts.fill(0);
    for (let i = 0; i < n; i++) starts[(from[i] >>> shift) & (DIGITS - 1)]++;
    let shared = false;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const count = starts[d];
      if (count === n) {
        shared = true;
        break;
      }
      starts[d] = sum;
      sum += count;
    }
    if (shared) continue;
    for (let i = 0; i < n; i++) {
      const key = from[i];
      to[starts[(key >>> shift) & (DIGITS - 1)]++] = key;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * `curve` with at most `maxVertices` (B ≥ 2) vertices. With n rows and
 * s = ⌈n / (B − 1)⌉, a vertex is kept when its rows at or above, tp + fp,
 * reach a multiple of s not reached by the vertex kept before it, and the
 * last (all rows) always: kept vertices then number at most B, and between
 * two kept ones every dropped vertex has fewer than s rows more than the
 * kept one above it. A curve that may miss rows already (step > 1: a
 * histogram's, score-histogram.ts) keeps its miss: the thinned step is
 * s + step − 1. A curve of at most B vertices is returned as it is.
 */
export function thinScoreCurve(
  curve: ScoreCurve,
  maxVertices = MAX_CURVE_VERTICES,
): ScoreCurve {
  const size = curve.thresholds.length;
  if (size <= maxVertices) return curve;
  const last = size - 1;
  const n = curve.tps[last] + curve.fps[last];
  const s = Math.ceil(n / (maxVertices - 1));
  const kept: number[] = [];
  let band = 0;
  for (let k = 0; k < size; k++) {
    const reached = Math.floor((curve.tps[k] + curve.fps[k]) / s);
    if (reached > band || k === last) {
      kept.push(k);
      band = reached;
    }
  }
  const pick = <T extends Float64Array | Uint32Array>(values: T, out: T) => {
    kept.forEach((k, i) => (out[i] = values[k]));
    return out;
  };
  return {
    thresholds: pick(curve.thresholds, new Float64Array(kept.length)),
    tps: pick(curve.tps, new Uint32Array(kept.length)),
    fps: pick(curve.fps, new Uint32Array(kept.length)),
    // What the curve may miss already, plus this thinning's s − 1.
    step: s + curve.step - 1,
  };
}

/** Rows labelled 1 and 0 the curve counts. */
export function classTotals(curve: ScoreCurve): {
  positives: number;
  negatives: number;
} {
  const last = curve.thresholds.length - 1;
  return { positives: curve.tps[last], negatives: curve.fps[last] };
}

/** The confusion matrix of vertex `k`: predicted 1 when p ≥ thresholds[k]. */
export function confusionOfVertex(curve: ScoreCurve, k: number): Confusion {
  const { positives, negatives } = classTotals(curve);
  const tp = k < 0 ? 0 : curve.tps[k];
  const fp = k < 0 ? 0 : curve.fps[k];
  return { tp, fp, tn: negatives - fp, fn: positives - tp };
}

/**
 * The confusion matrix of predicting 1 when p ≥ `threshold`, read off the
 * curve: the counts of the lowest vertex whose score is at least
 * `threshold` (none: nothing predicted positive). Exact on an exact curve;
 * on a thinned one, short of it by at most `step` − 1 rows in all.
 */
export function confusionAtThreshold(
  curve: ScoreCurve,
  threshold: number,
): Confusion {
  // Scores decrease: the last index k with thresholds[k] >= threshold.
  let lo = 0;
  let hi = curve.thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (curve.thresholds[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return confusionOfVertex(curve, lo - 1);
}
