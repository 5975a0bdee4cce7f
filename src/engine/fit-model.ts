/**
 * One training as the service stores it, from validated rows and options to
 * the trained model and what it records: hold out the validation rows,
 * derive what the options need from the training rows (standardization,
 * sample weights), train, and measure the final weights on both parts. A
 * pure function: a Worker's request calls it; a Workflow's job runs the
 * same parts over a dataset's shards (split.ts's membership, the
 * training rows' feature stats and class counts, train.ts's start and outcome,
 * epoch-parts.ts's iterations, final-pass.ts, finish-fit.ts).
 */
import { indexClasses } from "./class-values";
import {
  classCounts,
  classWeightsOfCounts,
  sampleWeights,
} from "./class-weights";
import type { Dataset } from "./dataset";
import { addFinalRows, finalPass } from "./final-pass";
import { finishFit } from "./finish-fit";
import type { FittedModel, StartingPoint } from "./fitted-model";
import { startingWeights } from "./init";
import { releaseKernelMemory } from "./kernel";
import { fitOptionsOf, type ModelOptions } from "./model-options";
import { splitPart, validationMembership } from "./split";
import { featureStats } from "./standardize";
import { trainLinear } from "./train";
import type { TrainingWarning } from "./warnings";
import { outputsFor } from "./weights";

export type { FittedModel, StartingPoint } from "./fitted-model";

/**
 * Trains on `dataset` as `options` say, from `start`.
 *
 * `inputWarnings` are what reading the request decided (such as whether a
 * CSV's first row was a header): they come first in the model's warnings.
 *
 * Assumes what src/input checks: labels are classes 0..classes − 1, a split
 * leaves rows on both sides, "balanced" class weights find every class
 * among the training rows, explicit or warm-start weights fit the classes
 * and features.
 *
 * @throws TrainingDivergedError when a cost or a weight stops being finite,
 *   or any number the model would hold is not (finite-model.ts)
 */
export function fitModel(
  dataset: Dataset,
  options: ModelOptions,
  start: StartingPoint,
  inputWarnings: readonly TrainingWarning[] = [],
): FittedModel {
  const {
    validation: held,
    classes,
    classValues = indexClasses(classes),
    standardize,
    classWeights: perClassSpec,
  } = options;
  const { cols } = dataset;
  const outputs = outputsFor(classes);
  const membership =
    held && validationMembership(dataset.y, held.fraction, held.seed);
  const training = membership ? splitPart(dataset, membership, 0) : dataset;
  const validation = membership ? splitPart(dataset, membership, 1) : undefined;
  const stats = standardize
    ? featureStats(training.x, training.rows, cols)
    : undefined;
  const perClass =
    perClassSpec &&
    classWeightsOfCounts(
      perClassSpec,
      classCounts(training.y, classes),
      classValues,
    );
  const initialWeights =
    "weights" in start
      ? start.weights
      : startingWeights(start.init, outputs, cols);
  const perRow =
    perClass &&
    sampleWeights(new Float32Array(training.rows), training.y, perClass);
  // The rows the training copied into the kernel stay there for the
  // final pass to read; then the isolate keeps no more than kernel.ts's
  // bound.
  try {
    const outcome = trainLinear(training, {
      ...fitOptionsOf(options),
      initial: initialWeights,
      validation,
      ...(stats && { standardize: stats }),
      ...(perRow && { sampleWeights: perRow }),
    });
    // A request's rows (at most limits.ts's maxRows, one body) keep the
    // exact metrics whatever their number: its numbers never depend on it.
    const pass = finalPass(
      outputs,
      cols,
      training.rows,
      validation?.rows ?? 0,
      options.threshold,
      Infinity,
    );
    addFinalRows(
      pass,
      outcome.weights,
      { data: training, weights: perRow ?? null },
      validation,
    );
    return finishFit(pass, {
      options,
      start,
      initialWeights,
      outcome,
      ...(stats && { stats }),
      inputWarnings,
    });
  } finally {
    releaseKernelMemory();
  }
}
