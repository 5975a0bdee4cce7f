/**
 * The model a training job has trained and not yet stored, kept in R2
 * between its steps (`jobs/<id>/model.json`, in the model store's own
 * stored form, weights-codec.ts): too large for a step's result (1 MiB) or
 * a Durable Object value (2 MB) once its rows' score curves are in it.
 */
import type { ModelVersion, NewModelVersion } from "../domain/model-version";
import { storedForm, versionOf, type StoredModel } from "./weights-codec";

/** The R2 key of job `id`'s trained model. */
export function draftKey(id: string): string {
  return `jobs/${id}/model.json`;
}

/**
 * Keeps `model`, trained by job `id`; a retried step writes the same key
 * again. The stored form needs a version and a date: 0 and "" stand in,
 * and `loadDraft` drops them (the store numbers and dates the version).
 */
export async function saveDraft(
  bucket: R2Bucket,
  id: string,
  model: NewModelVersion,
): Promise<void> {
  const placeholder: ModelVersion = { ...model, version: 0, createdAt: "" };
  await bucket.put(draftKey(id), JSON.stringify(storedForm(placeholder)), {
    httpMetadata: { contentType: "application/json" },
  });
}

/** The model job `id` trained, or null when no step kept one. */
export async function loadDraft(
  bucket: R2Bucket,
  id: string,
): Promise<NewModelVersion | null> {
  const object = await bucket.get(draftKey(id));
  if (object === null) return null;
  const stored = await object.json<StoredModel>();
  const {
    version: _version,
    createdAt: _createdAt,
    ...model
  } = versionOf(stored);
  return model;
}
