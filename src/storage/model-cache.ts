/**
 * An in-isolate cache of decoded model versions and of head pointers, so a
 * hot prediction path reads KV only on a miss and parses nothing twice.
 *
 * Versions are immutable and their numbers are never reused (not even after
 * a delete), so a cached version's contents are correct forever; the cache
 * only bounds their number. Whether a version may still be served is the
 * name's Durable Object's to say: what it said, the published range (the
 * head, and the floor below which versions were deleted), is trusted for
 * HEAD_TTL_MS. Only a version this isolate saw published is cached, and it
 * is served while a fresh range holds it. That is the staleness accepted:
 * another isolate's new version or delete shows here up to 5 s late, which
 * is small next to KV's own propagation across locations (up to about 60 s).
 * The range carries the model's aliases too, so an alias moved in another
 * isolate (a rollback of `serving`) steers this isolate's reads within the
 * same 5 s. Writes made through this isolate update the cache at once.
 */
import type { ModelVersion } from "../domain/model-version";
import type { Alias } from "./version-ledger";

/** How long a published range read from the Durable Object is trusted. */
export const HEAD_TTL_MS = 5_000;
/** How many decoded versions one isolate keeps (least recently used go first). */
export const MAX_CACHED_VERSIONS = 256;

/** What the name's Durable Object said is published. */
export interface PublishedRange {
  /** The newest published version; 0 when the name has none. */
  head: number;
  /** Versions below it were deleted. */
  floor: number;
  /** The model's aliases, in name order; absent: none. */
  aliases?: readonly Alias[];
}

const versions = new Map<string, ModelVersion>();
const ranges = new Map<string, { range: PublishedRange; until: number }>();

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

/** The cached published range of `name`; undefined if unknown or expired. */
export function cachedRange(
  name: string,
  now = Date.now(),
): PublishedRange | undefined {
  const entry = ranges.get(name);
  if (entry === undefined || entry.until < now) return undefined;
  return entry.range;
}

/** Records the published range of `name`, as the Durable Object said or a write here made it. */
export function cacheRange(
  name: string,
  range: PublishedRange,
  now = Date.now(),
): void {
  ranges.set(name, { range, until: now + HEAD_TTL_MS });
}

/** Forgets `name` entirely, after it was deleted here. */
export function forgetModel(name: string, versionKeyPrefix: string): void {
  cacheRange(name, { head: 0, floor: 0, aliases: [] });
  for (const key of versions.keys()) {
    if (key.startsWith(versionKeyPrefix)) versions.delete(key);
  }
}
