/**
 * Where a training ended, measured in one pass over its rows for the
 * warnings (warnings.ts): the gradient of the training cost at the final
 * weights, that cost, the rows whose own class the model gives a probability
 * at the log clamp, each feature's range and each class's rows. It reads the
 * final probabilities the metrics are computed from and changes nothing.
 */
import type { Dataset } from "./dataset";
import { isPenalised, penaltyCost, type Penalty } from "./regularize";
import type { FeatureStats } from "./standardize";
import {
  addTrainingEnd,
  trainingEndSums,
  type TrainingEndSums,
} from "./training-end-sums";
import type { LinearWeights } from "./weights";

export { LOG_CLAMP } from "./training-end-sums";

/** What a training has at its end, as `measureTrainingEnd` reads it. */
export interface FinalState {
  /** The training rows, in the units they came in (held-out rows not among them). */
  readonly data: Dataset;
  /**
   * The final weights' probabilities of `data`'s rows, as
   * `predictProbabilities` gives them (rows × P, P = 1 (h) or K), when the
   * caller has them; else they are made a block of rows at a time.
   */
  readonly probabilities?: Float32Array;
  /** The final weights, in original units (what predictions use). */
  readonly final: LinearWeights;
  /** The final weights as trained: in standardized units with `stats`. */
  readonly trained: LinearWeights;
  /** With standardize: the training rows' mean and scale. */
  readonly stats?: FeatureStats;
  /** One weight per training row (class weights), or none. */
  readonly sampleWeights?: Float32Array;
  readonly penalty: Penalty;
  /** The optimizer's weight decay λ (L2 on every parameter, as torch's); 0 for none. */
  readonly weightDecay: number;
}

/** What the end of a training is measured against, besides its rows. */
export type EndState = Pick<
  FinalState,
  "trained" | "stats" | "penalty" | "weightDecay"
>;

/** What `measureTrainingEnd` measures. */
export interface TrainingEnd {
  /**
   * The gradient of the training cost J at the final weights, [W, b] as
   * trained (standardized units with standardize).
   */
  readonly gradient: Float64Array;
  /** J: the mean cost of the rows (each log clamped at −100), plus the penalties. */
  readonly cost: number;
  /**
   * −θ·∇J, θ every parameter as trained: how fast J falls as all the
   * parameters grow together (d J(cθ)/dc at c = 1, negated).
   */
  readonly radial: number;
  /** Whether J has a penalty on the weights (l1, l2, weight decay). */
  readonly penalised: boolean;
  /** Rows whose own class has a probability of at most e^-100 (0 included). */
  readonly saturated: number;
  /** Each feature's max − min over the training rows, float64. */
  readonly ranges: Float64Array;
  /** Training rows of each class 0..C − 1 (C = 2 for one output). */
  readonly classCounts: number[];
}

/**
 * One pass over the training rows at the end of a training.
 *
 * With p_ik the probability of class k for row i (for one output, h_i of
 * label 1), s_i its sample weight (1 without), y_i its label and n the rows:
 *
 *   J = (1/n)·Σ_i s_i·min(−log p_i,y_i, 100) + λ₁·Σ|w| + (λ₂/2)·Σw² + (λ/2)·Σθ²
 *   ∂J/∂W_kj = (1/n)·Σ_i s_i·(p_ik − [y_i = k])·x̃_ij + λ₁·sign(w) + λ₂·w + λ·θ
 *   ∂J/∂b_k = (1/n)·Σ_i s_i·(p_ik − [y_i = k]) + λ·b_k
 *
 * (for one output, p_i − y_i: the gradient `labSlope` takes, without the
 * clamp's flat, so a row stuck at the clamp still counts), x̃ the row in the
 * units trained in, (x − mean) / scale with standardize: the sums are taken
 * over the raw rows and turned into those units after. A weight at exactly 0
 * takes the least λ₁ subgradient, sign(g)·max(|g| − λ₁, 0) (the
 * pseudo-gradient of OWL-QN, Andrew and Gao 2007), so an L1 minimum, whose
 * zero weights have |g| ≤ λ₁, has gradient 0. A row is saturated when
 * log p_i,y_i ≤ −100 with p the float32 probability (for one output 1 − h_i
 * of label 0): the rows `F.binary_cross_entropy` clamps.
 */
export function measureTrainingEnd(state: FinalState): TrainingEnd {
  const { data, probabilities, final, trained, sampleWeights } = state;
  const sums = trainingEndSums(trained.b.length, data.cols);
  addTrainingEnd(sums, data, final, sampleWeights, probabilities);
  return finishTrainingEnd(sums, state);
}

/**
 * `measureTrainingEnd`'s answer from the sums of every training row (read,
 * not changed) and what the training ended with.
 */
export function finishTrainingEnd(
  acc: TrainingEndSums,
  state: EndState,
): TrainingEnd {
  const { rows, min, max } = acc;
  const cols = min.length;
  const ranges = new Float64Array(cols);
  for (let j = 0; j < cols; j++) ranges[j] = max[j] - min[j];
  const gradient = trainingGradient(Float64Array.from(acc.sums), rows, state);
  const { w, b } = state.trained;
  let radial = 0;
  for (let q = 0; q < w.length; q++) radial -= w[q] * gradient[q];
  for (let k = 0; k < b.length; k++) radial -= b[k] * gradient[w.length + k];
  const { penalty, weightDecay } = state;
  return {
    gradient,
    cost: acc.cost / rows + penalties(state),
    radial,
    penalised: isPenalised(penalty) || weightDecay !== 0,
    saturated: acc.saturated,
    ranges,
    classCounts: [...acc.classCounts],
  };
}

/**
 * The gradient of J in the units trained in, from the sums Σ s·r·x and Σ s·r
 * over the raw rows (overwritten): with standardize, Σ s·r·(x − mean)/scale
 * = (Σ s·r·x − mean·Σ s·r) / scale.
 */
function trainingGradient(
  sums: Float64Array,
  rows: number,
  state: EndState,
): Float64Array {
  const { trained, stats, penalty, weightDecay } = state;
  const { w, b } = trained;
  const outputs = b.length;
  const cols = w.length / outputs;
  const biases = outputs * cols;
  const g = sums;
  for (let k = 0; k < outputs; k++) {
    for (let j = 0; j < cols; j++) {
      const q = k * cols + j;
      if (stats !== undefined) {
        g[q] = (g[q] - stats.mean[j] * g[biases + k]) / stats.scale[j];
      }
    }
  }
  for (let q = 0; q < g.length; q++) g[q] /= rows;
  for (let q = 0; q < biases; q++) {
    const data = g[q] + penalty.l2 * w[q];
    const shrunk = Math.max(Math.abs(data) - penalty.l1, 0);
    g[q] =
      w[q] !== 0
        ? data + penalty.l1 * Math.sign(w[q])
        : shrunk === 0
          ? 0
          : Math.sign(data) * shrunk;
  }
  if (weightDecay !== 0) {
    for (let q = 0; q < biases; q++) g[q] += weightDecay * w[q];
    for (let k = 0; k < outputs; k++) g[biases + k] += weightDecay * b[k];
  }
  return g;
}

/** The penalties' part of J at the trained weights. */
function penalties(state: EndState): number {
  const { trained, penalty, weightDecay } = state;
  let squares = 0;
  if (weightDecay !== 0) {
    for (const v of trained.w) squares += v * v;
    for (const v of trained.b) squares += v * v;
  }
  return penaltyCost(trained.w, penalty) + (weightDecay / 2) * squares;
}
