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

/** Every metric of a K-class prediction, as plain JSON. */
export interface MulticlassMetrics extends ClassMetrics {
  readonly samples: number;
  readonly classes: number;
  /** Fraction of samples whose arg-max class is their label. */
  readonly accuracy: number;
  /** Mean cross-entropy, `F.cross_entropy` of the model's logits. */
  readonly cost: number;
  /** [a][p]: samples of true class a predicted as p. */
  readonly confusionMatrix: number[][];
  /** Unweighted means over the K classes (sklearn's average="macro"). */
  readonly macro: Averages;
  /** Means weighted by support (sklearn's average="weighted"). */
  readonly weighted: Averages;
}

/** Precision, recall and F1 averaged over classes. */
export interface Averages {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * The metrics of predicted classes against labels, with the model's `cost`
 * on the same samples. Assumes as `multiclassConfusion` does.
 */
export function multiclassMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
  cost: number,
): MulticlassMetrics {
  return metricsOfConfusion(
    multiclassConfusion(actual, predicted, classes),
    cost,
  );
}

/**
 * `multiclassMetrics` from the confusion matrix (counts added up over
 * blocks of rows, a shard after another) and the mean cost.
 */
export function metricsOfConfusion(
  confusionMatrix: number[][],
  cost: number,
): MulticlassMetrics {
  const classes = confusionMatrix.length;
  const perClass = classMetrics(confusionMatrix);
  let correct = 0;
  let samples = 0;
  for (let k = 0; k < classes; k++) {
    correct += confusionMatrix[k][k];
    for (const count of confusionMatrix[k]) samples += count;
  }
  return {
    samples,
    classes,
    accuracy: correct / samples,
    cost,
    confusionMatrix,
    ...perClass,
    macro: averages(perClass, () => 1),
    weighted: averages(perClass, (k) => perClass.support[k]),
  };
}

/**
 * Σ_k w_k·metric_k / Σ_k w_k for precision, recall and F1, as numpy's
 * `average(values, weights=w)` computes it (sklearn's averages); weights all
 * 1 give the plain mean.
 */
function averages(
  metrics: ClassMetrics,
  weight: (k: number) => number,
): Averages {
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  let total = 0;
  for (let k = 0; k < metrics.support.length; k++) {
    const w = weight(k);
    precision += w * metrics.precision[k];
    recall += w * metrics.recall[k];
    f1 += w * metrics.f1[k];
    total += w;
  }
  return {
    precision: precision / total,
    recall: recall / total,
    f1: f1 / total,
  };
}
