/**
 * Softmax regression for labels 0..K−1: `F.cross_entropy(x @ W.T + b, y)`
 * trained by full-batch gradient descent with the lab's loop (train.ts:
 * iterations 0..epochs inclusive, a logged iteration records the cost and
 * accuracy of the weights it starts with, before its update).
 *
 * Logits z_k = b_k + Σ_j x_j·W_kj are float64; the log-softmax is taken as
 * z_k − m − log Σ_l e^(z_l − m) with m = max_l z_l, so no exponential
 * overflows. Weights are float32, as `nn.Linear(d, K)`'s are.
 */
import { TrainingDivergedError } from "../errors";
import type { Dataset } from "./dataset";

/** A linear model over `d` features for K classes. */
export interface SoftmaxWeights {
  /** K × d, row-major: W_kj = w[k·d + j], the layout of `nn.Linear(d, K).weight`. */
  readonly w: Float32Array;
  /** One bias per class; its length is K. */
  readonly b: Float32Array;
}

/** How to train; validated by the caller. */
export interface SoftmaxTrainOptions {
  /** Iterations 0..epochs inclusive are run: epochs + 1 updates. */
  readonly epochs: number;
  /** Learning rate of plain gradient descent (`optim.SGD(lr=...)`). */
  readonly lr: number;
  /** Iteration e is logged when e % logEvery === 0. */
  readonly logEvery: number;
  /** Starting weights (K = initial.b.length ≥ 2); left unchanged. */
  readonly initial: SoftmaxWeights;
  /** Held-out rows, measured (not trained on) at every logged iteration. */
  readonly validation?: Dataset;
}

/** One logged iteration: cost and accuracy of the weights it started with. */
export interface SoftmaxEpochLog {
  readonly epoch: number;
  /** Mean cross-entropy, (1/n)·Σ_i −log p_i,y_i. */
  readonly cost: number;
  /** Fraction of rows whose arg-max class (as `predictedClasses`) is the label. */
  readonly accuracy: number;
  /** The same two for the validation rows, when there are any. */
  readonly validationCost?: number;
  readonly validationAccuracy?: number;
}

export interface SoftmaxTrainResult {
  readonly weights: SoftmaxWeights;
  readonly history: SoftmaxEpochLog[];
}

/** Zero weights for `classes` classes over `cols` features. */
export function zeroSoftmaxWeights(
  classes: number,
  cols: number,
): SoftmaxWeights {
  return { w: new Float32Array(classes * cols), b: new Float32Array(classes) };
}

/**
 * Trains on `data`, whose `y` holds class indices 0..K−1 (K from the
 * initial weights; validated by the caller).
 *
 * Gradient of the mean cost: dC/dW_kj = (1/n)·Σ_i (p_ik − [y_i = k])·x_ij and
 * dC/db_k = (1/n)·Σ_i (p_ik − [y_i = k]), p_ik = e^(z_ik − m_i) / Σ_l
 * e^(z_il − m_i) in float64, summed in float64; the step is
 * W −= (lr/n)·Σ, as train.ts steps.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite
 */
export function trainSoftmax(
  data: Dataset,
  options: SoftmaxTrainOptions,
): SoftmaxTrainResult {
  const { x, y, rows, cols } = data;
  const { epochs, lr, logEvery } = options;
  const classes = options.initial.b.length;
  const w = Float32Array.from(options.initial.w);
  const b = Float32Array.from(options.initial.b);
  // Everything the epochs write is allocated here, once.
  const sumsW = new Float64Array(classes * cols);
  const sumsB = new Float64Array(classes);
  const z = new Float64Array(classes);
  const history: SoftmaxEpochLog[] = [];
  const step = lr / rows;

  for (let epoch = 0; epoch <= epochs; epoch++) {
    const logged = epoch % logEvery === 0;
    sumsW.fill(0);
    sumsB.fill(0);
    let cost = 0;
    let correct = 0;
    for (let i = 0; i < rows; i++) {
      const label = y[i];
      const offset = i * cols;
      rowLogits(z, x, offset, cols, w, b);
      const m = maxOf(z);
      const zLabel = z[label];
      // z becomes e^(z_k − m); s is their sum.
      let s = 0;
      for (let k = 0; k < classes; k++) {
        z[k] = Math.exp(z[k] - m);
        s += z[k];
      }
      if (logged) {
        cost += m - zLabel + Math.log(s);
        if (argmaxOfProbabilities(z, s) === label) correct++;
      }
      for (let k = 0; k < classes; k++) {
        const g = z[k] / s - (k === label ? 1 : 0);
        const row = k * cols;
        for (let j = 0; j < cols; j++) sumsW[row + j] += g * x[offset + j];
        sumsB[k] += g;
      }
    }
    if (logged) {
      if (!Number.isFinite(cost)) {
        throw new TrainingDivergedError(
          `cost became ${cost / rows} at epoch ${epoch}: lower lr or scale the features`,
        );
      }
      const entry = { epoch, cost: cost / rows, accuracy: correct / rows };
      if (options.validation === undefined) history.push(entry);
      else {
        const held = softmaxCostAndAccuracy(options.validation, { w, b });
        history.push({
          ...entry,
          validationCost: held.cost,
          validationAccuracy: held.accuracy,
        });
      }
    }
    for (let q = 0; q < w.length; q++) w[q] -= step * sumsW[q];
    for (let k = 0; k < classes; k++) b[k] -= step * sumsB[k];
    if (!allFinite(w) || !allFinite(b)) {
      throw new TrainingDivergedError(
        `weights became non-finite at epoch ${epoch}: lower lr or scale the features`,
      );
    }
  }
  return { weights: { w, b }, history };
}

/**
 * The mean cross-entropy and the accuracy (arg-max class) of `weights` on
 * `data`, with no gradient: the numbers a logged iteration records.
 */
export function softmaxCostAndAccuracy(
  data: Dataset,
  weights: SoftmaxWeights,
): { cost: number; accuracy: number } {
  const { x, y, rows, cols } = data;
  const classes = weights.b.length;
  const z = new Float64Array(classes);
  let cost = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const label = y[i];
    rowLogits(z, x, i * cols, cols, weights.w, weights.b);
    const m = maxOf(z);
    const zLabel = z[label];
    let s = 0;
    for (let k = 0; k < classes; k++) {
      z[k] = Math.exp(z[k] - m);
      s += z[k];
    }
    cost += m - zLabel + Math.log(s);
    if (argmaxOfProbabilities(z, s) === label) correct++;
  }
  return { cost: cost / rows, accuracy: correct / rows };
}

/**
 * Writes the class probabilities of each of the `rows` rows of `x` into `out`
 * (rows × K, row-major), rounded to float32 like `F.softmax` of a float
 * tensor, and returns `out`.
 */
export function softmaxProbabilities(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  weights: SoftmaxWeights,
): Float32Array {
  const classes = weights.b.length;
  const z = new Float64Array(classes);
  for (let i = 0; i < rows; i++) {
    rowLogits(z, x, i * cols, cols, weights.w, weights.b);
    const m = maxOf(z);
    let s = 0;
    for (let k = 0; k < classes; k++) {
      z[k] = Math.exp(z[k] - m);
      s += z[k];
    }
    for (let k = 0; k < classes; k++) out[i * classes + k] = z[k] / s;
  }
  return out;
}

/**
 * Writes the arg-max class of each row of `probabilities` (rows × K) into
 * `out` and returns it; a tie goes to the lowest class, as `torch.argmax`.
 */
export function predictedClasses(
  out: Uint32Array,
  probabilities: Float32Array,
  classes: number,
): Uint32Array {
  for (let i = 0; i < out.length; i++) {
    const offset = i * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (probabilities[offset + k] > probabilities[offset + best]) best = k;
    }
    out[i] = best;
  }
  return out;
}

/** z_k = b_k + Σ_j x_(offset+j)·W_kj for each class k, into `out`. */
function rowLogits(
  out: Float64Array,
  x: Float32Array,
  offset: number,
  cols: number,
  w: Float32Array,
  b: Float32Array,
): void {
  for (let k = 0; k < b.length; k++) {
    let z = b[k];
    const row = k * cols;
    for (let j = 0; j < cols; j++) z += x[offset + j] * w[row + j];
    out[k] = z;
  }
}

function maxOf(z: Float64Array): number {
  let m = z[0];
  for (let k = 1; k < z.length; k++) if (z[k] > m) m = z[k];
  return m;
}

/**
 * The class `predictedClasses` gives for the exponentials `e` (summing to
 * `s`): the arg-max of the float32 probabilities e_k / s, lowest on a tie.
 */
function argmaxOfProbabilities(e: Float64Array, s: number): number {
  let best = 0;
  let bestP = Math.fround(e[0] / s);
  for (let k = 1; k < e.length; k++) {
    const p = Math.fround(e[k] / s);
    if (p > bestP) {
      best = k;
      bestP = p;
    }
  }
  return best;
}

function allFinite(values: Float32Array): boolean {
  for (let q = 0; q < values.length; q++) {
    if (!Number.isFinite(values[q])) return false;
  }
  return true;
}
