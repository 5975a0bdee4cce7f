/**
 * Trained models in Workers KV: the one module that knows the keys and the
 * stored format.
 *
 * Keys
 * - `model:<name>:v<n>`: version n of a model, written once, never changed.
 * - `head:<name>`: the newest version's number; its KV metadata holds the
 *   summary that `GET /v1/models` lists, so listing reads no weights.
 *
 * A training writes its version key first and moves the head after, so a
 * reader that follows the head only ever finds a complete version. Version
 * numbers and head moves go through the name's `ModelVersions` Durable
 * Object, so racing trainings get distinct versions and the head only moves
 * forward.
 *
 * Format: a version is JSON (`StoredModel`); its weights (final, initial,
 * and standardized with `standardize`) are float32 values, little-endian,
 * base64, 4 bytes per number, exact: w_1..w_d then b for two classes; for a
 * softmax model of K classes (`classes` in the JSON) W row by row (K × d)
 * then b_1..b_K.
 */
import type { Weights } from "../engine/dataset";
import type { BinaryMetrics } from "../engine/metrics";
import type { MulticlassMetrics } from "../engine/multiclass-metrics";
import type { SoftmaxWeights } from "../engine/softmax";
import type { InitSpec } from "../engine/init";
import type { Loss } from "../engine/logistic";
import type {
  ExtendedEpochLog,
  StopReason,
  TrainingChoices,
} from "../engine/train-extended";
import {
  cacheHead,
  cacheVersion,
  cachedHead,
  cachedVersion,
  forgetModel,
} from "./model-cache";
import type { ModelVersions } from "./model-versions";

/** The bindings the store needs: KV for the data, a Durable Object for numbering. */
export interface StoreBindings {
  readonly MODELS: KVNamespace;
  readonly MODEL_VERSIONS: DurableObjectNamespace<ModelVersions>;
}

/** A trained model version as the rest of the service sees it. */
export type ModelVersion = LogisticModelVersion | SoftmaxModelVersion;

/**
 * What every model version has, whatever its number of classes, with the
 * extended options it was trained with recorded as chosen.
 */
interface VersionBase extends TrainingChoices {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  readonly samples: number;
  readonly epochs: number;
  readonly lr: number;
  readonly logEvery: number;
  /** The last logged cost. */
  readonly cost: number;
  /** How training started, as requested (a warm start names its version). */
  readonly init: InitSpec;
  /** Logged epochs; `dataCost` is there when l1 or l2 was set. */
  readonly history: readonly ExtendedEpochLog[];
  /** With early stopping: the last epoch run, the best one and why it ended. */
  readonly stopping?: {
    readonly stoppedAt: number;
    readonly bestEpoch: number;
    readonly reason: StopReason;
  };
  /**
   * With standardize: each feature's float64 mean and scale over the
   * training rows, so x' = (x − mean) / scale.
   */
  readonly standardization?: {
    readonly mean: readonly number[];
    readonly scale: readonly number[];
  };
  readonly createdAt: string;
}

/**
 * A softmax regression over K ≥ 3 classes: `F.cross_entropy` trained by the
 * lab's loop.
 */
export interface SoftmaxModelVersion extends VersionBase {
  /** K, the number of classes: labels are 0..K − 1. */
  readonly classes: number;
  /** Training-set accuracy of the final weights (arg-max class). */
  readonly accuracy: number;
  /** Training-set metrics of the final weights. */
  readonly metrics: MulticlassMetrics;
  readonly validation?: {
    readonly fraction: number;
    readonly seed: number;
    readonly samples: number;
    readonly metrics: MulticlassMetrics;
  };
  /** Final weights in original units: K × d and K biases. */
  readonly weights: SoftmaxWeights;
  /** With standardize: the final weights as trained, in standardized units. */
  readonly standardizedWeights?: SoftmaxWeights;
  /** The weights training started from. */
  readonly initialWeights: SoftmaxWeights;
}

/** The lab's two-class logistic model. */
export interface LogisticModelVersion extends VersionBase {
  /** Absent: two classes (stored versions before softmax models lack it too). */
  readonly classes?: undefined;
  readonly loss: Loss;
  /** Training-set accuracy of the final weights at `threshold`, a fraction. */
  readonly accuracy: number;
  /** The model's default decision threshold: label 1 when h >= threshold. */
  readonly threshold: number;
  /**
   * Training-set metrics of the final weights at `threshold`; the ROC curve
   * thinned to at most 256 points (its AUC is from the full curve).
   */
  readonly metrics: BinaryMetrics;
  /** The held-out rows, when training had a `validation` option. */
  readonly validation?: {
    readonly fraction: number;
    readonly seed: number;
    /** Rows held out (`samples` counts only the rows trained on). */
    readonly samples: number;
    /** Metrics of the final weights on them, at `threshold`. */
    readonly metrics: BinaryMetrics;
  };
  /** Final weights in original units: what prediction uses. */
  readonly weights: Weights;
  /** With standardize: the final weights as trained, in standardized units. */
  readonly standardizedWeights?: Weights;
  /** The weights training started from, so the training can be replayed. */
  readonly initialWeights: Weights;
}

/** A model version before the store has numbered it (of either kind). */
export type NewModelVersion = Unnumbered<ModelVersion>;

/** `V` without what `saveModel` adds, kept apart for each kind of version. */
type Unnumbered<V> = V extends unknown
  ? Omit<V, "version" | "createdAt">
  : never;

/** What listing shows of a model without reading its weights. */
export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  /** K for a softmax model; absent for two classes. */
  readonly classes?: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly createdAt: string;
}

/** What the head key's KV metadata holds. */
export type HeadMetadata = Omit<ModelSummary, "name">;

type StoredModel = (
  | Omit<
      LogisticModelVersion,
      "weights" | "initialWeights" | "standardizedWeights"
    >
  | Omit<
      SoftmaxModelVersion,
      "weights" | "initialWeights" | "standardizedWeights"
    >
) & {
  readonly format: 1;
  /** base64 of float32 little-endian [w_1..w_d, b] (or [W, b] for K classes). */
  readonly weights: string;
  /** The same for the starting weights. */
  readonly initialWeights: string;
  /** The same for the standardized-unit weights, with standardize. */
  readonly standardizedWeights?: string;
};

/** The key of version `version` of model `name`. */
export function versionKey(name: string, version: number): string {
  return `${versionPrefix(name)}${version}`;
}

/** The prefix of every version key of model `name`. */
export function versionPrefix(name: string): string {
  return `model:${name}:v`;
}

/** The key that points at the newest version of model `name`. */
export function headKey(name: string): string {
  return `head:${name}`;
}

const HEAD_PREFIX = "head:";

/** Stores `model` as the next version of its name and moves the head to it. */
export async function saveModel(
  store: StoreBindings,
  model: NewModelVersion,
  now: Date = new Date(),
): Promise<ModelVersion> {
  const versions = store.MODEL_VERSIONS.getByName(model.name);
  const version = await versions.allocate(model.name);
  const saved = {
    ...model,
    version,
    createdAt: now.toISOString(),
  } as ModelVersion;
  await store.MODELS.put(
    versionKey(saved.name, version),
    JSON.stringify(storedForm(saved)),
  );
  cacheVersion(versionKey(saved.name, version), saved);
  await versions.publish(saved.name, version, {
    version,
    features: saved.features,
    ...(saved.classes !== undefined && { classes: saved.classes }),
    samples: saved.samples,
    accuracy: saved.accuracy,
    createdAt: saved.createdAt,
  });
  if ((cachedHead(saved.name) ?? 0) < version) cacheHead(saved.name, version);
  return saved;
}

/** A version as KV holds it: its weights encoded. */
function storedForm(model: ModelVersion): StoredModel {
  if (model.classes !== undefined) {
    const { standardizedWeights, ...others } = model;
    return {
      ...others,
      format: 1,
      weights: encodeSoftmaxWeights(model.weights),
      initialWeights: encodeSoftmaxWeights(model.initialWeights),
      ...(standardizedWeights && {
        standardizedWeights: encodeSoftmaxWeights(standardizedWeights),
      }),
    };
  }
  const { standardizedWeights, ...others } = model;
  return {
    ...others,
    format: 1,
    weights: encodeWeights(model.weights),
    initialWeights: encodeWeights(model.initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: encodeWeights(standardizedWeights),
    }),
  };
}

/** The version `stored` holds, its weights decoded. */
function versionOf(stored: StoredModel): ModelVersion {
  const { features } = stored;
  if (stored.classes !== undefined) {
    const {
      format: _format,
      standardizedWeights: standardized,
      ...model
    } = stored;
    const { classes } = stored;
    return {
      ...model,
      weights: decodeSoftmaxWeights(stored.weights, classes, features),
      initialWeights: decodeSoftmaxWeights(
        stored.initialWeights,
        classes,
        features,
      ),
      ...(standardized !== undefined && {
        standardizedWeights: decodeSoftmaxWeights(
          standardized,
          classes,
          features,
        ),
      }),
    };
  }
  const {
    format: _format,
    standardizedWeights: standardized,
    ...model
  } = stored;
  return {
    ...model,
    weights: decodeWeights(stored.weights, features),
    initialWeights: decodeWeights(stored.initialWeights, features),
    ...(standardized !== undefined && {
      standardizedWeights: decodeWeights(standardized, features),
    }),
  };
}

/** The newest version of `name`, or the given version; null when absent. */
export async function loadModel(
  store: StoreBindings,
  name: string,
  version?: number,
): Promise<ModelVersion | null> {
  const head = await readHead(store.MODELS, name);
  if (head === null) return null;
  const v = version ?? head;
  // A version above the head is not published (as far as this isolate knows).
  if (v > head) return null;
  const key = versionKey(name, v);
  const cached = cachedVersion(key);
  if (cached !== undefined) return cached;
  const stored = await store.MODELS.get<StoredModel>(key, "json");
  if (stored === null) return null;
  const model = versionOf(stored);
  cacheVersion(key, model);
  return model;
}

/** One page of model summaries, in name order, and the cursor of the next. */
export async function listModels(
  store: StoreBindings,
  limit: number,
  cursor?: string,
): Promise<{ models: ModelSummary[]; cursor: string | null }> {
  const page = await store.MODELS.list<HeadMetadata>({
    prefix: HEAD_PREFIX,
    limit,
    cursor,
  });
  const models: ModelSummary[] = [];
  for (const key of page.keys) {
    if (key.metadata) {
      models.push({
        name: key.name.slice(HEAD_PREFIX.length),
        ...key.metadata,
      });
    }
  }
  return { models, cursor: page.list_complete ? null : page.cursor };
}

/**
 * Deletes model `name` and every version of it: the head first, so readers
 * stop finding the model before its versions disappear.
 *
 * @returns false when there was no such model
 */
export async function deleteModel(
  store: StoreBindings,
  name: string,
): Promise<boolean> {
  const removed = await store.MODEL_VERSIONS.getByName(name).remove(name);
  forgetModel(name, versionPrefix(name));
  return removed;
}

/** The head of `name`, from the isolate's cache while it is fresh. */
async function readHead(kv: KVNamespace, name: string): Promise<number | null> {
  const cached = cachedHead(name);
  if (cached !== undefined) return cached;
  const head = await kv.get(headKey(name));
  const version = head === null ? null : Number(head);
  cacheHead(name, version);
  return version;
}

/** Float32 weights and bias -> base64 of their little-endian bytes. */
export function encodeWeights(weights: Weights): string {
  return encodeFloats(weights.w, [weights.b]);
}

/** The inverse of `encodeWeights` for a model with `features` weights. */
export function decodeWeights(encoded: string, features: number): Weights {
  const values = decodeFloats(encoded, features + 1);
  return { w: values.slice(0, features), b: values[features] };
}

/** Softmax weights W (K × d) then b (K) -> base64 of their little-endian bytes. */
export function encodeSoftmaxWeights(weights: SoftmaxWeights): string {
  return encodeFloats(weights.w, weights.b);
}

/** The inverse of `encodeSoftmaxWeights` for K classes over d features. */
export function decodeSoftmaxWeights(
  encoded: string,
  classes: number,
  features: number,
): SoftmaxWeights {
  const values = decodeFloats(encoded, classes * (features + 1));
  const split = classes * features;
  return { w: values.slice(0, split), b: values.slice(split) };
}

/** `first` then `second` as float32 little-endian bytes, base64. */
function encodeFloats(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
): string {
  const view = new DataView(
    new ArrayBuffer(4 * (first.length + second.length)),
  );
  for (let q = 0; q < first.length; q++) view.setFloat32(4 * q, first[q], true);
  for (let q = 0; q < second.length; q++) {
    view.setFloat32(4 * (first.length + q), second[q], true);
  }
  let binary = "";
  for (let i = 0; i < view.byteLength; i++) {
    binary += String.fromCharCode(view.getUint8(i));
  }
  return btoa(binary);
}

/** `count` float32 values from what `encodeFloats` made. */
function decodeFloats(encoded: string, count: number): Float32Array {
  const binary = atob(encoded);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) {
    view.setUint8(i, binary.charCodeAt(i));
  }
  const values = new Float32Array(count);
  for (let q = 0; q < count; q++) values[q] = view.getFloat32(4 * q, true);
  return values;
}
