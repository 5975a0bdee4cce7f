/**
 * Trained models in Workers KV: saving, loading, listing and deleting
 * versions. The keys are keys.ts's, the stored form weights-codec.ts's.
 *
 * A training writes its version key first and moves the head after, so a
 * reader that follows the head only ever finds a complete version. Version
 * numbers and head moves go through the name's `ModelVersions` Durable
 * Object, so racing trainings get distinct versions and the head only moves
 * forward.
 */
import {
  classesField,
  type HeadMetadata,
  type ModelSummary,
  type ModelVersion,
  type NewModelVersion,
} from "../domain/model-version";
import { isWarmStart, type InitSpec } from "../engine/init";
import { HEAD_PREFIX, headKey, versionKey, versionPrefix } from "./keys";
import {
  cacheHead,
  cacheVersion,
  cachedHead,
  cachedVersion,
  forgetModel,
} from "./model-cache";
import type { ModelVersions } from "./model-versions";
import { storedForm, versionOf, type StoredModel } from "./weights-codec";

/** The bindings the store needs: KV for the data, a Durable Object for numbering. */
export interface StoreBindings {
  readonly MODELS: KVNamespace;
  readonly MODEL_VERSIONS: DurableObjectNamespace<ModelVersions>;
}

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
  const key = versionKey(saved.name, version);
  await store.MODELS.put(key, JSON.stringify(storedForm(saved)));
  cacheVersion(key, saved);
  await versions.publish(saved.name, version, headMetadata(saved));
  if ((cachedHead(saved.name) ?? 0) < version) cacheHead(saved.name, version);
  return saved;
}

/** What the head of `model` carries for listing. */
function headMetadata(model: ModelVersion): HeadMetadata {
  const { version, features, classes, samples, accuracy, createdAt } = model;
  return {
    version,
    features,
    ...classesField(classes),
    samples,
    accuracy,
    createdAt,
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

/**
 * The stored version a warm start `init` names (its newest when it names no
 * version); null when there is none, or `init` is not a warm start.
 */
export async function loadWarmStart(
  store: StoreBindings,
  init: InitSpec,
): Promise<ModelVersion | null> {
  if (!isWarmStart(init)) return null;
  return loadModel(store, init.model, init.version);
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
