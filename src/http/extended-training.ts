/**
 * The extended options (standardize, l1, l2, batchSize, optimizer,
 * earlyStopping, classWeights) between a request and the engine, for either
 * kind of model: what they need from the training rows, and what a stored
 * version records of what they did.
 */
import { classWeights, sampleWeights } from "../engine/class-weights";
import type { Dataset } from "../engine/dataset";
import { featureStats, type FeatureStats } from "../engine/standardize";
import type { LinearTrainResult } from "../engine/train-extended";
import { OptionError } from "../errors";
import type { TrainingOptions } from "../input/train-options";

/** The engine's inputs that come from the training rows. */
export interface ExtendedInputs {
  readonly standardize?: FeatureStats;
  readonly sampleWeights?: Float32Array;
}

/**
 * The standardization statistics and the sample weights of `options`, from
 * the training rows (after any validation split) of a model of `classes`
 * classes.
 *
 * @throws OptionError when classWeights "balanced" finds a class without rows
 */
export function extendedInputs(
  training: Dataset,
  options: TrainingOptions,
  classes: number,
): ExtendedInputs {
  const { rows, cols, y } = training;
  const spec = options.classWeights;
  const weights = spec && classWeights(spec, y, classes);
  // "balanced" divides by each class's count: a class without rows has an
  // infinite weight (explicit weights are finite by validation).
  const missing = weights?.findIndex((w) => !Number.isFinite(w)) ?? -1;
  if (missing !== -1) {
    const where = options.validation
      ? `the ${rows} rows validation leaves for training`
      : `the ${rows} training rows`;
    throw new OptionError(
      `classWeights "balanced" needs every class among ${where}, got no row of class ${missing}`,
    );
  }
  return {
    ...(options.standardize && {
      standardize: featureStats(training.x, rows, cols),
    }),
    ...(weights && {
      sampleWeights: sampleWeights(new Float32Array(rows), y, weights),
    }),
  };
}

/** What a stored version keeps of an extended training, beside its weights. */
export interface ExtendedRecord<W> {
  readonly standardizedWeights?: W;
  readonly stopping?: {
    readonly stoppedAt: number;
    readonly bestEpoch: number;
    readonly reason: "no_improvement" | "completed";
  };
  readonly standardization?: {
    readonly mean: readonly number[];
    readonly scale: readonly number[];
  };
}

/** The record of `result`, trained with `inputs`. */
export function extendedRecord<W>(
  result: LinearTrainResult<W>,
  inputs: ExtendedInputs,
): ExtendedRecord<W> {
  const { standardizedWeights, stoppedAt, bestEpoch, reason } = result;
  const stats = inputs.standardize;
  return {
    ...(standardizedWeights && { standardizedWeights }),
    ...(stats && {
      standardization: {
        mean: Array.from(stats.mean),
        scale: Array.from(stats.scale),
      },
    }),
    ...(stoppedAt !== undefined &&
      bestEpoch !== undefined &&
      reason !== undefined && { stopping: { stoppedAt, bestEpoch, reason } }),
  };
}
