/**
 * A model's aliases and the listing of its versions, as the routes use
 * them: each answered by the name's Durable Object (model-versions.ts),
 * strongly consistent with its versions; what it says of the published
 * range and the aliases is cached here at once (model-cache.ts), so an
 * alias moved through this isolate steers its next read.
 */
import { aliasesAt, type AliasChange } from "./alias-records";
import type { IdempotencyScope } from "./idempotency-records";
import { cacheRange, cachedRange } from "./model-cache";
import type { StoreBindings } from "./model-store";
import type { Alias, Resolution } from "./version-ledger";
import type { VersionPage } from "./version-summaries";

/**
 * A page of at most `limit` published versions of `name`, newest first,
 * below `cursor` (a previous page's); null when the model has none.
 */
export function listVersions(
  store: StoreBindings,
  name: string,
  limit: number,
  cursor?: number,
): Promise<VersionPage | null> {
  return store.MODEL_VERSIONS.getByName(name).listVersions(name, limit, cursor);
}

/** The aliases of `name`, in name order; null when there is no such model. */
export async function readAliases(
  store: StoreBindings,
  name: string,
): Promise<readonly Alias[] | null> {
  const found = await store.MODEL_VERSIONS.getByName(name).resolve(name);
  remember(name, found);
  return found.head === 0 ? null : found.aliases;
}

/**
 * Points `alias` of `name` at `version`, or deletes it when `version` is
 * null; with `idempotency`, the answer is recorded in the same step. What
 * it did is the outcome: nothing changed unless it is "set" or "deleted".
 */
export async function changeAlias(
  store: StoreBindings,
  name: string,
  alias: string,
  version: number | null,
  idempotency?: IdempotencyScope,
): Promise<AliasChange> {
  const versions = store.MODEL_VERSIONS.getByName(name);
  const change = await versions.changeAlias(name, alias, version, idempotency);
  remember(name, change);
  return change;
}

/**
 * The names of the aliases of `name` that point at `version`, as fresh as
 * the reads that found it (the cached range, else the Durable Object).
 */
export async function aliasesOfVersion(
  store: StoreBindings,
  name: string,
  version: number,
): Promise<string[]> {
  let range = cachedRange(name);
  if (range === undefined) {
    range = await store.MODEL_VERSIONS.getByName(name).resolve(name);
    remember(name, range);
  }
  return aliasesAt(range.aliases ?? [], version);
}

/** Caches what the Durable Object said of `name`'s range and aliases. */
function remember(
  name: string,
  {
    head,
    floor,
    aliases,
  }: Pick<Resolution, "head" | "floor"> & {
    aliases?: readonly Alias[];
  },
): void {
  cacheRange(name, { head, floor, aliases });
}
