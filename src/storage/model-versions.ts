/**
 * A Durable Object per model name: the one place its versions are numbered,
 * published and deleted, and where its writes' idempotency records live.
 *
 * KV has no compare-and-swap and a Worker can die between any two writes,
 * so KV alone can neither number versions nor say which are complete. The
 * object keeps the name's ledger (version-ledger.ts) in its own
 * transactional storage; each call runs inside `blockConcurrencyWhile`, one
 * at a time. Every step that matters is recorded here before KV is touched,
 * and every KV write it implies can be redone from the record, so a crash
 * between any two steps leaves nothing readable that was not published,
 * and leftovers that the next call or the alarm sweeps away.
 */
import { DurableObject } from "cloudflare:workers";
import type { HeadMetadata } from "../domain/model-version";
import { storeStep, type StoreStep } from "./faults";
import {
  admit,
  recordKey,
  RECORD_PREFIX,
  expiry,
  KEEP_MS,
  type Admission,
  type IdempotencyRecord,
  type IdempotencyScope,
  type RecordedAnswer,
} from "./idempotency-records";
import { headKey, versionKey, versionPrefix } from "./keys";
import {
  abandonStale,
  allocate,
  needsSweep,
  newLedger,
  oldestPending,
  publish,
  resolve,
  tombstone,
  type Ledger,
  type Resolution,
} from "./version-ledger";
import { readStoreTiming } from "./store-timing";

// Per call, at most DELETE_BATCH KV deletes and MAX_LIST_PAGES lists (a
// call has 1,000 subrequests); the alarm goes on RETRY_MS later.
const DELETE_BATCH = 200;
const MAX_LIST_PAGES = 10;
const RETRY_MS = 1_000;

export class ModelVersions extends DurableObject<Env> {
  /** The next version number of `name`, pending until published. */
  async allocate(name: string): Promise<number> {
    return this.change(name, async (ledger) => {
      const version = allocate(ledger, Date.now());
      await this.save(ledger);
      return version;
    });
  }

  /**
   * Publishes `version`, whose key is fully written, and records the answer
   * under `idempotency` in the same step. False when the version is no
   * longer pending (the model was deleted meanwhile, or the version was
   * abandoned as too old): then it is never readable.
   */
  async publish(
    name: string,
    version: number,
    metadata: HeadMetadata,
    idempotency?: IdempotencyScope,
  ): Promise<boolean> {
    return this.change(name, async (ledger) => {
      if (!publish(ledger, version, metadata)) return false;
      await this.save(ledger, idempotency, { status: 201, version });
      await this.step("publish:recorded", ledger.name);
      await this.syncHead(ledger);
      return true;
    });
  }

  /** The published version a read of `version` (or the head) finds. */
  resolve(name: string, version?: number): Promise<Resolution> {
    return this.change(name, async (ledger) => resolve(ledger, version));
  }

  /**
   * Deletes the model: records the delete (and the answer under
   * `idempotency`) first, then deletes its KV keys, a batch at a time; the
   * alarm finishes what one call does not. A repeated delete finishes a
   * cleanup left undone.
   *
   * @returns false when there was no model and nothing left to clean
   */
  async remove(name: string, idempotency?: IdempotencyScope): Promise<boolean> {
    return this.change(name, async (ledger) => {
      const leftovers = ledger.cleanupBelow > 0;
      const existed = tombstone(ledger);
      const kvHead = await this.env.MODELS.get(headKey(name));
      if (!existed && !leftovers && kvHead === null) {
        ledger.cleanupBelow = 0;
        ledger.headSynced = true;
        await this.save(ledger, idempotency, { status: 404 });
        return false;
      }
      await this.save(ledger, idempotency, { status: 204 });
      await this.step("remove:recorded", ledger.name);
      await this.sweepKv(ledger);
      return true;
    });
  }

  /** What a keyed write is to do; records the key as running when it is to run. */
  async admit(
    name: string,
    scope: IdempotencyScope,
    hash: string,
  ): Promise<Admission> {
    return this.change(name, async () => {
      const key = recordKey(scope.scope, scope.key);
      const record = await this.ctx.storage.get<IdempotencyRecord>(key);
      const { leaseMs } = readStoreTiming(this.env);
      const decision = admit(record, hash, Date.now(), leaseMs);
      if (decision.store) {
        await this.ctx.storage.put(key, decision.store);
        await this.armAlarm(Date.now() + KEEP_MS);
      }
      return decision.admission;
    });
  }

  /** Records the answer of a keyed write that stored nothing (an error). */
  async answered(
    name: string,
    scope: IdempotencyScope,
    answer: RecordedAnswer,
  ): Promise<void> {
    await this.change(name, (ledger) => this.save(ledger, scope, answer));
  }

  /** Forgets a keyed write that failed by a fault of the service, so a retry may run. */
  async release(name: string, scope: IdempotencyScope): Promise<void> {
    await this.change(name, async () => {
      const key = recordKey(scope.scope, scope.key);
      const record = await this.ctx.storage.get<IdempotencyRecord>(key);
      if (record !== undefined && record.answer === undefined) {
        await this.ctx.storage.delete(key);
      }
    });
  }

  /** The sweep, run without a request: abandons, cleans, expires. */
  override async alarm(): Promise<void> {
    const name = (await this.ctx.storage.get<Ledger>("ledger"))?.name;
    if (name !== undefined) await this.sweep(name, Date.now());
  }

  /**
   * Abandons versions pending for longer than the lease, deletes the KV keys
   * of deleted and abandoned versions, rewrites a KV head a crash left
   * behind, drops idempotency records older than a day, and sets the alarm
   * again while work is left. `now` is in ms since the epoch.
   */
  async sweep(name: string, now: number): Promise<void> {
    await this.change(name, async (ledger) => {
      const { leaseMs } = readStoreTiming(this.env);
      if (abandonStale(ledger, now - leaseMs) > 0) await this.save(ledger);
      await this.sweepKv(ledger);
      const records = await this.ctx.storage.list<IdempotencyRecord>({
        prefix: RECORD_PREFIX,
      });
      const { expired, nextExpiry } = expiry(records, now);
      await this.ctx.storage.delete(expired);
      if (nextExpiry !== null) await this.armAlarm(nextExpiry);
      await this.armFor(ledger);
    });
  }

  /** Runs `change` on the ledger of `name`, one call at a time. */
  private change<T>(
    name: string,
    change: (ledger: Ledger) => Promise<T>,
  ): Promise<T> {
    return this.ctx.blockConcurrencyWhile(async () =>
      change(await this.ledger(name)),
    );
  }

  /** The stored ledger, or a new one continuing what KV and an older object left. */
  private async ledger(name: string): Promise<Ledger> {
    const stored = await this.ctx.storage.get<Ledger>("ledger");
    if (stored !== undefined) return stored;
    // Before ledgers, the object kept only "next"; KV held the head.
    const next = await this.ctx.storage.get<number>("next");
    const head = await this.env.MODELS.get(headKey(name));
    const ledger = newLedger(name, head === null ? null : Number(head), next);
    await this.save(ledger);
    await this.ctx.storage.delete(["next", "published"]);
    return ledger;
  }

  /** Stores the ledger and, in the same atomic write, `idempotency`'s `answer`; arms the sweep. */
  private async save(
    ledger: Ledger,
    idempotency?: IdempotencyScope,
    answer?: RecordedAnswer,
  ): Promise<void> {
    const entries: Record<string, unknown> = { ledger };
    if (idempotency !== undefined && answer !== undefined) {
      const key = recordKey(idempotency.scope, idempotency.key);
      const record = await this.ctx.storage.get<IdempotencyRecord>(key);
      if (record !== undefined) entries[key] = { ...record, answer };
    }
    await this.ctx.storage.put(entries);
    await this.armFor(ledger);
  }

  /** Arms the next sweep: a lease after the oldest pending version; soon while KV has leftovers. */
  private async armFor(ledger: Ledger): Promise<void> {
    const pendingSince = oldestPending(ledger);
    if (pendingSince !== null) {
      await this.armAlarm(pendingSince + readStoreTiming(this.env).leaseMs);
    }
    if (needsSweep(ledger)) await this.armAlarm(Date.now() + RETRY_MS);
  }

  /**
   * Passes `step` (faults.ts) once what was written is durable, as the output
   * gate makes it before any KV call: a fault there is a crash after the write.
   */
  private async step(step: StoreStep, name: string): Promise<void> {
    await this.ctx.storage.sync();
    await storeStep(step, name);
  }

  /** Sets the alarm for `at` unless one is set sooner. */
  private async armAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** Makes KV's head say what the ledger says (a no-op when it does). */
  private async syncHead(ledger: Ledger): Promise<void> {
    if (ledger.headSynced) return;
    const key = headKey(ledger.name);
    if (ledger.head === 0 || ledger.headMetadata === null) {
      await this.env.MODELS.delete(key);
    } else {
      await this.env.MODELS.put(key, String(ledger.head), {
        metadata: ledger.headMetadata,
      });
    }
    ledger.headSynced = true;
    await this.save(ledger);
  }

  /** Deletes, a batch per call, the KV keys no published version owns. */
  private async sweepKv(ledger: Ledger): Promise<void> {
    const stale = !ledger.headSynced;
    await this.syncHead(ledger);
    if (stale) await this.step("cleanup:head", ledger.name);
    const kv = this.env.MODELS;
    if (ledger.unswept.length > 0) {
      const batch = ledger.unswept.slice(0, DELETE_BATCH);
      await Promise.all(
        batch.map((v) => kv.delete(versionKey(ledger.name, v))),
      );
      ledger.unswept = ledger.unswept.slice(batch.length);
      await this.save(ledger);
      await this.step("cleanup:batch", ledger.name);
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
        .filter(
          (key) => Number(key.slice(prefix.length)) < ledger.cleanupBelow,
        );
      await Promise.all(doomed.map((key) => kv.delete(key)));
      budget -= doomed.length;
      if (page.list_complete) {
        ledger.cleanupBelow = 0;
        ledger.cleanupCursor = "";
      } else {
        ledger.cleanupCursor = page.cursor;
      }
      await this.save(ledger);
      await this.step("cleanup:batch", ledger.name);
    }
  }
}
