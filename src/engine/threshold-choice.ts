/**
 * Thresholds a person chooses, read off a two-class model's exact score
 * curve (score-curve.ts) as scikit-learn's `precision_recall_curve` and
 * `roc_curve(drop_intermediate=False)` define the points: the candidates are
 * the distinct scores, a row predicted 1 when p ≥ the threshold.
 *
 * Ties follow the usual recipes' `np.argmax`/`np.argmin`, over each curve's
 * own order: F1 and cost over `precision_recall_curve`'s thresholds
 * (increasing: the lowest of equal ones wins), Youden's J over
 * `roc_curve`'s (decreasing: the highest wins).
 */
import { accuracyOf, type Confusion } from "./evaluate";
import { f1Of, precisionOf, recallOf, specificityOf } from "./metrics";
import { predictProbabilities } from "./linear-model";
import {
  classTotals,
  confusionOfVertex,
  scoreCurve,
  type ScoreCurve,
} from "./score-curve";
import type { LinearWeights } from "./weights";

/** A threshold with its confusion matrix and metrics, named as `/evaluate` names them. */
export interface ThresholdChoice {
  /** Predicted 1 when p ≥ threshold. */
  readonly threshold: number;
  readonly confusionMatrix: Confusion;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly specificity: number;
  readonly accuracy: number;
}

/** The metrics of `confusion` at `threshold`, as metrics.ts defines them. */
export function thresholdChoice(
  threshold: number,
  confusion: Confusion,
): ThresholdChoice {
  return {
    threshold,
    confusionMatrix: confusion,
    precision: precisionOf(confusion),
    recall: recallOf(confusion),
    f1: f1Of(confusion),
    specificity: specificityOf(confusion),
    accuracy: accuracyOf(confusion),
  };
}

/** The choice at vertex `k` of `curve`. */
function choiceAt(curve: ScoreCurve, k: number): ThresholdChoice {
  return thresholdChoice(curve.thresholds[k], confusionOfVertex(curve, k));
}

/**
 * The vertex `score` ranks best: the first of the highest scores walking
 * from the highest threshold (`fromHighest`) or from the lowest.
 */
function bestVertex(
  curve: ScoreCurve,
  score: (k: number) => number,
  fromHighest: boolean,
): number {
  const size = curve.thresholds.length;
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < size; i++) {
    const k = fromHighest ? i : size - 1 - i;
    const s = score(k);
    if (s > bestScore) {
      best = k;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The threshold of highest F1 = 2tp / (2tp + fp + fn), sklearn's
 * `f1_score` at each of `precision_recall_curve`'s thresholds; `np.argmax`
 * over them, in increasing order, takes the lowest of equal ones.
 */
export function maxF1(curve: ScoreCurve): ThresholdChoice {
  const k = bestVertex(curve, (k) => f1Of(confusionOfVertex(curve, k)), false);
  return choiceAt(curve, k);
}

/**
 * The threshold of highest Youden's J = TPR − FPR = tp/P − fp/N, over
 * `roc_curve(y, p, drop_intermediate=False)`'s thresholds but its first
 * (inf, nothing predicted positive); `np.argmax` over them, decreasing,
 * takes the highest of equal ones. Needs rows of both classes.
 */
export function maxYoudenJ(
  curve: ScoreCurve,
): ThresholdChoice & { youdenJ: number } {
  const { positives, negatives } = classTotals(curve);
  const j = (k: number) => curve.tps[k] / positives - curve.fps[k] / negatives;
  const k = bestVertex(curve, j, true);
  return { ...choiceAt(curve, k), youdenJ: j(k) };
}

/**
 * The lowest threshold whose precision tp / (tp + fp) is at least
 * `precision`, or null when none reaches it (precision is not monotone in
 * the threshold: every vertex is looked at).
 */
export function lowestReachingPrecision(
  curve: ScoreCurve,
  precision: number,
): ThresholdChoice | null {
  for (let k = curve.thresholds.length - 1; k >= 0; k--) {
    if (precisionOf(confusionOfVertex(curve, k)) >= precision) {
      return choiceAt(curve, k);
    }
  }
  return null;
}

/**
 * The highest threshold whose recall tp / P is at least `recall`, or null
 * when none reaches it (recall only falls as the threshold rises).
 */
export function highestReachingRecall(
  curve: ScoreCurve,
  recall: number,
): ThresholdChoice | null {
  for (let k = 0; k < curve.thresholds.length; k++) {
    if (recallOf(confusionOfVertex(curve, k)) >= recall) {
      return choiceAt(curve, k);
    }
  }
  return null;
}

/**
 * The threshold of least total cost costFalsePositive·fp +
 * costFalseNegative·fn (`np.argmin` over `precision_recall_curve`'s
 * thresholds, increasing: the lowest of equal ones).
 */
export function minCost(
  curve: ScoreCurve,
  costFalsePositive: number,
  costFalseNegative: number,
): ThresholdChoice & { cost: number } {
  const cost = (k: number) => {
    const c = confusionOfVertex(curve, k);
    return costFalsePositive * c.fp + costFalseNegative * c.fn;
  };
  const k = bestVertex(curve, (k) => -cost(k), false);
  return { ...choiceAt(curve, k), cost: cost(k) };
}

/**
 * Average precision as sklearn's `average_precision_score`: Σ_k (R_k −
 * R_{k−1})·P_k over the thresholds from the highest down, R_0 = 0, with
 * P_k, R_k the precision and recall at threshold k. 0 without positives.
 */
export function averagePrecision(curve: ScoreCurve): number {
  const { positives } = classTotals(curve);
  if (positives === 0) return 0;
  let sum = 0;
  let before = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const recall = curve.tps[k] / positives;
    sum += (recall - before) * (curve.tps[k] / (curve.tps[k] + curve.fps[k]));
    before = recall;
  }
  return sum;
}

/** What `chooseThresholds` is asked besides F1 and Youden's J. */
export interface ThresholdRequest {
  readonly precision?: number;
  readonly recall?: number;
  readonly cost?: {
    readonly falsePositive: number;
    readonly falseNegative: number;
  };
}

/** Every choice `chooseThresholds` makes, and what they were made from. */
export interface ThresholdChoices {
  readonly samples: number;
  readonly positives: number;
  readonly negatives: number;
  /** Vertices of the curve the choices were made on. */
  readonly vertices: number;
  /**
   * 0 on an exact curve; on a thinned or binned one, the most rows by
   * which the counts at a threshold may fall short of the exact ones
   * (step − 1).
   */
  readonly maxCountError: number;
  readonly averagePrecision: number;
  readonly maxF1: ThresholdChoice;
  readonly maxYoudenJ: ThresholdChoice & { youdenJ: number };
  readonly atPrecision?: (ThresholdChoice & { target: number }) | null;
  readonly atRecall?: (ThresholdChoice & { target: number }) | null;
  readonly minCost?: ThresholdChoice & {
    costFalsePositive: number;
    costFalseNegative: number;
    cost: number;
  };
}

/**
 * The thresholds `request` asks for on `curve`, with F1's and Youden's J's
 * always. The curve must count rows of both classes (Youden's J and recall
 * are undefined otherwise; the caller checks).
 */
export function chooseThresholds(
  curve: ScoreCurve,
  request: ThresholdRequest,
): ThresholdChoices {
  const { positives, negatives } = classTotals(curve);
  const { precision, recall, cost } = request;
  const target = (choice: ThresholdChoice | null, value: number) =>
    choice && { target: value, ...choice };
  return {
    samples: positives + negatives,
    positives,
    negatives,
    vertices: curve.thresholds.length,
    maxCountError: curve.step - 1,
    averagePrecision: averagePrecision(curve),
    maxF1: maxF1(curve),
    maxYoudenJ: maxYoudenJ(curve),
    ...(precision !== undefined && {
      atPrecision: target(lowestReachingPrecision(curve, precision), precision),
    }),
    ...(recall !== undefined && {
      atRecall: target(highestReachingRecall(curve, recall), recall),
    }),
    ...(cost && {
      minCost: {
        costFalsePositive: cost.falsePositive,
        costFalseNegative: cost.falseNegative,
        ...minCost(curve, cost.falsePositive, cost.falseNegative),
      },
    }),
  };
}

/**
 * The thresholds `request` asks for on labelled rows: the exact score curve
 * of the probabilities `weights` (one output) give the `rows` rows of `x`
 * (row-major, `cols` features) against their 0/1 labels `y`, then
 * `chooseThresholds` on it. The rows must hold both classes (the caller
 * checks).
 */
export function chooseThresholdsOnRows(
  weights: LinearWeights,
  rows: { x: Float32Array; y: ArrayLike<number>; rows: number; cols: number },
  request: ThresholdRequest,
): ThresholdChoices {
  const { x, y, cols } = rows;
  const h = predictProbabilities(
    new Float32Array(rows.rows),
    x,
    rows.rows,
    cols,
    weights,
  );
  return chooseThresholds(scoreCurve(h, y), request);
}
