/**
 * Full-batch gradient descent on the logistic model, with the lab's loop.
 *
 * The lab runs `for epoch in range(nb_epochs + 1)`: each iteration computes the
 * hypothesis and cost with the current weights, then takes one SGD step, and
 * prints every `logEvery`-th iteration. So `epochs: N` makes N + 1 updates, and
 * a logged cost is the cost *before* that iteration's update. This file keeps
 * exactly those semantics, with one fused pass over the rows per iteration
 * (gradient.ts).
 */
import { TrainingDivergedError } from "../errors";
import type { Dataset, Weights } from "./dataset";
import { costAndAccuracy } from "./evaluate";
import { gradientSums, loggedGradientSums, type EpochTotals } from "./gradient";
import type { Loss } from "./logistic";

/** How to train; validated by the caller. */
export interface TrainOptions {
  /** Iterations 0..epochs inclusive are run: epochs + 1 updates. */
  readonly epochs: number;
  /** Learning rate of plain gradient descent (`optim.SGD(lr=...)`). */
  readonly lr: number;
  /** Iteration e is logged when e % logEvery === 0. */
  readonly logEvery: number;
  readonly loss: Loss;
  /** Starting weights; left unchanged. */
  readonly initial: Weights;
  /** Held-out rows whose cost and accuracy each logged epoch also records. */
  readonly validation?: Dataset;
}

/** One logged iteration: cost and accuracy of the weights it started with. */
export interface EpochLog {
  readonly epoch: number;
  readonly cost: number;
  /** Fraction of rows with (h >= 0.5) equal to the label. */
  readonly accuracy: number;
  /** The same two on the validation rows, when there are any. */
  readonly validationCost?: number;
  readonly validationAccuracy?: number;
}

/** Trained weights and the logged history. */
export interface TrainResult {
  readonly weights: Weights;
  readonly history: EpochLog[];
}

/**
 * Trains `sigmoid(X·w + b)` by gradient descent on the mean cost.
 *
 * Gradient of the mean cost: dC/dw_j = (1/m) Σ_i g_i x_ij, dC/db = (1/m) Σ_i g_i,
 * with g_i = dcost_i/dz_i (`labSlope`, `bceSlope` in logistic.ts). Sums are float64; weights are stored
 * as float32 after every step, as `nn.Parameter`s of a float model are.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite
 */
export function trainLogistic(
  data: Dataset,
  options: TrainOptions,
): TrainResult {
  const { rows, cols } = data;
  const { epochs, lr, logEvery, loss } = options;
  const w = Float32Array.from(options.initial.w);
  let b = Math.fround(options.initial.b);
  // Everything the epochs write is allocated here, once.
  const sums = new Float64Array(cols + 1);
  const totals: EpochTotals = { cost: 0, correct: 0 };
  const history: EpochLog[] = [];
  const step = lr / rows;

  for (let epoch = 0; epoch <= epochs; epoch++) {
    // Only a logged epoch computes the cost and the accuracy.
    if (epoch % logEvery === 0) {
      loggedGradientSums(sums, totals, data, w, b, loss);
      const cost = totals.cost / rows;
      if (!Number.isFinite(cost)) {
        throw new TrainingDivergedError(
          `cost became ${cost} at epoch ${epoch}: lower lr or scale the features`,
        );
      }
      const accuracy = totals.correct / rows;
      if (options.validation === undefined) {
        history.push({ epoch, cost, accuracy });
      } else {
        const held = costAndAccuracy(options.validation, { w, b }, loss);
        history.push({
          epoch,
          cost,
          accuracy,
          validationCost: held.cost,
          validationAccuracy: held.accuracy,
        });
      }
    } else {
      gradientSums(sums, data, w, b, loss);
    }

    // The Float32Array store rounds each new weight to float32.
    for (let j = 0; j < cols; j++) w[j] -= step * sums[j];
    b = Math.fround(b - step * sums[cols]);
    if (!allFinite(w, b)) {
      throw new TrainingDivergedError(
        `weights became non-finite at epoch ${epoch}: lower lr or scale the features`,
      );
    }
  }
  return { weights: { w, b }, history };
}

function allFinite(w: Float32Array, b: number): boolean {
  if (!Number.isFinite(b)) return false;
  for (let j = 0; j < w.length; j++) if (!Number.isFinite(w[j])) return false;
  return true;
}
