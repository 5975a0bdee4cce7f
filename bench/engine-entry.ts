/**
 * The engine as `npm run bench` times it: the function a training request
 * calls (`fitModel`: train, then the cost, accuracy and metrics at the
 * returned weights), with the options the request's defaults give
 * (`readTrainingOptions`: loss "bce", zero start, threshold 0.5) beside the
 * epochs, lr and logEvery a workload sets; and, to show what the metrics
 * add, the training alone followed by the engine's pass for the cost and
 * accuracy at the returned weights, the work the C loop does. Bundled by
 * bench/run.mjs with esbuild and the engine's WebAssembly, as the Worker
 * ships it.
 */
import type { Dataset } from "../src/engine/dataset";
import { lastCost } from "../src/engine/epoch-history";
import { fitModel, type FittedModel } from "../src/engine/fit-model";
import { releaseKernelMemory } from "../src/engine/kernel";
// For bench/window-sweep.mjs, which sizes the window of rows over the bound.
export {
  releaseKernelMemory,
  setKernelMemoryBound,
} from "../src/engine/kernel";
import { linearPasses } from "../src/engine/linear-model";
import { trainLinear } from "../src/engine/train";
import { paramsOf, zeroWeights } from "../src/engine/weights";
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

/**
 * The loss a request gets by default, read once: the C loop reads its
 * options (argv, and each round's logEvery line) outside its timer, so the
 * training it is compared with does not time reading options either. A
 * whole request (`trainAsRequest`) still reads them.
 */
const DEFAULT_LOSS = readTrainingOptions({}, false).loss;

/** The last logged cost, and the mean cost and accuracy at the returned weights. */
export interface TrainingCosts {
  readonly cost: number;
  readonly finalCost: number;
  readonly accuracy: number;
}

/**
 * One training of `data` as `trainAsRequest` runs it, without the metrics
 * and without reading options (`DEFAULT_LOSS`): `trainLinear`, then the
 * cost and accuracy at the returned weights from the engine's own pass
 * over the rows (`LinearPasses.totals`, which reads the rows the training
 * copied into the kernel), then the kernel's memory bounded as a request
 * leaves it.
 *
 * @throws TrainingDivergedError when a cost or weight stops being finite
 */
export function trainAndMeasure(
  data: Dataset,
  { epochs, lr, logEvery, classes }: BenchOptions,
): TrainingCosts {
  const outputs = classes === 2 ? 1 : classes;
  const fit = trainLinear(data, {
    epochs,
    lr,
    logEvery,
    loss: DEFAULT_LOSS,
    initial: zeroWeights(outputs, data.cols),
  });
  const params = paramsOf(fit.weights);
  const totals = { cost: 0, correct: 0 };
  linearPasses(params, outputs, data.cols, DEFAULT_LOSS).totals(
    totals,
    data,
    null,
  );
  // As a request leaves it (fit-model.ts): within kernel.ts's bound.
  releaseKernelMemory();
  return {
    cost: lastCost(fit.history)!,
    finalCost: totals.cost / data.rows,
    accuracy: totals.correct / data.rows,
  };
}
