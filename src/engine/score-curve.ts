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
 * The counts need no row order, only the scores in order: the scores of all
 * rows and those of the rows labelled 1 are each sorted by the typed
 * array's own numeric sort (V8's, in C++: 249 ms on 1,000,000 rows in Node
 * 22, where sorting row indices by a comparator took 595 ms), then walked
 * together from the top: at each run of equal scores in all rows, the rows
 * labelled 1 with that score are the run of it among theirs.
 *
 * @param probabilities finite scores, at least one; not validated
 * @param labels 0 or 1, as many as `probabilities`; not validated
 */
export function scoreCurve(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): ScoreCurve {
  const n = probabilities.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) positives++;
  const all = new Float64Array(n);
  const ones = new Float64Array(positives);
  for (let i = 0, j = 0; i < n; i++) {
    all[i] = probabilities[i];
    if (labels[i] === 1) ones[j++] = probabilities[i];
  }
  all.sort();
  ones.sort();
  const thresholds = new Float64Array(n);
  const tps = new Uint32Array(n);
  const fps = new Uint32Array(n);
  let size = 0;
  let tp = 0;
  let j = positives - 1;
  for (let k = n - 1; k >= 0; k--) {
    const score = all[k];
    if (k > 0 && all[k - 1] === score) continue;
    while (j >= 0 && ones[j] >= score) {
      tp++;
      j--;
    }
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
