/**
 * Trained models in Workers KV: saving, loading, listing and deleting
 * versions. The keys are keys.ts's, the stored form weights-codec.ts's.
 *
 * The name's `ModelVersions` Durable Object decides what exists: it hands
 * out version numbers, publishes a version once its key is fully written,
 * and records a delete before any key goes. A version is served only once
 * published there (version-ledger.ts), so a crash between any two steps
 * leaves nothing readable that a training did not finish, and no deleted
 * version readable again; what a crash leaves in KV is swept later. Writes
 * that carry an idempotency key record their answer there in the same step
 * as the write itself.
 */
import {
  headMetadata,
  summaryOf,
  versionSummary,
  type HeadMetadata,
  type ModelSummary,
  type ModelVersion,
  type NewModelVersion,
} from "../domain/model-version";
import { isWarmStart, type InitSpec, type VersionRef } from "../engine/init";
import { WriteConflictError } from "../errors";
import { storeStep } from "./faults";
import { HEAD_PREFIX, versionKey, versionPrefix } from "./keys";
import {
  cacheRange,
  cacheVersion,
  cachedRange,
  cachedVersion,
  forgetModel,
} from "./model-cache";
import type { IdempotencyScope } from "./idempotency-records";
import type { ModelVersions } from "./model-versions";
import { issueCursor, readIssuedCursor } from "./page-cursor";
import { versionAsked, type DefaultVersion } from "./version-ledger";
import { storedForm, versionOf, type StoredModel } from "./weights-codec";

/** The bindings the store needs: KV for the data, a Durable Object for numbering. */
export interface StoreBindings {
  readonly MODELS: KVNamespace;
  readonly MODEL_VERSIONS: DurableObjectNamespace<ModelVersions>;
}

/**
 * Stores `model` as the next version of its name and publishes it; with
 * `idempotency`, records the answer under that key in the same step.
 *
 * @throws WriteConflictError when the model was deleted while this version
 *   was being written: then nothing of it is readable
 */
export async function saveModel(
  store: StoreBindings,
  model: NewModelVersion,
  now: Date = new Date(),
  idempotency?: IdempotencyScope,
): Promise<ModelVersion> {
  const versions = store.MODEL_VERSIONS.getByName(model.name);
  const version = await versions.allocate(model.name);
  await storeStep("save:allocated", model.name);
  const saved: ModelVersion = {
    ...model,
    version,
    createdAt: now.toISOString(),
  };
  const key = versionKey(saved.name, version);
  await store.MODELS.put(key, JSON.stringify(storedForm(saved)));
  await storeStep("save:written", model.name);
  const metadata = headMetadata(saved);
  const summary = versionSummary(saved);
  const name = saved.name;
  if (
    !(await versions.publish(name, version, metadata, summary, idempotency))
  ) {
    await store.MODELS.delete(key);
    throw new WriteConflictError(
      `model ${saved.name} was deleted while this training was being stored (or the write outlived its lease); nothing was stored`,
    );
  }
  await storeStep("save:published", model.name);
  cacheVersion(key, saved);
  const range = cachedRange(saved.name);
  if (range !== undefined && range.head < version) {
    cacheRange(saved.name, { ...range, head: version });
  }
  return saved;
}

/**
 * The published version of `name` that `version` asks for, a number or an
 * alias; without one, the version the alias `serving` names when it is
 * set, else the newest (with `byDefault` "newest", the newest whatever
 * serving says). Null when there is none. The one place every read finds
 * its version: a version this isolate holds is served while the published
 * range and aliases it last heard are fresh (model-cache.ts, 5 s);
 * anything else is asked of the name's Durable Object first.
 */
export async function loadModel(
  store: StoreBindings,
  name: string,
  version?: VersionRef,
  byDefault: DefaultVersion = "serving",
): Promise<ModelVersion | null> {
  const range = cachedRange(name);
  if (range !== undefined) {
    const aliases = range.aliases ?? [];
    const v = versionAsked(aliases, range.head, version, byDefault);
    if (v < 1 || v < range.floor || v > range.head) return null;
    const cached = cachedVersion(versionKey(name, v));
    if (cached !== undefined) return cached;
  }
  const found = await store.MODEL_VERSIONS.getByName(name).resolve(
    name,
    version,
    byDefault,
  );
  const { head, floor, aliases } = found;
  cacheRange(name, { head, floor, aliases });
  if (found.version === null) return null;
  const key = versionKey(name, found.version);
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
 * version, whatever the alias serving says: training goes on from the
 * last training); null when there is none, or `init` is not a warm start.
 */
export async function loadWarmStart(
  store: StoreBindings,
  init: InitSpec,
): Promise<ModelVersion | null> {
  if (!isWarmStart(init)) return null;
  return loadModel(store, init.model, init.version, "newest");
}

/**
 * One page of model summaries, in name order, and the cursor of the next
 * (page-cursor.ts): `cursor` is the one the previous page gave.
 *
 * @throws OptionError for a cursor no page of models gave
 */
export async function listModels(
  store: StoreBindings,
  limit: number,
  cursor?: string,
): Promise<{ models: ModelSummary[]; cursor: string | null }> {
  const page = await store.MODELS.list<HeadMetadata>({
    prefix: HEAD_PREFIX,
    limit,
    cursor: await readIssuedCursor("models", cursor),
  });
  const models: ModelSummary[] = [];
  for (const key of page.keys) {
    if (key.metadata) {
      models.push(summaryOf(key.name.slice(HEAD_PREFIX.length), key.metadata));
    }
  }
  const next = page.list_complete
    ? null
    : await issueCursor("models", page.cursor);
  return { models, cursor: next };
}

/**
 * Deletes model `name` and every version of it: the name's Durable Object
 * records the delete first, so no version of it is served from then on,
 * then deletes its keys (what one call leaves, its alarm or a repeated
 * delete finishes). With `idempotency`, the answer is recorded in the same
 * step as the delete.
 *
 * @returns false when there was no such model and nothing left to clean
 */
export async function deleteModel(
  store: StoreBindings,
  name: string,
  idempotency?: IdempotencyScope,
): Promise<boolean> {
  try {
    return await store.MODEL_VERSIONS.getByName(name).remove(name, idempotency);
  } finally {
    // Even when the cleanup failed, the delete may be recorded: serve
    // nothing of the model from this isolate's cache.
    forgetModel(name, versionPrefix(name));
  }
}
