/**
 * The weights of the one model of the service: a linear map of d features to
 * K outputs, `nn.Linear(d, K)`, whatever the number of classes (one output,
 * the lab's sigmoid, for two classes; one per class, a softmax, for more:
 * linear-model.ts).
 */

/**
 * The weights of a linear model with K outputs over d features, float32 as
 * `nn.Linear(d, K)` holds them.
 */
export interface LinearWeights {
  /** K × d, row-major: W_kj = w[k·d + j], the layout of `nn.Linear(d, K).weight`. */
  readonly w: Float32Array;
  /** One bias per output; its length is K. */
  readonly b: Float32Array;
}

/** K for a model of `classes` classes: 1 for two (one sigmoid), else one per class. */
export function outputsFor(classes: number): number {
  return classes === 2 ? 1 : classes;
}

/** Zero weights for `outputs` outputs over `cols` features: the lab's `torch.zeros`. */
export function zeroWeights(outputs: number, cols: number): LinearWeights {
  return { w: new Float32Array(outputs * cols), b: new Float32Array(outputs) };
}

/**
 * The parameters [W, b] of `weights` as one float32 vector, the layout the
 * training loop updates (the weights first, so a penalty takes a prefix).
 */
export function paramsOf(weights: LinearWeights): Float32Array {
  const params = new Float32Array(weights.w.length + weights.b.length);
  params.set(weights.w);
  params.set(weights.b, weights.w.length);
  return params;
}

/** Weights holding a copy of `params` for `outputs` outputs. */
export function weightsOf(
  params: Float32Array,
  outputs: number,
): LinearWeights {
  const split = params.length - outputs;
  return { w: params.slice(0, split), b: params.slice(split) };
}

/** One output's weights (d of them) and its bias. */
export interface RowWeights {
  readonly w: Float32Array;
  readonly b: number;
}

/** Output k's row of weights (a view) and its bias. */
export function outputRow(weights: LinearWeights, k: number): RowWeights {
  const d = weights.w.length / weights.b.length;
  return { w: weights.w.subarray(k * d, (k + 1) * d), b: weights.b[k] };
}
