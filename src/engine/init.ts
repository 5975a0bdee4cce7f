/**
 * Where training starts: the `init` choices and the weights they stand for.
 *
 * The spec is kept in the JSON shape a user sends, so a stored model can say
 * how it started and any training can be replayed.
 */
import { torchLinearLayer } from "./torch-init";
import { zeroWeights, type LinearWeights } from "./weights";

/**
 * - `"zeros"`: w = 0, b = 0, as the lab's low-level sections start.
 * - `{torch: {seed}}`: what `torch.manual_seed(seed); nn.Linear(d, 1)` gives
 *   (`nn.Linear(d, K)` for K classes).
 * - `{w, b}`: explicit starting weights: d numbers and a bias, or for K
 *   classes K rows of d numbers and K biases.
 * - `{model, version}`: the weights of a stored model (a warm start), at a
 *   version number or an alias; the caller resolves it, since the engine
 *   does not know the store.
 */
export type InitSpec =
  | "zeros"
  | { torch: { seed: number } }
  | { w: number[]; b: number }
  | { w: number[][]; b: number[] }
  | { model: string; version?: VersionRef };

/**
 * Which stored version of a model a read asks for: a version number, or
 * the name of an alias (never all digits, so the two cannot be confused).
 * A read that asks for none gets the default its caller picks: the
 * version the alias `serving` names, or the newest.
 */
export type VersionRef = number | string;

/** An init the engine can turn into weights without a model store. */
export type LocalInitSpec = Exclude<InitSpec, { model: string }>;

/** A warm start: the weights of a stored version. */
export type WarmStartSpec = Extract<InitSpec, { model: string }>;

/** True when `init` starts from a stored model. */
export function isWarmStart(init: InitSpec): init is WarmStartSpec {
  return typeof init === "object" && "model" in init;
}

/**
 * The starting weights of a model of `outputs` outputs over `cols`
 * features. `{w, b}` must already have `outputs` rows of `cols` weights (or
 * one row and a bias, for one output), validated with the request.
 */
export function startingWeights(
  init: LocalInitSpec,
  outputs: number,
  cols: number,
): LinearWeights {
  if (init === "zeros") return zeroWeights(outputs, cols);
  if ("torch" in init) return torchLinearLayer(cols, outputs, init.torch.seed);
  return {
    w: Float32Array.from(init.w.flat()),
    b: Float32Array.of(...[init.b].flat()),
  };
}
