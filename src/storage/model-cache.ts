/**
 * An in-isolate cache of decoded model versions and of head pointers, so a
 * hot prediction path reads KV only on a miss and parses nothing twice.
 *
 * Versions are immutable and their numbers are never reused (not even after
 * a delete), so a cached version is correct forever; the cache only bounds
 * its size. Heads move, so a cached head is trusted for HEAD_TTL_MS. That is
 * the staleness accepted: another isolate's new version or delete shows here
 * up to 5 s late, which is small next to KV's own propagation across
 * locations (up to about 60 s). Writes made through this isolate update the
 * cache at once.
 */
import type { ModelVersion } from "../domain/model-version";

/** How long a head read from KV is trusted. */
export const HEAD_TTL_MS = 5_000;
/** How many decoded versions one isolate keeps (least recently used go first). */
export const MAX_CACHED_VERSIONS = 256;

const versions = new Map<string, ModelVersion>();
const heads = new Map<string, { version: number | null; until: number }>();

/** A cached version by its KV key, refreshed as most recently used. */
export function cachedVersion(key: string): ModelVersion | undefined {
  const model = versions.get(key);
  if (model !== undefined) {
    versions.delete(key);
    versions.set(key, model);
  }
  return model;
}

/** Caches a decoded version under its KV key. */
export function cacheVersion(key: string, model: ModelVersion): void {
  versions.delete(key);
  versions.set(key, model);
  if (versions.size > MAX_CACHED_VERSIONS) {
    versions.delete(versions.keys().next().value as string);
  }
}

/** The cached head of `name`: a version, null for "no model", undefined if unknown or expired. */
export function cachedHead(
  name: string,
  now = Date.now(),
): number | null | undefined {
  const head = heads.get(name);
  if (head === undefined || head.until < now) return undefined;
  return head.version;
}

/** Records the head of `name` as read from KV or written here. */
export function cacheHead(
  name: string,
  version: number | null,
  now = Date.now(),
): void {
  heads.set(name, { version, until: now + HEAD_TTL_MS });
}

/** Forgets `name` entirely, after it was deleted here. */
export function forgetModel(name: string, versionKeyPrefix: string): void {
  cacheHead(name, null);
  for (const key of versions.keys()) {
    if (key.startsWith(versionKeyPrefix)) versions.delete(key);
  }
}
