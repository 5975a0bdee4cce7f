/**
 * What a model name's Durable Object knows of its versions: the ledger, and
 * the pure rules that read and change it. `model-versions.ts` keeps one
 * ledger per name in the object's storage and does the I/O around it.
 *
 * A version is published once the ledger says so, and only then readable:
 * a version key in KV is not enough. Published versions of the current
 * generation are those from `floor` to `head` that are neither pending
 * (allocated, not yet published) nor abandoned (allocated, never published,
 * swept). A delete starts a new generation: `floor` moves past every number
 * handed out, so versions of a deleted generation are never served again,
 * whatever KV still holds; numbers are never reused.
 *
 * The ledger also holds the model's aliases, which a delete clears with the
 * versions they point at (alias-records.ts changes them). A read names a
 * version by number or by alias; one that names none gets the version the
 * alias `serving` names, else the newest (`versionAsked`).
 */
import type { HeadMetadata } from "../domain/model-version";
import type { VersionRef } from "../engine/init";

/** One alias: its name and the version it points at. */
export interface Alias {
  readonly alias: string;
  readonly version: number;
}

/** The alias that, when set, reads without `version` get. */
export const SERVING = "serving";

/**
 * What a read that names no version gets: `serving`, the version the alias
 * serving names (the newest when it is not set), or `newest`, the newest
 * published version whatever serving says (a warm start's default).
 */
export type DefaultVersion = "serving" | "newest";

/**
 * The version number a read of `asked` looks for, given the model's
 * `aliases` (an array, so no name such as `__proto__` means anything but
 * itself) and newest published version `head`: `asked` itself when it is
 * a number, its alias's target when it is a name, else the default. 0
 * when `asked` names no alias (version 0 never exists).
 */
export function versionAsked(
  aliases: readonly Alias[],
  head: number,
  asked: VersionRef | undefined,
  byDefault: DefaultVersion,
): number {
  if (typeof asked === "number") return asked;
  const name = asked ?? (byDefault === "serving" ? SERVING : undefined);
  const target = aliases.find((entry) => entry.alias === name)?.version;
  return target ?? (asked === undefined ? head : 0);
}

/** One model name's versions, as its Durable Object stores them. */
export interface Ledger {
  /** The model name (KV keys are built from it). */
  readonly name: string;
  /** The next unused version number. */
  next: number;
  /** Versions below it belong to deleted generations. */
  floor: number;
  /** The newest published version; 0 when the name has none. */
  head: number;
  /** What the KV head of `head` carries for listing. */
  headMetadata: HeadMetadata | null;
  /** False while the KV head may not match `head` (a crash between the two). */
  headSynced: boolean;
  /**
   * Allocated and not yet published: version → when, in ms since the epoch.
   * Those below `floor` were allocated before a delete: never published,
   * they stay here until the lease passed, as their key may still be
   * written after the delete's cleanup listed KV.
   */
  pending: Record<string, number>;
  /** Allocated in this generation and given up: never published. */
  abandoned: number[];
  /** Abandoned versions whose KV keys may still exist. */
  unswept: number[];
  /** When > 0: the version keys below it (deleted generations) may still exist in KV. */
  cleanupBelow: number;
  /** Where the cleanup's listing of KV stopped ("" for the start). */
  cleanupCursor: string;
  /**
   * The aliases, in name order, each pointing at a published version of
   * this generation; absent in ledgers stored before aliases existed.
   */
  aliases?: Alias[];
}

/** What a read learns from the ledger. */
export interface Resolution {
  /** The newest published version, 0 when the name has none. */
  head: number;
  /** Versions below it were deleted. */
  floor: number;
  /** The model's aliases, in name order. */
  aliases: readonly Alias[];
  /** The asked version (the default when none was asked), if published; else null. */
  version: number | null;
}

/**
 * A new ledger for `name`. `kvHead` is what KV's head key said before this
 * ledger existed and `next` what an earlier object had numbered up to:
 * versions up to the head count as published (they were, under the old
 * scheme), those between it and `next` as abandoned.
 */
export function newLedger(
  name: string,
  kvHead: number | null,
  next?: number,
): Ledger {
  const head = kvHead ?? 0;
  const start = Math.max(next ?? 1, head + 1);
  const abandoned: number[] = [];
  // Numbers an earlier object handed out above the head: never published.
  if (head > 0) for (let v = head + 1; v < start; v++) abandoned.push(v);
  return {
    name,
    next: start,
    floor: head > 0 ? 1 : start,
    head,
    headMetadata: null,
    headSynced: true,
    pending: {},
    abandoned,
    unswept: [...abandoned],
    cleanupBelow: 0,
    cleanupCursor: "",
    aliases: [],
  };
}

/** True when `version` is published in the ledger's current generation. */
export function isPublished(ledger: Ledger, version: number): boolean {
  return (
    version >= ledger.floor &&
    version <= ledger.head &&
    !(String(version) in ledger.pending) &&
    !ledger.abandoned.includes(version)
  );
}

/**
 * The published version a read of `version` (a number or an alias) finds;
 * of none, the version `byDefault` picks (`versionAsked`).
 */
export function resolve(
  ledger: Ledger,
  version?: VersionRef,
  byDefault: DefaultVersion = "serving",
): Resolution {
  const aliases = ledger.aliases ?? [];
  const asked = versionAsked(aliases, ledger.head, version, byDefault);
  return {
    head: ledger.head,
    floor: ledger.floor,
    aliases,
    version: asked > 0 && isPublished(ledger, asked) ? asked : null,
  };
}

/** Hands out the next number, pending from `now`. */
export function allocate(ledger: Ledger, now: number): number {
  const version = ledger.next++;
  ledger.pending[String(version)] = now;
  return version;
}

/**
 * Publishes pending `version`; false when it is no longer pending (it was
 * abandoned as too old) or its generation was deleted (it stays pending
 * until the lease passed). The head moves only forward.
 */
export function publish(
  ledger: Ledger,
  version: number,
  metadata: HeadMetadata,
): boolean {
  if (!(String(version) in ledger.pending) || version < ledger.floor) {
    return false;
  }
  delete ledger.pending[String(version)];
  if (version > ledger.head) {
    ledger.head = version;
    ledger.headMetadata = metadata;
    ledger.headSynced = false;
  }
  return true;
}

/**
 * Records a delete: a new generation begins above every number handed out,
 * without aliases, and the old generation's keys are left to clean up. Pending versions stay
 * pending, never to be published: a training that allocated one may write
 * its key after the cleanup has listed KV, and die before publishing, so
 * only the lease tells when its key can be swept for good.
 *
 * @returns false when there was nothing to delete
 */
export function tombstone(ledger: Ledger): boolean {
  const existed =
    ledger.head > 0 ||
    Object.keys(ledger.pending).some((v) => Number(v) >= ledger.floor);
  ledger.floor = ledger.next;
  ledger.cleanupBelow = ledger.next;
  ledger.cleanupCursor = "";
  ledger.head = 0;
  ledger.headMetadata = null;
  ledger.headSynced = false;
  ledger.abandoned = [];
  ledger.unswept = [];
  ledger.aliases = [];
  return existed;
}

/**
 * Abandons the versions pending since before `before` (ms): their trainings
 * died between allocating and publishing. Their keys join `unswept`.
 *
 * @returns how many were abandoned
 */
export function abandonStale(ledger: Ledger, before: number): number {
  let count = 0;
  for (const [key, at] of Object.entries(ledger.pending)) {
    if (at >= before) continue;
    delete ledger.pending[key];
    if (Number(key) >= ledger.floor) ledger.abandoned.push(Number(key));
    ledger.unswept.push(Number(key));
    count++;
  }
  return count;
}

/** The earliest time (ms) a pending version may be abandoned; null if none is pending. */
export function oldestPending(ledger: Ledger): number | null {
  const times = Object.values(ledger.pending);
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * True while KV has keys to delete. (A KV head left unwritten by a crash
 * between publishing and moving it is rewritten by the next call, or by the
 * sweep a lease after publishing, when the version stopped being pending.)
 */
export function needsSweep(ledger: Ledger): boolean {
  return ledger.cleanupBelow > 0 || ledger.unswept.length > 0;
}
