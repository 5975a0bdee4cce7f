/**
 * Class weights: a weight per class, turned into a weight per sample, which
 * multiplies that sample's cost and its gradient.
 *
 * The weighted cost is PyTorch's `F.binary_cross_entropy(h, y, weight=w)`
 * with the default reduction 'mean': (1/n)·Σ_i w_i·cost_i, divided by the
 * number of samples n, not by Σ_i w_i (PyTorch multiplies the elementwise
 * loss by the weight, then takes the plain mean). With many classes it is the
 * same mean of `F.cross_entropy(z, y, reduction="none")` times the weights;
 * `F.cross_entropy(weight=...)` would divide by Σ_i w_i instead.
 * scikit-learn's `LogisticRegression(class_weight=...)` minimises
 * C·Σ_i w_i·cost_i plus its penalty, a sum: the same minimiser as PyTorch's
 * mean without a penalty, a different one with it unless C is scaled by n.
 */
import { classKey, indexClasses, type ClassValue } from "./class-values";

/**
 * A weight (> 0) per class, keyed by the class (`classKey`: "0", "1", "yes",
 * "true"...), or "balanced".
 */
export type ClassWeightSpec = "balanced" | { readonly [label: string]: number };

/**
 * The weight of each class 0..classes − 1. "balanced" is scikit-learn's
 * `compute_class_weight("balanced")`: n / (K·n_c) for class c, with n_c its
 * number of samples, in float64.
 *
 * Assumes `y` holds classes 0..classes − 1 and a spec a weight for each,
 * keyed by `classKey` of the class values (`values`; 0..classes − 1 when
 * absent), all validated by the caller. With "balanced", a class no label
 * has gets an infinite weight, where scikit-learn raises: the caller
 * refuses it.
 */
export function classWeights(
  spec: ClassWeightSpec,
  y: Float32Array,
  classes = 2,
  values: readonly ClassValue[] = indexClasses(classes),
): number[] {
  return classWeightsOfCounts(spec, classCounts(y, classes), values);
}

/**
 * `classWeights` from each class's count of training rows (`classCounts`,
 * added up over a dataset's shards): n / (K·n_c) for "balanced", n = Σ n_c.
 */
export function classWeightsOfCounts(
  spec: ClassWeightSpec,
  counts: readonly number[],
  values: readonly ClassValue[] = indexClasses(counts.length),
): number[] {
  if (spec !== "balanced") return values.map((v) => spec[classKey(v)]);
  let rows = 0;
  for (const count of counts) rows += count;
  return counts.map((count) => rows / (counts.length * count));
}

/**
 * How many of the labels `y` are each class 0..classes − 1, added into
 * `counts` when given (a shard after another), and returned.
 */
export function classCounts(
  y: Float32Array,
  classes: number,
  counts = new Array<number>(classes).fill(0),
): number[] {
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

/**
 * Writes the weight of each sample's class, rounded to float32 (a float32
 * weight tensor), into `out` (length y.length) and returns it.
 */
export function sampleWeights(
  out: Float32Array,
  y: Float32Array,
  weights: readonly number[],
): Float32Array {
  for (let i = 0; i < y.length; i++) out[i] = weights[y[i]];
  return out;
}
