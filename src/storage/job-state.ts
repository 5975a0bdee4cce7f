/**
 * A SQLite Durable Object per job: the one strongly consistent place its
 * record, progress, logged epochs, checkpoints, cancel flag and event log
 * live. The Workflow's steps and the routes change it only through these
 * methods; each runs without an await, so it is one atomic change (a
 * Durable Object runs one such call at a time), and each may be called
 * again with the same arguments (a retried step) without changing more.
 *
 * Storage: the record, progress and history under `job`, `progress` and
 * `history` (the synchronous KV API of a SQLite object), checkpoints under
 * `checkpoint:<name>`, and the events in the table `events`, whose
 * AUTOINCREMENT ids are the SSE `id:`s.
 */
import { DurableObject } from "cloudflare:workers";
import {
  isFinished,
  progressFraction,
  type Job,
  type JobError,
  type JobEvent,
  type JobEventType,
  type JobProgress,
  type JobRecord,
  type JobResult,
  type PredictJobResult,
  type JobStatus,
} from "../domain/job";
import type { EpochLog } from "../engine/epoch-history";

/** The states a step moves a job into, in order. */
export type StepState = "preparing" | "running" | "finalizing";

/** What a step found at its boundary: the job, and whether it is to stop. */
export interface StepEntry {
  readonly job: Job;
  /** True when the job was cancelled (now or before): the step does nothing. */
  readonly stop: boolean;
}

/** What a cancel did: asked it, found it asked already, or could not. */
export type CancelOutcome = "cancelled" | "already" | "conflict";

const ORDER: readonly JobStatus[] = [
  "queued",
  "preparing",
  "running",
  "finalizing",
];

export class JobState extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, data TEXT NOT NULL)",
    );
  }

  /**
   * Stores a new job `record` (state queued) and its first event; a job
   * already stored here is answered as it is (a retried start).
   */
  create(record: JobRecord, progress: JobProgress): Job {
    const stored = this.job();
    if (stored !== null) return stored;
    this.ctx.storage.transactionSync(() => {
      this.kv.put("job", record);
      this.kv.put("progress", progress);
      this.kv.put("history", []);
      this.append("state", { state: record.state });
    });
    return this.view();
  }

  /** The job, or null when none was created here. */
  job(): Job | null {
    return this.kv.get<JobRecord>("job") === undefined ? null : this.view();
  }

  /**
   * A step's boundary: a cancelled job (or one being cancelled) ends
   * `cancelled` and the step is to stop; otherwise the job moves on to
   * `state` (never back: a retried step finds it there or further).
   */
  enter(state: StepState, now: string): StepEntry {
    return this.ctx.storage.transactionSync(() => this.enterNow(state, now));
  }

  private enterNow(state: StepState, now: string): StepEntry {
    const record = this.record();
    if (record.state === "cancelling" || record.state === "cancelled") {
      if (record.state === "cancelling") this.end(record, now, "cancelled");
      return { job: this.view(), stop: true };
    }
    if (isFinished(record.state)) return { job: this.view(), stop: true };
    if (ORDER.indexOf(state) > ORDER.indexOf(record.state)) {
      this.change(record, now, { state });
    }
    return { job: this.view(), stop: false };
  }

  /**
   * Records progress and the epochs logged since the last call: an event
   * when anything changed, none for a retried step that reports the same.
   */
  report(
    update: Omit<JobProgress, "fraction">,
    logs: readonly EpochLog[],
    now: string,
  ): Job {
    const record = this.record();
    const history = this.kv.get<EpochLog[]>("history") ?? [];
    const last = history.at(-1)?.epoch ?? -1;
    const fresh = logs.filter((log) => log.epoch > last);
    const progress = {
      ...update,
      fraction: progressFraction(update, record.kind),
    };
    const before = JSON.stringify(this.kv.get("progress"));
    if (fresh.length === 0 && before === JSON.stringify(progress)) {
      return this.view();
    }
    this.ctx.storage.transactionSync(() => {
      this.kv.put("progress", progress);
      this.kv.put("history", [...history, ...fresh]);
      this.append("progress", { progress, history: fresh });
      this.change(record, now, {}, false);
    });
    return this.view();
  }

  /** Saves plain data a step leaves for the next (or for its own retry). */
  saveCheckpoint(name: string, value: unknown): void {
    this.kv.put(`checkpoint:${name}`, value);
  }

  /** The checkpoint saved under `name`, or null. */
  checkpoint(name: string): unknown {
    return this.kv.get(`checkpoint:${name}`) ?? null;
  }

  /** Deletes the checkpoint saved under `name`, if any. */
  deleteCheckpoint(name: string): void {
    this.kv.delete(`checkpoint:${name}`);
  }

  /** Deletes every checkpoint (the job has ended); how many there were. */
  clearCheckpoints(): number {
    const keys = [...this.kv.list({ prefix: "checkpoint:" })].map(([k]) => k);
    for (const key of keys) this.kv.delete(key);
    return keys.length;
  }

  /**
   * Asks the job to stop: queued (no step ran), it ends `cancelled` at
   * once; preparing or running, it is `cancelling` until the next step
   * boundary. A job cancelled or being cancelled is left as it is
   * (`already`); once finalizing or finished, nothing changes (`conflict`).
   */
  cancel(now: string): { outcome: CancelOutcome; job: Job } {
    return this.ctx.storage.transactionSync(() => this.cancelNow(now));
  }

  private cancelNow(now: string): { outcome: CancelOutcome; job: Job } {
    const record = this.record();
    const { state } = record;
    if (state === "cancelling" || state === "cancelled") {
      return { outcome: "already", job: this.view() };
    }
    if (state === "finalizing" || isFinished(state)) {
      return { outcome: "conflict", job: this.view() };
    }
    if (state === "queued") this.end(record, now, "cancelled");
    else this.change(record, now, { state: "cancelling" });
    return { outcome: "cancelled", job: this.view() };
  }

  /** Ends the job `succeeded` with `result`; a finished job is left as it is. */
  succeed(result: JobResult | PredictJobResult, now: string): Job {
    return this.ctx.storage.transactionSync(() => {
      const record = this.record();
      if (!isFinished(record.state)) {
        const progress = this.kv.get<JobProgress>("progress");
        if (progress) this.kv.put("progress", { ...progress, fraction: 1 });
        this.end(record, now, "succeeded", { result });
      }
      return this.view();
    });
  }

  /** Ends the job `failed` with `error`; a finished job is left as it is. */
  fail(error: JobError, now: string): Job {
    return this.ctx.storage.transactionSync(() => {
      const record = this.record();
      if (!isFinished(record.state)) this.end(record, now, "failed", { error });
      return this.view();
    });
  }

  /** Up to `limit` events after event `after` (0: from the first), in order. */
  eventsAfter(after: number, limit: number): JobEvent[] {
    const rows = this.ctx.storage.sql
      .exec<{ id: number; type: string; data: string }>(
        "SELECT id, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?",
        after,
        limit,
      )
      .toArray();
    return rows.map(({ id, type, data }) => ({
      id,
      type: type as JobEventType,
      data: JSON.parse(data) as unknown,
    }));
  }

  private get kv(): SyncKvStorage {
    return this.ctx.storage.kv;
  }

  private record(): JobRecord {
    const record = this.kv.get<JobRecord>("job");
    if (record === undefined) throw new Error("no job is stored here");
    return record;
  }

  private view(): Job {
    return {
      ...this.record(),
      progress: this.kv.get<JobProgress>("progress") as JobProgress,
      history: this.kv.get<EpochLog[]>("history") ?? [],
    };
  }

  /** Stores `record` with `changes`, one revision on; an event when the state changed. */
  private change(
    record: JobRecord,
    now: string,
    changes: Partial<JobRecord>,
    event = true,
  ): void {
    const next = {
      ...record,
      ...changes,
      updatedAt: now,
      revision: record.revision + 1,
    };
    this.kv.put("job", next);
    if (event && changes.state !== undefined) {
      this.append("state", { state: changes.state });
    }
  }

  /** Ends the job in `state`, with its last event. */
  private end(
    record: JobRecord,
    now: string,
    state: JobStatus,
    changes: Partial<JobRecord> = {},
  ): void {
    this.change(record, now, { ...changes, state }, false);
    const { result = null, error = null } = changes;
    this.append("end", { state, result, error });
  }

  private append(type: JobEventType, data: unknown): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO events (type, data) VALUES (?, ?)",
      type,
      JSON.stringify(data),
    );
  }
}
