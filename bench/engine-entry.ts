/**
 * The engine as `npm run bench` times it: the function a training request
 * calls (`fitModel`: train, then the cost, accuracy and metrics at the
 * returned weights), with the options the request's defaults give
 * (`readTrainingOptions`: loss "bce", zero start, threshold 0.5) beside the
 * epochs, lr and logEvery a workload sets. Bundled by bench/run.mjs with
 * esbuild and the engine's WebAssembly, as the Worker ships it.
 */
import type { Dataset } from "../src/engine/dataset";
import { fitModel, type FittedModel } from "../src/engine/fit-model";
import { readTrainingOptions } from "../src/input/train-options";

/** What a workload sets; everything else is the service's default. */
export interface BenchOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  /** 2 for the lab's sigmoid, K ≥ 3 for a softmax over K classes. */
  readonly classes: number;
}

/**
 * One training of `data` (labels 0..classes − 1) as a request runs it.
 *
 * @throws TrainingDivergedError when a cost or weight stops being finite
 */
export function trainAsRequest(
  data: Dataset,
  { epochs, lr, logEvery, classes }: BenchOptions,
): FittedModel {
  const options = readTrainingOptions({ epochs, lr, logEvery }, false);
  return fitModel(data, { ...options, classes }, { init: "zeros" });
}
