/**
 * The listing of jobs: one SQLite Durable Object (named "jobs") holding a
 * row per job, its summary, kept current by every change of a job's state
 * (job-store.ts records each one here after the job's own object).
 *
 * Why a Durable Object and not KV with metadata: the listing must show a
 * job's current state and filter on it, and a job changes state a few
 * times in minutes; KV's list is eventually consistent (a change may show a
 * minute late) and has no filter but a prefix, while SQLite answers
 * `WHERE model = ? AND state = ?` at once and strongly consistent. One
 * object is enough: a job writes here a handful of times in its life.
 */
import { DurableObject } from "cloudflare:workers";
import type { JobSummary } from "../domain/job";

/** A page of jobs, newest first, and where the next begins (null: none). */
export interface JobPage {
  readonly jobs: JobSummary[];
  readonly next: JobPosition | null;
}

/** What a listing asks for. */
export interface JobFilter {
  readonly model?: string;
  readonly state?: string;
  readonly limit: number;
  /** The last job of the previous page: this page lists those after it. */
  readonly after?: JobPosition;
}

/** Where a job comes in the listing: the order it was recorded in, from 1. */
export type JobPosition = number;

export class JobRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
        model TEXT NOT NULL, dataset TEXT NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, revision INTEGER NOT NULL)`,
    );
  }

  /**
   * Records `summary`, unless a later revision of the job is here already
   * (two changes recorded out of order keep the later).
   */
  record(summary: JobSummary): void {
    const { id, kind, state, model, dataset } = summary;
    this.ctx.storage.sql.exec(
      `INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state,
         updated_at = excluded.updated_at, revision = excluded.revision
       WHERE excluded.revision > jobs.revision`,
      id,
      kind,
      state,
      model,
      dataset,
      summary.createdAt,
      summary.updatedAt,
      summary.revision,
    );
  }

  /**
   * A page of jobs, newest first (in the order they were recorded: a
   * job's row is kept, and its place, when its state changes), of `model`
   * and in `state` when given, after `after` when given.
   */
  list(filter: JobFilter): JobPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.model !== undefined) {
      where.push("model = ?");
      args.push(filter.model);
    }
    if (filter.state !== undefined) {
      where.push("state = ?");
      args.push(filter.state);
    }
    const after = filter.after;
    if (after !== undefined) {
      where.push("rowid < ?");
      args.push(after);
    }
    const rows = this.ctx.storage.sql
      .exec<Row>(
        `SELECT rowid, * FROM jobs ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY rowid DESC LIMIT ?`,
        ...args,
        filter.limit + 1,
      )
      .toArray();
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      jobs: page.map(summaryOf),
      next:
        rows.length > filter.limit && last !== undefined ? last.rowid : null,
    };
  }
}

type Row = {
  rowid: number;
  id: string;
  kind: string;
  state: string;
  model: string;
  dataset: string;
  created_at: string;
  updated_at: string;
  revision: number;
};

function summaryOf(row: Row): JobSummary {
  return {
    id: row.id,
    kind: row.kind as JobSummary["kind"],
    state: row.state as JobSummary["state"],
    model: row.model,
    dataset: row.dataset,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}
