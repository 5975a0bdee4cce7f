/**
 * Update rules of `torch.optim.SGD` and `torch.optim.Adam` (PyTorch 1.13, the
 * single-tensor implementations, which 1.13 runs by default on the CPU), over
 * one float32 parameter vector: the weights, then the bias.
 *
 * Every step mirrors the order of PyTorch's tensor operations, one element at
 * a time in float64, and stores parameters and state buffers in float32, as
 * the float32 tensors of a float model hold them. PyTorch rounds to float32
 * after each tensor operation and the gradient it is given differs in the
 * last float32 bits too, so results agree with PyTorch's to float32 rounding
 * (about 1e-7 relative a step), not bit for bit.
 *
 * Weight decay applies to every parameter, the bias included, as it does to
 * every tensor given to a PyTorch optimizer.
 */

/** `torch.optim.SGD(params, lr, momentum, dampening=0, weight_decay, nesterov)`. */
export interface SgdOptions {
  readonly kind: "sgd";
  /** 0 for plain gradient descent; 0 ≤ momentum. */
  readonly momentum: number;
  /** Nesterov momentum; needs momentum > 0, as PyTorch requires. */
  readonly nesterov: boolean;
  /** L2 factor λ added to the gradient: g + λ·p; 0 ≤ λ. */
  readonly weightDecay: number;
}

/** `torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)`, amsgrad off. */
export interface AdamOptions {
  readonly kind: "adam";
  /** 0 ≤ beta1 < 1; PyTorch's default 0.9. */
  readonly beta1: number;
  /** 0 ≤ beta2 < 1; PyTorch's default 0.999. */
  readonly beta2: number;
  /** eps > 0; PyTorch's default 1e-8. */
  readonly eps: number;
  /** L2 added to the gradient (not AdamW's decoupled decay); 0 ≤ λ. */
  readonly weightDecay: number;
}

export type OptimizerOptions = SgdOptions | AdamOptions;

/** Plain gradient descent: what `optim.SGD(params, lr)` does. */
export const plainSgd: SgdOptions = {
  kind: "sgd",
  momentum: 0,
  nesterov: false,
  weightDecay: 0,
};

/**
 * One optimizer step: updates `params` in place from the gradient `grad`
 * (same length, float64, left unchanged) and returns `params`.
 */
export type OptimizerStep = (
  params: Float32Array,
  grad: Float64Array,
) => Float32Array;

/**
 * What an optimizer carries from one step to the next, as plain data (a
 * training that pauses saves it and resumes from it).
 */
export interface OptimizerState {
  /** Steps taken so far. */
  steps: number;
  /** SGD's momentum buffer, or Adam's first moment m; empty when unused. */
  readonly first: Float32Array;
  /** Adam's second moment v; empty for SGD. */
  readonly second: Float32Array;
}

/** The state of `options` before its first step over `size` parameters. */
export function optimizerState(
  options: OptimizerOptions,
  size: number,
): OptimizerState {
  const adam = options.kind === "adam";
  const momentum = adam || options.momentum !== 0;
  return {
    steps: 0,
    first: new Float32Array(momentum ? size : 0),
    second: new Float32Array(adam ? size : 0),
  };
}

/**
 * A step function for `size` parameters under `options` that updates
 * `state` (allocated here when not given: a fresh start). Assumes options
 * validated as their fields say, lr > 0 and size ≥ 1.
 */
export function createOptimizer(
  options: OptimizerOptions,
  lr: number,
  size: number,
  state: OptimizerState = optimizerState(options, size),
): OptimizerStep {
  return options.kind === "sgd"
    ? sgdOptimizer(options, lr, size, state)
    : adamOptimizer(options, lr, size, state);
}

/**
 * `torch.optim.SGD`'s `_single_tensor_sgd`, dampening 0, for each element:
 *
 *     d = g + weight_decay·p                  (if weight_decay ≠ 0)
 *     buf = d on the first step, else buf = momentum·buf + d
 *     d = d + momentum·buf if nesterov, else d = buf   (if momentum ≠ 0)
 *     p = p − lr·d
 */
export function sgdOptimizer(
  options: SgdOptions,
  lr: number,
  size: number,
  state: OptimizerState = optimizerState(options, size),
): OptimizerStep {
  const { momentum, nesterov, weightDecay } = options;
  const buffer = state.first;
  return function sgdStep(params, grad) {
    const first = state.steps === 0;
    for (let j = 0; j < size; j++) {
      let d = grad[j];
      if (weightDecay !== 0) d += weightDecay * params[j];
      if (momentum !== 0) {
        // torch.clone(d_p) on the first step; buf.mul_(momentum).add_(d_p).
        buffer[j] = first ? d : buffer[j] * momentum + d;
        d = nesterov ? d + momentum * buffer[j] : buffer[j];
      }
      params[j] -= lr * d;
    }
    state.steps++;
    return params;
  };
}

/**
 * `torch.optim.Adam`'s `_single_tensor_adam` (amsgrad off), for step t = 1,
 * 2, … and each element:
 *
 *     d = g + weight_decay·p                  (if weight_decay ≠ 0)
 *     m = beta1·m + (1 − beta1)·d             (exp_avg.mul_(beta1).add_(d, alpha=1-beta1))
 *     v = beta2·v + (1 − beta2)·d·d           (exp_avg_sq.mul_(beta2).addcmul_(d, d, value=1-beta2))
 *     bias_correction1 = 1 − beta1^t, bias_correction2 = 1 − beta2^t
 *     step_size = lr / bias_correction1
 *     denom = √v / √bias_correction2 + eps
 *     p = p − step_size · (m / denom)         (param.addcdiv_(m, denom, value=-step_size))
 *
 * The scalars bias_correction1, bias_correction2, step_size and
 * √bias_correction2 are float64, as Python computes them.
 */
export function adamOptimizer(
  options: AdamOptions,
  lr: number,
  size: number,
  state: OptimizerState = optimizerState(options, size),
): OptimizerStep {
  const { beta1, beta2, eps, weightDecay } = options;
  const m = state.first;
  const v = state.second;
  return function adamStep(params, grad) {
    const t = ++state.steps;
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const stepSize = lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (let j = 0; j < size; j++) {
      let d = grad[j];
      if (weightDecay !== 0) d += weightDecay * params[j];
      m[j] = m[j] * beta1 + (1 - beta1) * d;
      v[j] = v[j] * beta2 + (1 - beta2) * d * d;
      const denom = Math.sqrt(v[j]) / biasCorrection2Sqrt + eps;
      params[j] -= stepSize * (m[j] / denom);
    }
    return params;
  };
}
