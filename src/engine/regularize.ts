/**
 * L1 and L2 penalties on the weights of a linear model, added to the mean
 * cost; the bias is never penalised.
 *
 * The penalised cost is, in PyTorch terms,
 *
 *     F.binary_cross_entropy(h, y) + l1 * W.abs().sum() + l2 / 2 * (W ** 2).sum()
 *
 * and its gradient is autograd's: the data term's plus l1·sign(w_j) + l2·w_j,
 * with sign(0) = 0 (`torch.sign`, the slope `abs` has at 0 in autograd).
 * So `l2` here is the λ of weight decay on the weights alone; scikit-learn's
 * C relates as l2 = 1 / (C·n) for its summed cost.
 */

/** The two penalty factors; 0 turns one off. */
export interface Penalty {
  /** λ₁ ≥ 0 of λ₁·Σ|w_j|. */
  readonly l1: number;
  /** λ₂ ≥ 0 of (λ₂/2)·Σ w_j². */
  readonly l2: number;
}

/** The factors `options` sets, 0 for each it leaves unset. */
export function penaltyOf(options: Partial<Penalty>): Penalty {
  return { l1: options.l1 ?? 0, l2: options.l2 ?? 0 };
}

/** True when either factor is set: the cost has a penalty. */
export function isPenalised(penalty: Partial<Penalty>): boolean {
  return (penalty.l1 ?? 0) !== 0 || (penalty.l2 ?? 0) !== 0;
}

/**
 * λ₁·Σ_j |w_j| + (λ₂/2)·Σ_j w_j², summed in float64 over the weights `w`
 * (the bias is not among them).
 */
export function penaltyCost(w: Float32Array, penalty: Penalty): number {
  let absolute = 0;
  let squares = 0;
  for (let j = 0; j < w.length; j++) {
    absolute += Math.abs(w[j]);
    squares += w[j] * w[j];
  }
  return penalty.l1 * absolute + (penalty.l2 / 2) * squares;
}

/**
 * Adds the penalty's gradient, λ₁·sign(w_j) + λ₂·w_j, to `grad[j]` for each
 * weight j < w.length, and returns `grad`; entries past the weights (the
 * bias) are left as they are.
 */
export function addPenaltyGradient(
  grad: Float64Array,
  w: Float32Array,
  penalty: Penalty,
): Float64Array {
  const { l1, l2 } = penalty;
  for (let j = 0; j < w.length; j++) {
    grad[j] += l1 * Math.sign(w[j]) + l2 * w[j];
  }
  return grad;
}
