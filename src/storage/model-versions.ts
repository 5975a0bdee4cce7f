/**
 * A Durable Object per model name: the one place its versions are numbered,
 * published and deleted, where its aliases point (alias-records.ts), where
 * the listing of its versions is kept (version-summaries.ts), and where its
 * writes' idempotency records live.
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
import type { HeadMetadata, VersionSummary } from "../domain/model-version";
import type { VersionRef } from "../engine/init";
import { dropAlias, pointAlias, type AliasChange } from "./alias-records";
import { storeStep, type StoreStep } from "./faults";
import {
  admitIn,
  answerEntries,
  expireIn,
  KEEP_MS,
  releaseIn,
  type Admission,
  type IdempotencyScope,
  type RecordedAnswer,
} from "./idempotency-records";
import { headKey } from "./keys";
import { sweepKv, syncHead, type SweepHooks } from "./kv-sweep";
import {
  abandonStale,
  allocate,
  needsSweep,
  newLedger,
  oldestPending,
  publish,
  resolve,
  tombstone,
  type DefaultVersion,
  type Ledger,
  type Resolution,
} from "./version-ledger";
import { readStoreTiming } from "./store-timing";
import {
  dropSummariesBelow,
  pageOfVersions,
  summaryKey,
  type VersionPage,
} from "./version-summaries";

// While KV has leftovers, the alarm goes on RETRY_MS after a call.
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
   * Publishes `version`, whose key is fully written, and records its
   * summary for the listing and the answer under `idempotency` in the same
   * step. False when the version is no longer pending (the model was
   * deleted meanwhile, or the version was abandoned as too old): then it is
   * never readable.
   */
  async publish(
    name: string,
    version: number,
    metadata: HeadMetadata,
    summary: VersionSummary,
    idempotency?: IdempotencyScope,
  ): Promise<boolean> {
    return this.change(name, async (ledger) => {
      if (!publish(ledger, version, metadata)) return false;
      const entries = { [summaryKey(version)]: summary };
      await this.save(ledger, idempotency, { status: 201, version }, entries);
      await this.step("publish:recorded", ledger.name);
      await syncHead(this.env.MODELS, ledger, this.hooks);
      return true;
    });
  }

  /** The published version a read of `version` (or of `byDefault`) finds. */
  resolve(
    name: string,
    version?: VersionRef,
    byDefault: DefaultVersion = "serving",
  ): Promise<Resolution> {
    return this.change(name, async (ledger) =>
      resolve(ledger, version, byDefault),
    );
  }

  /**
   * Points `alias` at published `version`, or deletes it when `version` is
   * null, and records the answer under `idempotency` in the same step;
   * changes nothing when the outcome is neither "set" nor "deleted".
   */
  async changeAlias(
    name: string,
    alias: string,
    version: number | null,
    idempotency?: IdempotencyScope,
  ): Promise<AliasChange> {
    return this.change(name, async (ledger) => {
      const change =
        version === null
          ? dropAlias(ledger, alias)
          : pointAlias(ledger, alias, version);
      if (change.outcome === "set" && version !== null) {
        await this.save(ledger, idempotency, { status: 200, version, alias });
      }
      if (change.outcome === "deleted") {
        await this.save(ledger, idempotency, { status: 204 });
      }
      return change;
    });
  }

  /** A page of the published versions below `before`, newest first; null without any. */
  listVersions(
    name: string,
    limit: number,
    before?: number,
  ): Promise<VersionPage | null> {
    return this.change(name, (ledger) =>
      pageOfVersions(this.ctx.storage, this.env.MODELS, ledger, limit, before),
    );
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
      await dropSummariesBelow(this.ctx.storage, ledger.floor);
      await sweepKv(this.env.MODELS, ledger, this.hooks);
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
      const { leaseMs } = readStoreTiming(this.env);
      const now = Date.now();
      const decision = await admitIn(
        this.ctx.storage,
        scope,
        hash,
        now,
        leaseMs,
      );
      if (decision.stored) await this.armAlarm(now + KEEP_MS);
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
    await this.change(name, () => releaseIn(this.ctx.storage, scope));
  }

  /** The sweep, run without a request: abandons, cleans, expires. */
  override async alarm(): Promise<void> {
    const name = (await this.ctx.storage.get<Ledger>("ledger"))?.name;
    if (name !== undefined) await this.sweep(name, Date.now());
  }

  /**
   * Abandons versions pending for longer than the lease, deletes the KV keys
   * (and listing summaries) of deleted and abandoned versions, rewrites a KV
   * head a crash left behind, drops idempotency records older than a day,
   * and sets the alarm again while work is left (`now`: ms since the epoch).
   */
  async sweep(name: string, now: number): Promise<void> {
    await this.change(name, async (ledger) => {
      const { leaseMs } = readStoreTiming(this.env);
      if (abandonStale(ledger, now - leaseMs) > 0) await this.save(ledger);
      if (ledger.cleanupBelow > 0) {
        await dropSummariesBelow(this.ctx.storage, ledger.floor);
      }
      await sweepKv(this.env.MODELS, ledger, this.hooks);
      const nextExpiry = await expireIn(this.ctx.storage, now);
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

  /**
   * Stores the ledger and, in the same atomic write, `idempotency`'s
   * `answer` and `others`; arms the sweep.
   */
  private async save(
    ledger: Ledger,
    idempotency?: IdempotencyScope,
    answer?: RecordedAnswer,
    others: Record<string, unknown> = {},
  ): Promise<void> {
    const recorded =
      idempotency !== undefined && answer !== undefined
        ? await answerEntries(this.ctx.storage, idempotency, answer)
        : {};
    await this.ctx.storage.put({ ...others, ...recorded, ledger });
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

  /** The ledger's save and fault points, lent to kv-sweep.ts. */
  private get hooks(): SweepHooks {
    return {
      save: (ledger) => this.save(ledger),
      step: (step, name) => this.step(step, name),
    };
  }
}
