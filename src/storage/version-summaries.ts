/**
 * The listing of a model's versions, newest first, a page at a time, from
 * its Durable Object: which versions are published is the ledger's to say
 * (version-ledger.ts), and what the listing shows of each, a
 * `VersionSummary`, is kept in the object's storage under its own key,
 * written in the same step as publishing the version. A page thus reads no
 * weights and no KV, only as many small keys as it lists.
 *
 * Versions published before summaries existed have none: a page reads
 * those from KV once, summarises and keeps them, at most ADOPT_PER_CALL a
 * call (a call has 1,000 subrequests); a page that meets more ends early,
 * its cursor where it stopped, so pages may be shorter than their limit.
 * Summaries of deleted generations are deleted with the model
 * (`dropSummariesBelow`); until then no page lists them, as only versions
 * from the ledger's floor up are listed.
 */
import { versionSummary, type VersionSummary } from "../domain/model-version";
import { aliasesAt } from "./alias-records";
import { versionKey } from "./keys";
import { isPublished, type Ledger } from "./version-ledger";
import { versionOf, type StoredModel } from "./weights-codec";

/** The prefix of every summary's storage key. */
export const SUMMARY_PREFIX = "summary:";

/** Most legacy versions one page reads from KV to summarise. */
export const ADOPT_PER_CALL = 20;

// Durable Object storage reads and deletes at most 128 keys a call.
const KEYS_PER_CALL = 128;

/** One listed version: its summary and the aliases that point at it. */
export type ListedVersion = VersionSummary & { readonly aliases: string[] };

/** A page of versions, newest first, and the cursor of the next (null: none). */
export interface VersionPage {
  readonly versions: ListedVersion[];
  readonly cursor: string | null;
}

/** The storage key of `version`'s summary: zero-padded, so keys sort as versions. */
export function summaryKey(version: number): string {
  return `${SUMMARY_PREFIX}${String(version).padStart(16, "0")}`;
}

/**
 * Up to `count` published versions below `before`, newest first.
 * Walks down from the head past pending and abandoned numbers.
 */
export function publishedBelow(
  ledger: Ledger,
  before: number,
  count: number,
): number[] {
  const found: number[] = [];
  const top = Math.min(before - 1, ledger.head);
  for (let v = top; v >= ledger.floor && found.length < count; v--) {
    if (isPublished(ledger, v)) found.push(v);
  }
  return found;
}

/**
 * A page of at most `limit` published versions of the ledger's model below
 * `before` (from the newest when absent), each with its aliases; legacy
 * versions are summarised from `kv` and kept in `storage` on the way. Null
 * when the model has no published version.
 */
export async function pageOfVersions(
  storage: DurableObjectStorage,
  kv: KVNamespace,
  ledger: Ledger,
  limit: number,
  before = Number.MAX_SAFE_INTEGER,
): Promise<VersionPage | null> {
  if (ledger.head === 0) return null;
  const wanted = publishedBelow(ledger, before, limit + 1);
  const more = wanted.length > limit;
  const listed = wanted.slice(0, limit);
  const read = await readSummaries(storage, kv, ledger.name, listed);
  const aliases = ledger.aliases ?? [];
  const versions = read.summaries.map((summary) => ({
    ...summary,
    aliases: aliasesAt(aliases, summary.version),
  }));
  // The cursor is the version the next page lists below.
  if (read.handled < listed.length) {
    return { versions, cursor: String(listed[read.handled] + 1) };
  }
  return { versions, cursor: more ? String(listed[limit - 1]) : null };
}

/**
 * The summaries of `versions`, in order, and how many of `versions` were
 * handled: a missing summary is read from KV and kept, up to
 * ADOPT_PER_CALL, and the list stops before the next it would have to read.
 */
async function readSummaries(
  storage: DurableObjectStorage,
  kv: KVNamespace,
  name: string,
  versions: number[],
): Promise<{ summaries: VersionSummary[]; handled: number }> {
  const stored = new Map<string, VersionSummary>();
  for (let i = 0; i < versions.length; i += KEYS_PER_CALL) {
    const keys = versions.slice(i, i + KEYS_PER_CALL).map(summaryKey);
    for (const [key, value] of await storage.get<VersionSummary>(keys)) {
      stored.set(key, value);
    }
  }
  const summaries: VersionSummary[] = [];
  let adopted = 0;
  let handled = 0;
  for (const version of versions) {
    const known = stored.get(summaryKey(version));
    if (known === undefined) {
      if (adopted === ADOPT_PER_CALL) break;
      adopted++;
      const key = versionKey(name, version);
      const model = await kv.get<StoredModel>(key, "json");
      // A published version's key is written before it is published: one
      // missing cannot be read either, and is not listed.
      if (model !== null) {
        const summary = versionSummary(versionOf(model));
        await storage.put(summaryKey(version), summary);
        summaries.push(summary);
      }
    } else {
      summaries.push(known);
    }
    handled++;
  }
  return { summaries, handled };
}

/** Deletes the summaries of versions below `floor` (deleted generations). */
export async function dropSummariesBelow(
  storage: DurableObjectStorage,
  floor: number,
): Promise<void> {
  const doomed = await storage.list({
    prefix: SUMMARY_PREFIX,
    end: summaryKey(floor),
  });
  const keys = [...doomed.keys()];
  for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
    await storage.delete(keys.slice(i, i + KEYS_PER_CALL));
  }
}
