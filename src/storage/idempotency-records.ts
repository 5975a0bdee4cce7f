/**
 * The records that make a retried write safe (`Idempotency-Key`), the pure
 * rule that decides what a request carrying a key gets, and the reads and
 * writes of the records in a Durable Object's storage. They are kept in the
 * Durable Object that numbers the versions of the name the write touches,
 * so a record and the write it stands for are stored in one atomic step
 * there (`answerEntries`).
 *
 * The rules (as Stripe's and the IETF draft "The Idempotency-Key HTTP
 * Header Field" give them): within KEEP_MS of the first request, the same
 * key and body get the first answer again and nothing is done; the same key
 * with another body is refused (422); the same key while the first request
 * still runs is refused (409), until `leaseMs` passed without an answer,
 * when the first is taken for dead and the key may run again.
 */

/** How long a key's answer is kept: 24 hours. */
export const KEEP_MS = 24 * 60 * 60 * 1000;

/** A write's idempotency key, with the route it is scoped to. */
export interface IdempotencyScope {
  scope: string;
  key: string;
}

/** The answer a finished write gave, enough to give it again. */
export interface RecordedAnswer {
  /** Its HTTP status. */
  status: number;
  /** For a stored version: its number (the answer is rebuilt from it). */
  version?: number;
  /** For an alias set: its name (the answer is rebuilt from it and `version`). */
  alias?: string;
  /** For a started job: its id (the answer is rebuilt from the job). */
  job?: string;
  /** For an error: the JSON body, as first sent. */
  body?: string;
}

/** One key's record. */
export interface IdempotencyRecord {
  /** SHA-256 (hex) of the request: method, path, query and body. */
  hash: string;
  /** When the first request with the key began, in ms since the epoch. */
  at: number;
  /** Its answer, once it has one. */
  answer?: RecordedAnswer;
}

/** What a request with a key is to do. */
export type Admission =
  | { kind: "run" }
  | { kind: "replay"; answer: RecordedAnswer }
  | { kind: "reused" }
  | { kind: "running" };

/**
 * Decides what a request with `hash` gets, given the key's `record`, at
 * `now`; for "run", the record to store before running.
 */
export function admit(
  record: IdempotencyRecord | undefined,
  hash: string,
  now: number,
  leaseMs: number,
): { admission: Admission; store?: IdempotencyRecord } {
  if (record === undefined || now - record.at >= KEEP_MS) {
    return { admission: { kind: "run" }, store: { hash, at: now } };
  }
  if (record.hash !== hash) return { admission: { kind: "reused" } };
  if (record.answer !== undefined) {
    return { admission: { kind: "replay", answer: record.answer } };
  }
  if (now - record.at < leaseMs) return { admission: { kind: "running" } };
  // The first request never answered: taken for dead, run again.
  return { admission: { kind: "run" }, store: { hash, at: now } };
}

/** The storage key of `key`'s record under route `scope`. */
export function recordKey(scope: string, key: string): string {
  return `idempotency:${scope}:${key}`;
}

/** The prefix of every record key. */
export const RECORD_PREFIX = "idempotency:";

/**
 * Of the stored `records` (by storage key), those older than KEEP_MS at
 * `now`, and when the next of the others expires (null if none).
 */
export function expiry(
  records: Map<string, IdempotencyRecord>,
  now: number,
): { expired: string[]; nextExpiry: number | null } {
  const expired: string[] = [];
  let nextExpiry: number | null = null;
  for (const [key, record] of records) {
    const end = record.at + KEEP_MS;
    if (end <= now) expired.push(key);
    else nextExpiry = Math.min(nextExpiry ?? end, end);
  }
  return { expired, nextExpiry };
}

/**
 * Admits a request with `hash` under `scope` in `storage`: what it is to
 * do, with its record stored as running when it is to run (then `stored`).
 */
export async function admitIn(
  storage: DurableObjectStorage,
  scope: IdempotencyScope,
  hash: string,
  now: number,
  leaseMs: number,
): Promise<{ admission: Admission; stored: boolean }> {
  const key = recordKey(scope.scope, scope.key);
  const record = await storage.get<IdempotencyRecord>(key);
  const decision = admit(record, hash, now, leaseMs);
  if (decision.store) await storage.put(key, decision.store);
  return { admission: decision.admission, stored: !!decision.store };
}

/** Forgets `scope`'s record while it has no answer, so a retry may run. */
export async function releaseIn(
  storage: DurableObjectStorage,
  scope: IdempotencyScope,
): Promise<void> {
  const key = recordKey(scope.scope, scope.key);
  const record = await storage.get<IdempotencyRecord>(key);
  if (record !== undefined && record.answer === undefined) {
    await storage.delete(key);
  }
}

/**
 * The entry that records `answer` in `scope`'s record, to be written in the
 * same step as what the answer says was done; none without a record.
 */
export async function answerEntries(
  storage: DurableObjectStorage,
  scope: IdempotencyScope,
  answer: RecordedAnswer,
): Promise<Record<string, IdempotencyRecord>> {
  const key = recordKey(scope.scope, scope.key);
  const record = await storage.get<IdempotencyRecord>(key);
  return record === undefined ? {} : { [key]: { ...record, answer } };
}

/** Deletes the records expired at `now`; when the next expires (null: none left). */
export async function expireIn(
  storage: DurableObjectStorage,
  now: number,
): Promise<number | null> {
  const records = await storage.list<IdempotencyRecord>({
    prefix: RECORD_PREFIX,
  });
  const { expired, nextExpiry } = expiry(records, now);
  await storage.delete(expired);
  return nextExpiry;
}
