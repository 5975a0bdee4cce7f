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
 * and standardized with `standardize`) are the float32 values w_1..w_d then b, little-endian, base64: 4 bytes per
 * number, exact.
 */
import type { Weights } from "../engine/dataset";
import type { BinaryMetrics } from "../engine/metrics";
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

/**
 * A trained model version as the rest of the service sees it, with the
 * extended options it was trained with recorded as chosen.
 */
export interface ModelVersion extends TrainingChoices {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  readonly samples: number;
  readonly epochs: number;
  readonly lr: number;
  readonly loss: Loss;
  readonly logEvery: number;
  /** Logged epochs; `dataCost` is there when l1 or l2 was set. */
  readonly history: readonly ExtendedEpochLog[];
  /** The last logged cost. */
  readonly cost: number;
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
  /** Final weights in original units: what prediction uses. */
  readonly weights: Weights;
  /** With standardize: the final weights as trained, in standardized units. */
  readonly standardizedWeights?: Weights;
  /** How training started, as requested (a warm start names its version). */
  readonly init: InitSpec;
  /** The weights training started from, so the training can be replayed. */
  readonly initialWeights: Weights;
  readonly createdAt: string;
}

/** A model version before the store has numbered it. */
export type NewModelVersion = Omit<ModelVersion, "version" | "createdAt">;

/** What listing shows of a model without reading its weights. */
export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly createdAt: string;
}

/** What the head key's KV metadata holds. */
export type HeadMetadata = Omit<ModelSummary, "name">;

interface StoredModel extends Omit<
  ModelVersion,
  "weights" | "initialWeights" | "standardizedWeights"
> {
  readonly format: 1;
  /** base64 of float32 little-endian [w_1..w_d, b]. */
  readonly weights: string;
  /** The same for the starting weights. */
  readonly initialWeights: string;
  /** The same for the standardized-unit weights, with standardize. */
  readonly standardizedWeights?: string;
}

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
  const saved: ModelVersion = {
    ...model,
    version,
    createdAt: now.toISOString(),
  };
  const { standardizedWeights, ...others } = saved;
  const stored: StoredModel = {
    ...others,
    format: 1,
    weights: encodeWeights(saved.weights),
    initialWeights: encodeWeights(saved.initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: encodeWeights(standardizedWeights),
    }),
  };
  await store.MODELS.put(
    versionKey(saved.name, version),
    JSON.stringify(stored),
  );
  cacheVersion(versionKey(saved.name, version), saved);
  await versions.publish(saved.name, version, {
    version,
    features: saved.features,
    samples: saved.samples,
    accuracy: saved.accuracy,
    createdAt: saved.createdAt,
  });
  if ((cachedHead(saved.name) ?? 0) < version) cacheHead(saved.name, version);
  return saved;
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
  const { format: _format, weights, initialWeights, ...rest } = stored;
  const { standardizedWeights: standardized, ...others } = rest;
  const model: ModelVersion = {
    ...others,
    weights: decodeWeights(weights, stored.features),
    initialWeights: decodeWeights(initialWeights, stored.features),
    ...(standardized !== undefined && {
      standardizedWeights: decodeWeights(standardized, stored.features),
    }),
  };
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
  const d = weights.w.length;
  const view = new DataView(new ArrayBuffer(4 * (d + 1)));
  for (let j = 0; j < d; j++) view.setFloat32(4 * j, weights.w[j], true);
  view.setFloat32(4 * d, weights.b, true);
  let binary = "";
  for (let i = 0; i < view.byteLength; i++) {
    binary += String.fromCharCode(view.getUint8(i));
  }
  return btoa(binary);
}

/** The inverse of `encodeWeights` for a model with `features` weights. */
export function decodeWeights(encoded: string, features: number): Weights {
  const binary = atob(encoded);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++)
    view.setUint8(i, binary.charCodeAt(i));
  const w = new Float32Array(features);
  for (let j = 0; j < features; j++) w[j] = view.getFloat32(4 * j, true);
  return { w, b: view.getFloat32(4 * features, true) };
}
