/**
 * The ROC curve and the area under it, as scikit-learn computes them.
 *
 * `rocCurve` follows `sklearn.metrics.roc_curve(y, p)` with its defaults
 * (`drop_intermediate=True`), step by step, and `rocAuc` follows
 * `roc_auc_score(y, p)`: the trapezoidal area under that curve. Counts are
 * integers and each rate is one float64 division, so the curve matches
 * sklearn exactly; the area matches to rounding in the final sum.
 */
import { scoreCurve, type ScoreCurve } from "./score-curve";

/** An ROC curve: parallel arrays, one point per kept threshold. */
export interface RocCurve {
  /** False positive rate fp / negatives at each threshold, increasing. */
  readonly fpr: Float64Array;
  /** True positive rate tp / positives at each threshold, increasing. */
  readonly tpr: Float64Array;
  /**
   * Decreasing; point k counts p >= thresholds[k] as positive. The first is
   * `Infinity` (no sample predicted positive: the point (0, 0)), as
   * sklearn >= 1.3 has it (sklearn 1.2 put max(p) + 1 there).
   */
  readonly thresholds: Float64Array;
}

/**
 * An ROC curve as JSON can carry it. JSON has no Infinity or NaN, so the first
 * threshold (Infinity) is null, as is every rate of a class with no samples.
 */
export interface RocCurveJson {
  fpr: (number | null)[];
  tpr: (number | null)[];
  thresholds: (number | null)[];
}

/**
 * The ROC curve of scores `probabilities` against labels 0/1, as
 * `roc_curve(labels, probabilities)`.
 *
 * Samples are sorted by decreasing score and the running counts tp_k, fp_k
 * are taken at the last sample of each run of equal scores, so tied scores
 * make one point. A point collinear with both neighbours (second difference
 * of fp and of tp both 0) is dropped, as `drop_intermediate=True` does; the
 * first and last are kept. Then (0, 0) is put first with threshold Infinity.
 * fpr_k = fp_k / negatives, tpr_k = tp_k / positives; a rate whose class has
 * no samples is NaN at every point, as sklearn returns it (with a warning).
 *
 * @param probabilities finite scores, at least one; not validated
 * @param labels 0 or 1, as many as `probabilities`; not validated
 * @param exact their exact curve, when the caller has it (not thinned)
 */
export function rocCurve(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  exact: ScoreCurve = scoreCurve(probabilities, labels),
): RocCurve {
  return rocCurveOf(exact);
}

/**
 * `rocCurve` from a score curve alone: its vertices are the thresholds
 * (an exact curve's, one a distinct score, give sklearn's; a histogram's,
 * one a bin, score-histogram.ts, the binned one).
 */
export function rocCurveOf(curve: ScoreCurve): RocCurve {
  // One vertex per distinct score, highest first (sklearn's threshold_idxs).
  const { fps, tps, thresholds } = curve;

  const kept = keptPoints(fps, tps);
  const size = kept.length + 1;
  const fpr = new Float64Array(size);
  const tpr = new Float64Array(size);
  const out = new Float64Array(size);
  out[0] = Infinity;
  const negatives = fps[fps.length - 1];
  const positives = tps[tps.length - 1];
  for (let k = 0; k < kept.length; k++) {
    const j = kept[k];
    fpr[k + 1] = negatives > 0 ? fps[j] / negatives : NaN;
    tpr[k + 1] = positives > 0 ? tps[j] / positives : NaN;
    out[k + 1] = thresholds[j];
  }
  if (negatives <= 0) fpr[0] = NaN;
  if (positives <= 0) tpr[0] = NaN;
  return { fpr, tpr, thresholds: out };
}

/** `curve` with plain arrays, each non-finite number (±Infinity, NaN) null. */
export function rocCurveJson(curve: RocCurve): RocCurveJson {
  return {
    fpr: finiteOrNull(curve.fpr),
    tpr: finiteOrNull(curve.tpr),
    thresholds: finiteOrNull(curve.thresholds),
  };
}

function finiteOrNull(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

/**
 * Indices of the points `drop_intermediate` keeps: the first, the last, and
 * each one where fps or tps bends (a nonzero second difference).
 */
function keptPoints(fps: Uint32Array, tps: Uint32Array): Uint32Array {
  const last = fps.length - 1;
  const kept = new Uint32Array(fps.length);
  if (last < 2) return kept.map((_, i) => i);
  let size = 1;
  for (let i = 1; i < last; i++) {
    const bendF = fps[i - 1] - 2 * fps[i] + fps[i + 1];
    const bendT = tps[i - 1] - 2 * tps[i] + tps[i + 1];
    if (bendF !== 0 || bendT !== 0) kept[size++] = i;
  }
  kept[size++] = last;
  return kept.subarray(0, size);
}

/**
 * Area under a curve by the trapezoidal rule, as `sklearn.metrics.auc` (via
 * `np.trapz`) computes it for increasing x:
 * Σ_k (x_{k+1} - x_k)·(y_{k+1} + y_k) / 2.
 */
export function trapezoidArea(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): number {
  let area = 0;
  for (let k = 0; k + 1 < x.length; k++) {
    area += ((x[k + 1] - x[k]) * (y[k + 1] + y[k])) / 2;
  }
  return area;
}

/**
 * ROC AUC of scores against labels 0/1, as `roc_auc_score(labels,
 * probabilities)`: the trapezoidal area under `rocCurve`. It equals the
 * probability that a random positive scores above a random negative, ties
 * counting one half.
 *
 * @returns the area, or null when the labels hold only one class (there
 *   sklearn raises "Only one class present in y_true")
 */
export function rocAuc(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): number | null {
  const curve = rocCurve(probabilities, labels);
  const last = curve.fpr.length - 1;
  if (Number.isNaN(curve.fpr[last]) || Number.isNaN(curve.tpr[last])) {
    return null;
  }
  return trapezoidArea(curve.fpr, curve.tpr);
}

/**
 * At most `maxPoints` points of `curve`, evenly spaced by index and keeping
 * the first and the last, for storing and drawing a curve of many points. The
 * AUC is computed from the full curve before thinning.
 */
export function thinRoc(curve: RocCurve, maxPoints: number): RocCurve {
  const n = curve.fpr.length;
  if (n <= maxPoints) return curve;
  const kept: number[] = [];
  for (let k = 0; k < maxPoints; k++) {
    const i = Math.round((k * (n - 1)) / (maxPoints - 1));
    if (i !== kept.at(-1)) kept.push(i);
  }
  const pick = (values: Float64Array) =>
    Float64Array.from(kept, (i) => values[i]);
  return {
    fpr: pick(curve.fpr),
    tpr: pick(curve.tpr),
    thresholds: pick(curve.thresholds),
  };
}
