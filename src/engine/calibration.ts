/**
 * A two-class model's calibration: how the probabilities it gives compare
 * with how often the rows are positive, as scikit-learn's
 * `calibration_curve(y, p, n_bins=10, strategy="uniform")` bins them, and
 * the Brier score, `brier_score_loss(y, p)`. Rows are counted unweighted, as
 * sklearn's without `sample_weight` and the service's other metrics.
 */

/** The bins sklearn's `calibration_curve` uses by default, and the service keeps. */
export const CALIBRATION_BINS = 10;

/** What a version keeps of its rows' calibration: sums a bin, and the Brier score. */
export interface Calibration {
  /** Rows in bin k = 0..bins − 1. */
  readonly counts: number[];
  /** Σ p of the rows in bin k, float64. */
  readonly probabilitySums: number[];
  /** Rows labelled 1 in bin k. */
  readonly positives: number[];
  /** (1/n)·Σ (y − p)²: sklearn's `brier_score_loss`. */
  readonly brierScore: number;
}

/** The reliability diagram's points: the non-empty bins, as sklearn returns them. */
export interface CalibrationCurve {
  /** Mean predicted probability of each non-empty bin (sklearn's `prob_pred`). */
  readonly meanPredicted: number[];
  /** Fraction of its rows labelled 1 (sklearn's `prob_true`). */
  readonly fractionPositive: number[];
  /** Rows in it. */
  readonly counts: number[];
}

/**
 * The bins and Brier score of `probabilities` against labels 0/1, in one
 * pass. With edges e_i = i·(1/bins) (`np.linspace(0, 1, bins + 1)`), a row
 * goes to bin #{i in 1..bins − 1 : e_i < p} (`np.searchsorted(bins[1:-1],
 * p)`), so p = 0.1 is in the first bin and p = 1 in the last.
 *
 * @param probabilities in [0, 1], at least one; not validated
 * @param labels 0 or 1, as many as `probabilities`; not validated
 */
export function calibrationOf(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = CALIBRATION_BINS,
): Calibration {
  const sums = calibrationSums(bins);
  addCalibration(sums, probabilities, labels);
  return calibrationOfSums(sums);
}

/** `Calibration`'s sums while rows are added: the squares not yet divided. */
export interface CalibrationSums {
  readonly counts: number[];
  readonly probabilitySums: number[];
  readonly positives: number[];
  /** Rows added. */
  rows: number;
  /** Σ (y − p)² of the rows added, in their order. */
  squares: number;
}

/** Empty sums of `bins` bins. */
export function calibrationSums(bins = CALIBRATION_BINS): CalibrationSums {
  return {
    counts: new Array<number>(bins).fill(0),
    probabilitySums: new Array<number>(bins).fill(0),
    positives: new Array<number>(bins).fill(0),
    rows: 0,
    squares: 0,
  };
}

/**
 * Adds rows to `sums`, binned as `calibrationOf` bins them. The float64
 * sums are carried in row order, so a set added a block at a time gives
 * `calibrationOf`'s numbers of all its rows, to the last bit.
 */
export function addCalibration(
  sums: CalibrationSums,
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): CalibrationSums {
  const { counts, probabilitySums, positives } = sums;
  const bins = counts.length;
  const edges = new Float64Array(bins - 1);
  for (let i = 1; i < bins; i++) edges[i - 1] = i * (1 / bins);
  let squares = sums.squares;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    const y = labels[i];
    // The bin is the number of edges below p: guessed from p·bins, then
    // moved to it by the edges themselves (a NaN p stays in bin 0).
    let bin = p > 0 ? Math.min(Math.ceil(p * bins) - 1, bins - 1) : 0;
    while (bin > 0 && !(edges[bin - 1] < p)) bin--;
    while (bin < edges.length && edges[bin] < p) bin++;
    counts[bin]++;
    probabilitySums[bin] += p;
    positives[bin] += y;
    squares += (y - p) * (y - p);
  }
  sums.squares = squares;
  sums.rows += probabilities.length;
  return sums;
}

/** The calibration the rows added to `sums` have. */
export function calibrationOfSums(sums: CalibrationSums): Calibration {
  return {
    counts: [...sums.counts],
    probabilitySums: [...sums.probabilitySums],
    positives: [...sums.positives],
    brierScore: sums.squares / sums.rows,
  };
}

/**
 * The points sklearn's `calibration_curve` returns for these bins: each
 * non-empty bin's mean p and fraction of positives, in bin order.
 */
export function calibrationCurve(calibration: Calibration): CalibrationCurve {
  const curve: CalibrationCurve = {
    meanPredicted: [],
    fractionPositive: [],
    counts: [],
  };
  calibration.counts.forEach((count, k) => {
    if (count === 0) return;
    curve.meanPredicted.push(calibration.probabilitySums[k] / count);
    curve.fractionPositive.push(calibration.positives[k] / count);
    curve.counts.push(count);
  });
  return curve;
}
