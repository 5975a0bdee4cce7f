/**
 * Where training starts: the `init` choices and the weights they stand for.
 *
 * The spec is kept in the JSON shape a user sends, so a stored model can say
 * how it started and any training can be replayed.
 */
import { zeroWeights, type Weights } from "./dataset";
import { zeroSoftmaxWeights, type SoftmaxWeights } from "./softmax";
import { torchLinearInit, torchLinearLayer } from "./torch-init";

/**
 * - `"zeros"`: w = 0, b = 0, as the lab's low-level sections start.
 * - `{torch: {seed}}`: what `torch.manual_seed(seed); nn.Linear(d, 1)` gives
 *   (`nn.Linear(d, K)` for K classes).
 * - `{w, b}`: explicit starting weights: d numbers and a bias, or for K
 *   classes K rows of d numbers and K biases.
 * - `{model, version}`: the weights of a stored model (a warm start); the
 *   caller resolves it, since the engine does not know the store.
 */
export type InitSpec =
  | "zeros"
  | { torch: { seed: number } }
  | { w: number[]; b: number }
  | { w: number[][]; b: number[] }
  | { model: string; version?: number };

/** An init the engine can turn into weights without a model store. */
export type LocalInitSpec = Exclude<InitSpec, { model: string }>;

/** True when `init` starts from a stored model. */
export function isWarmStart(
  init: InitSpec,
): init is { model: string; version?: number } {
  return typeof init === "object" && "model" in init;
}

/**
 * The starting weights for `cols` features. `{w, b}` must already have
 * `cols` weights (validated with the request).
 */
export function startingWeights(init: LocalInitSpec, cols: number): Weights {
  if (init === "zeros") return zeroWeights(cols);
  if ("torch" in init) return torchLinearInit(cols, init.torch.seed);
  if (typeof init.b !== "number") {
    throw new Error("init.w has a row per class: not a two-class model");
  }
  return { w: Float32Array.from(init.w.flat()), b: Math.fround(init.b) };
}

/**
 * The starting weights of a softmax model of `classes` classes over `cols`
 * features. `{w, b}` must already have `classes` rows of `cols` weights and
 * `classes` biases (validated with the request).
 */
export function startingSoftmaxWeights(
  init: LocalInitSpec,
  classes: number,
  cols: number,
): SoftmaxWeights {
  if (init === "zeros") return zeroSoftmaxWeights(classes, cols);
  if ("torch" in init) return torchLinearLayer(cols, classes, init.torch.seed);
  if (typeof init.b === "number") {
    throw new Error("init.w has no row per class: a two-class model");
  }
  return { w: Float32Array.from(init.w.flat()), b: Float32Array.from(init.b) };
}
