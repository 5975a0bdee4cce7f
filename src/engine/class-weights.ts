/**
 * Class weights for binary training: a weight per class, turned into a weight
 * per sample, which multiplies that sample's cost and its gradient.
 *
 * The weighted cost is PyTorch's `F.binary_cross_entropy(h, y, weight=w)`
 * with the default reduction 'mean': (1/n)·Σ_i w_i·cost_i, divided by the
 * number of samples n, not by Σ_i w_i (PyTorch multiplies the elementwise
 * loss by the weight, then takes the plain mean). scikit-learn's
 * `LogisticRegression(class_weight=...)` minimises C·Σ_i w_i·cost_i plus its
 * penalty, a sum: the same minimiser as PyTorch's mean without a penalty, a
 * different one with it unless C is scaled by n.
 */

/** `{"0": a, "1": b}`, each > 0, or "balanced". */
export type ClassWeightSpec =
  "balanced" | { readonly "0": number; readonly "1": number };

/**
 * The weight of class 0 and of class 1. "balanced" is scikit-learn's
 * `compute_class_weight("balanced")`: n / (2·n_c) for class c, with n_c its
 * number of samples, in float64.
 *
 * Assumes `y` holds only 0 and 1 and, for "balanced", both (validated by the
 * caller; scikit-learn raises when a class is missing).
 */
export function classWeights(
  spec: ClassWeightSpec,
  y: Float32Array,
): [number, number] {
  if (spec !== "balanced") return [spec["0"], spec["1"]];
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i];
  const n = y.length;
  return [n / (2 * (n - ones)), n / (2 * ones)];
}

/**
 * Writes the weight of each sample's class, rounded to float32 (a float32
 * weight tensor), into `out` (length y.length) and returns it.
 */
export function sampleWeights(
  out: Float32Array,
  y: Float32Array,
  weights: readonly [number, number],
): Float32Array {
  for (let i = 0; i < y.length; i++) out[i] = weights[y[i]];
  return out;
}
