/**
 * A Durable Object per dataset name: the state of its uploads in parts.
 *
 * R2 does not say which parts of a multipart upload it holds, nor their
 * sizes, and it checks R2's part rules only when the upload completes; KV
 * is eventually consistent. So each upload's parts (number, bytes, ETag)
 * are recorded here, in the object's SQLite storage, where every call runs
 * alone: a part is checked against the others before its bytes go to R2
 * (`admitPart`) and recorded after (`recordPart`, which checks again, as
 * another part may have been recorded meanwhile). Calls return plain
 * values, never throw the service's errors (a class does not survive RPC):
 * the Worker turns each refusal into its error (dataset-store.ts).
 *
 * An upload's records go when it completes or is aborted; one left
 * incomplete goes after 7 days, by the object's alarm, when R2 itself has
 * aborted it (its default lifecycle rule for incomplete multipart uploads).
 */
import { DurableObject } from "cloudflare:workers";
import { completeParts, partConflict, type StoredPart } from "./upload-parts";

/** How long an incomplete upload is kept: R2 aborts it after 7 days. */
const UPLOAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An open upload: R2's id of it and the size of its parts. */
export interface OpenUpload {
  readonly r2UploadId: string;
  readonly partSize: number;
}

/** What a check of a part says: admitted (to that upload), or refused and why. */
export type PartAnswer =
  | { readonly ok: true; readonly upload: OpenUpload }
  | { readonly refused: "upload_not_found" }
  | { readonly refused: "size" | "conflict"; readonly message: string };

/** The parts to complete an upload with, or why it cannot be completed. */
export type CompleteAnswer =
  | { readonly upload: OpenUpload; readonly parts: StoredPart[] }
  | { readonly refused: "upload_not_found" }
  | { readonly refused: "conflict"; readonly message: string };

export class DatasetUploads extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS uploads (
         id TEXT PRIMARY KEY, r2_upload_id TEXT NOT NULL,
         part_size INTEGER NOT NULL, created_at TEXT NOT NULL);
       CREATE TABLE IF NOT EXISTS parts (
         upload_id TEXT NOT NULL, part INTEGER NOT NULL,
         bytes INTEGER NOT NULL, etag TEXT NOT NULL,
         PRIMARY KEY (upload_id, part))`,
    );
  }

  /** Records a new upload `id`, R2's `r2UploadId`, of parts of `partSize` bytes. */
  async open(
    id: string,
    r2UploadId: string,
    partSize: number,
    now: string,
  ): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.parse(now) + UPLOAD_TTL_MS);
    }
    this.ctx.storage.sql.exec(
      "INSERT INTO uploads (id, r2_upload_id, part_size, created_at) VALUES (?, ?, ?, ?)",
      id,
      r2UploadId,
      partSize,
      now,
    );
  }

  /** The open upload `id`, or null when there is none. */
  upload(id: string): OpenUpload | null {
    const rows = this.ctx.storage.sql
      .exec<{ r2_upload_id: string; part_size: number }>(
        "SELECT r2_upload_id, part_size FROM uploads WHERE id = ?",
        id,
      )
      .toArray();
    if (rows.length === 0) return null;
    return { r2UploadId: rows[0].r2_upload_id, partSize: rows[0].part_size };
  }

  /** Whether part `part` of `bytes` bytes may be uploaded to upload `id` now. */
  admitPart(id: string, part: number, bytes: number): PartAnswer {
    const upload = this.upload(id);
    if (upload === null) return { refused: "upload_not_found" };
    const { partSize } = upload;
    if (bytes > partSize) {
      return {
        refused: "size",
        message: `part ${part} has ${bytes} bytes, more than the upload's partSize of ${partSize}`,
      };
    }
    const refusal = partConflict(this.parts(id), partSize, part, bytes);
    if (refusal === null) return { ok: true, upload };
    return { refused: refusal.kind, message: refusal.message };
  }

  /**
   * Records part `part` as uploaded with R2's `etag`, when it still fits the
   * parts recorded (another may have been recorded since it was admitted).
   */
  recordPart(
    id: string,
    part: number,
    bytes: number,
    etag: string,
  ): PartAnswer {
    const admitted = this.admitPart(id, part, bytes);
    if (!("ok" in admitted)) return admitted;
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO parts (upload_id, part, bytes, etag) VALUES (?, ?, ?, ?)",
      id,
      part,
      bytes,
      etag,
    );
    return admitted;
  }

  /** The upload and the parts to complete it with, in order, or why not. */
  completion(id: string): CompleteAnswer {
    const upload = this.upload(id);
    if (upload === null) return { refused: "upload_not_found" };
    const found = completeParts(this.parts(id));
    if ("conflict" in found)
      return { refused: "conflict", message: found.conflict };
    return { upload, parts: found.parts };
  }

  /** Forgets upload `id` and its parts (completed or aborted). */
  close(id: string): void {
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec("DELETE FROM parts WHERE upload_id = ?", id);
      this.ctx.storage.sql.exec("DELETE FROM uploads WHERE id = ?", id);
    });
  }

  /**
   * Forgets the uploads started over 7 days ago (R2 has aborted them), and
   * comes back when the oldest left is that old.
   */
  override async alarm(): Promise<void> {
    const cutoff = new Date(Date.now() - UPLOAD_TTL_MS).toISOString();
    const { sql } = this.ctx.storage;
    const stale = sql
      .exec<{ id: string }>(
        "SELECT id FROM uploads WHERE created_at <= ?",
        cutoff,
      )
      .toArray();
    for (const { id } of stale) this.close(id);
    const oldest = sql
      .exec<{ created_at: string }>(
        "SELECT MIN(created_at) AS created_at FROM uploads",
      )
      .toArray()[0]?.created_at;
    if (oldest)
      await this.ctx.storage.setAlarm(Date.parse(oldest) + UPLOAD_TTL_MS);
  }

  /** The parts recorded for upload `id`, in no particular order. */
  private parts(id: string): StoredPart[] {
    return this.ctx.storage.sql
      .exec<{ part: number; bytes: number; etag: string }>(
        "SELECT part, bytes, etag FROM parts WHERE upload_id = ?",
        id,
      )
      .toArray()
      .map((row) => ({ part: row.part, bytes: row.bytes, etag: row.etag }));
  }
}
