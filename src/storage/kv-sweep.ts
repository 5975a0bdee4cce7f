/**
 * The KV side of a model name's Durable Object (model-versions.ts): making
 * KV's head key say what the ledger says, and deleting, a batch per call,
 * the version keys no published version owns. The object passes in how it
 * saves its ledger and marks a step, so these run inside its one-at-a-time
 * calls, and each KV write follows the ledger's record of it.
 */
import type { StoreStep } from "./faults";
import { headKey, versionKey, versionPrefix } from "./keys";
import type { Ledger } from "./version-ledger";

// Per call, at most DELETE_BATCH KV deletes and MAX_LIST_PAGES lists (a
// call has 1,000 subrequests); the alarm goes on later.
const DELETE_BATCH = 200;
const MAX_LIST_PAGES = 10;

/** What the object lends the sweep: its ledger's save, and its fault points. */
export interface SweepHooks {
  /** Stores the ledger (and arms the sweep's alarm). */
  save(ledger: Ledger): Promise<void>;
  /** Marks `step` once what was written is durable (faults.ts). */
  step(step: StoreStep, name: string): Promise<void>;
}

/** Makes KV's head say what the ledger says (a no-op when it does). */
export async function syncHead(
  kv: KVNamespace,
  ledger: Ledger,
  hooks: SweepHooks,
): Promise<void> {
  if (ledger.headSynced) return;
  const key = headKey(ledger.name);
  if (ledger.head === 0 || ledger.headMetadata === null) {
    await kv.delete(key);
  } else {
    await kv.put(key, String(ledger.head), { metadata: ledger.headMetadata });
  }
  ledger.headSynced = true;
  await hooks.save(ledger);
}

/** Deletes, a batch per call, the KV keys no published version owns. */
export async function sweepKv(
  kv: KVNamespace,
  ledger: Ledger,
  hooks: SweepHooks,
): Promise<void> {
  const stale = !ledger.headSynced;
  await syncHead(kv, ledger, hooks);
  if (stale) await hooks.step("cleanup:head", ledger.name);
  if (ledger.unswept.length > 0) {
    const batch = ledger.unswept.slice(0, DELETE_BATCH);
    await Promise.all(batch.map((v) => kv.delete(versionKey(ledger.name, v))));
    ledger.unswept = ledger.unswept.slice(batch.length);
    await hooks.save(ledger);
    await hooks.step("cleanup:batch", ledger.name);
  }
  // The old generations' keys, a page at a time from where the last call
  // stopped; KV lists in key order, not version order, so every page is read.
  const prefix = versionPrefix(ledger.name);
  let budget = DELETE_BATCH;
  for (let pages = 0; ledger.cleanupBelow > 0 && budget > 0; pages++) {
    if (pages === MAX_LIST_PAGES) break;
    const page = await kv.list({
      prefix,
      cursor: ledger.cleanupCursor || undefined,
      limit: budget,
    });
    const doomed = page.keys
      .map((key) => key.name)
      .filter((key) => Number(key.slice(prefix.length)) < ledger.cleanupBelow);
    await Promise.all(doomed.map((key) => kv.delete(key)));
    budget -= doomed.length;
    if (page.list_complete) {
      ledger.cleanupBelow = 0;
      ledger.cleanupCursor = "";
    } else {
      ledger.cleanupCursor = page.cursor;
    }
    await hooks.save(ledger);
    await hooks.step("cleanup:batch", ledger.name);
  }
}
