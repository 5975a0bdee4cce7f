/**
 * A trained model as the engine hands it to storage, before it is stored
 * (src/domain/model-version.ts adds what a version adds), and where its
 * training started: what `fitModel` and a job's `finishShardTraining` give.
 */
import type { ClassValue } from "./class-values";
import type { EpochLog } from "./epoch-history";
import type { StopReason } from "./fit-state";
import type { InitSpec, LocalInitSpec } from "./init";
import type { ModelMetrics } from "./linear-model";
import type {
  ModelOptions,
  TrainingChoices,
  ValidationOption,
} from "./model-options";
import type { ModelScores } from "./row-scores";
import type { TrainingWarning } from "./warnings";
import type { LinearWeights } from "./weights";

/**
 * Where a training starts: `init` as the options give it, or, for a warm
 * start, the version it resolved to and that version's weights.
 */
export type StartingPoint =
  | { readonly init: LocalInitSpec }
  | {
      readonly init: { readonly model: string; readonly version: number };
      readonly weights: LinearWeights;
    };

/** A trained model and the record of its training, before it is stored. */
export interface FittedModel extends TrainingChoices {
  readonly features: number;
  /** Rows trained on (held-out rows are not counted). */
  readonly samples: number;
  /** 2 (one sigmoid output) or K ≥ 3 (a softmax over K outputs). */
  readonly classes: number;
  /** What each class index stands for; with two, index 1 is the positive class. */
  readonly classValues: readonly ClassValue[];
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  /** Two classes only: the cost minimised (many minimise the cross-entropy). */
  readonly loss?: ModelOptions["loss"];
  /** Two classes only: label 1 when h ≥ threshold. */
  readonly threshold?: number;
  /** How training started (a warm start names its version). */
  readonly init: InitSpec;
  /** Logged iterations; `dataCost` is there when training had a penalty. */
  readonly history: readonly EpochLog[];
  /** The last logged cost. */
  readonly cost: number;
  /** Training-set accuracy of the final weights (at `threshold` for two classes). */
  readonly accuracy: number;
  /** Training-set metrics of the final weights. */
  readonly metrics: ModelMetrics;
  /** The held-out rows, when the options asked for some. */
  readonly validation?: ValidationOption & {
    /** Rows held out (`samples` counts only the rows trained on). */
    readonly samples: number;
    readonly metrics: ModelMetrics;
  };
  /** With early stopping: the last epoch run, the best one and why it ended. */
  readonly stopping?: {
    readonly stoppedAt: number;
    readonly bestEpoch: number;
    readonly reason: StopReason;
  };
  /** With standardize: each feature's float64 mean and scale over the training rows. */
  readonly standardization?: {
    readonly mean: readonly number[];
    readonly scale: readonly number[];
  };
  /** Final weights in original units: what prediction uses. */
  readonly weights: LinearWeights;
  /** With standardize: the final weights as trained, in standardized units. */
  readonly standardizedWeights?: LinearWeights;
  /** The weights training started from, so the training can be replayed. */
  readonly initialWeights: LinearWeights;
  /**
   * Two classes only: each set of rows' exact score curve and calibration,
   * for the thresholds a person chooses; absent in versions stored before.
   */
  readonly scores?: ModelScores;
  /**
   * What the user must be told about the model (warnings.ts): the input's
   * first, then the training's. They change none of the numbers above.
   */
  readonly warnings: readonly TrainingWarning[];
}
