/**
 * Metrics of a K-class prediction, as scikit-learn 1.2 defines them:
 * `confusion_matrix(y, p, labels=range(K))` and
 * `precision_recall_fscore_support(y, p, labels=range(K), zero_division=0)`.
 */

/** Per-class precision, recall, F1 and support, each of length K. */
export interface ClassMetrics {
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  /** Samples whose true class is k. */
  readonly support: number[];
}

/**
 * The K × K confusion matrix: entry [a][p] counts the samples of true class a
 * predicted as p. Assumes every label and prediction is an integer in
 * 0..classes−1 and both arrays have the same length.
 */
export function multiclassConfusion(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () =>
    new Array<number>(classes).fill(0),
  );
  for (let i = 0; i < actual.length; i++) matrix[actual[i]][predicted[i]]++;
  return matrix;
}

/**
 * From a confusion matrix, for each class k with tp = [k][k]:
 * precision = tp / Σ_a [a][k] (predicted k), recall = tp / Σ_p [k][p] (truly
 * k), each 0 where its denominator is 0 (zero_division=0), and
 * F1 = 2·P·R / (P + R), 0 where P + R = 0, computed as scikit-learn does.
 */
export function classMetrics(matrix: readonly number[][]): ClassMetrics {
  const classes = matrix.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let k = 0; k < classes; k++) {
    let predictedK = 0;
    let actualK = 0;
    for (let q = 0; q < classes; q++) {
      predictedK += matrix[q][k];
      actualK += matrix[k][q];
    }
    const tp = matrix[k][k];
    const p = predictedK === 0 ? 0 : tp / predictedK;
    const r = actualK === 0 ? 0 : tp / actualK;
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
    support.push(actualK);
  }
  return { precision, recall, f1, support };
}
