// What the model store promises a client, checked from outside, from what
// clients were answered and when (bench/chaos.mjs, bench/load.mjs).
//
// A delete starts a new generation: versions numbered before it are gone for
// good, versions numbered after it are served once published, and numbers
// only grow. So at any moment the readable versions of a name are exactly
// the acknowledged (201) versions from some number up: an upper segment of
// them. Real time fixes the fate of many versions:
//
// - a version whose training answered 201 before an acknowledged delete of
//   the name was sent must not be readable (a delete's versions never come
//   back), whatever came later;
// - a version whose training was sent after every delete of the name had
//   answered must be readable (nothing is lost);
// - a training that overlapped a delete may be on either side; then only the
//   upper-segment rule holds it.
//
// Times are the client's (performance.now()): `sent` when the first attempt
// left, `done` when the final answer (after any retries) arrived; a request
// never answered has done = Infinity. Every check returns the violations it
// found as sentences; none is a pass.

/** The version a 404 replay names: "model x has no version 7" → 7. */
export function versionInMessage(message) {
  const match = /has no version (\d+)$/.exec(message ?? "");
  return match === null ? null : Number(match[1]);
}

/**
 * Checks one name.
 *
 * @param {object} model
 * @param {string} model.name
 * @param {{key: string, sent: number, done: number, versions: number[]}[]} model.trainings
 *   every training of the name; `versions`: each number an answer gave it
 *   (a 201's, a 404 replay's), in order
 * @param {{sent: number, done: number, acknowledged: boolean}[]} model.deletes
 *   every delete of the name; acknowledged: answered 204 or 404
 * @param {number[]} model.readable the versions a GET ?version= found
 * @param {number | null} model.head the version a GET without ?version= found
 * @returns {{violations: string[], counts: {acknowledged: number, mustRead: number, mustNot: number, either: number, readable: number, skipped: number}}}
 *   skipped: numbers below the newest acknowledged version that no training
 *   was answered: allocated by one that died, or was refused, before it
 *   published
 */
export function checkModel({ name, trainings, deletes, readable, head }) {
  const violations = [];
  const owner = new Map();
  const acknowledged = [];
  for (const t of trainings) {
    if (t.versions.length === 0) continue;
    const v = t.versions[0];
    if (t.versions.some((w) => w !== v)) {
      violations.push(
        `${name}: key ${t.key} was answered versions ${t.versions.join(", ")}: a retry ran the training again`,
      );
    }
    if (owner.has(v)) {
      violations.push(
        `${name}: version ${v} was answered to keys ${owner.get(v)} and ${t.key}`,
      );
      continue;
    }
    owner.set(v, t.key);
    acknowledged.push({ v, t });
  }
  const found = new Set(readable);
  const counts = {
    acknowledged: acknowledged.length,
    mustRead: 0,
    mustNot: 0,
    either: 0,
    readable: readable.length,
    skipped: Math.max(0, ...owner.keys()) - owner.size,
  };
  for (const { v, t } of acknowledged) {
    const gone = deletes.some((d) => d.acknowledged && d.sent > t.done);
    const kept = deletes.every((d) => d.done < t.sent);
    if (gone) {
      counts.mustNot++;
      if (found.has(v)) {
        violations.push(
          `${name}: version ${v} (key ${t.key}) is readable, though a delete was sent after its 201 and answered`,
        );
      }
    } else if (kept) {
      counts.mustRead++;
      if (!found.has(v)) {
        violations.push(
          `${name}: version ${v} (key ${t.key}) is lost: answered 201 after every delete of the name had answered, and not readable`,
        );
      }
    } else {
      counts.either++;
    }
  }
  for (const v of readable) {
    if (!owner.has(v)) {
      violations.push(
        `${name}: version ${v} is readable but was never answered 201 (an unpublished write, or a deleted version come back)`,
      );
    }
  }
  const lowest = Math.min(...readable);
  for (const v of owner.keys()) {
    if (v > lowest && !found.has(v)) {
      violations.push(
        `${name}: version ${v} is not readable while older version ${lowest} is: a delete removes whole generations`,
      );
    }
  }
  const newest = readable.length === 0 ? null : Math.max(...readable);
  if (head !== newest) {
    violations.push(
      `${name}: GET /v1/models/${name} found version ${head}, the newest readable is ${newest}`,
    );
  }
  return { violations, counts };
}

/**
 * Checks the KV namespace against the readable versions, once the sweep has
 * run: every `model:<name>:v<n>` key is a readable version, every readable
 * version has its key, and `head:<name>` exists exactly for the names with
 * readable versions and carries the newest one.
 *
 * @param {{name: string, metadata?: {version?: number}}[]} keys `wrangler kv key list`'s output
 * @param {Map<string, number[]>} readable by name
 * @returns {string[]} the violations
 */
export function checkKv(keys, readable) {
  const violations = [];
  const seen = new Map([...readable.keys()].map((name) => [name, new Set()]));
  const heads = new Map();
  for (const { name: key, metadata } of keys) {
    const version = /^model:(.+):v(\d+)$/.exec(key);
    const head = /^head:(.+)$/.exec(key);
    if (version !== null && readable.has(version[1])) {
      const [, name, v] = version;
      seen.get(name).add(Number(v));
      if (!readable.get(name).includes(Number(v))) {
        violations.push(
          `KV holds ${key}, which is not a readable version (never published, or deleted)`,
        );
      }
    } else if (head !== null && readable.has(head[1])) {
      heads.set(head[1], metadata?.version ?? null);
    } else {
      violations.push(`KV holds ${key}, which no model of this run owns`);
    }
  }
  for (const [name, versions] of readable) {
    for (const v of versions) {
      if (!seen.get(name).has(v)) {
        violations.push(`KV lacks model:${name}:v${v}, a readable version`);
      }
    }
    const newest = versions.length === 0 ? null : Math.max(...versions);
    if (!heads.has(name)) {
      if (newest !== null) {
        violations.push(
          `KV has no head:${name}, though version ${newest} is readable`,
        );
      }
    } else if (newest === null) {
      violations.push(
        `KV holds head:${name}, though the model has no readable version`,
      );
    } else if (heads.get(name) !== newest) {
      violations.push(
        `KV's head:${name} says version ${heads.get(name)}, the newest readable is ${newest}`,
      );
    }
  }
  return violations;
}

/** The p-th percentile (0..100) of `values`, by nearest rank; 0 for none. */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * The versions of `name` readable through the API, 1..upTo, and the head
 * GET /v1/models/{name} finds; `concurrency` requests at a time. A status
 * other than 200 or 404 throws.
 */
export async function readableVersions(base, name, upTo, concurrency = 8) {
  const found = [];
  let next = 1;
  async function worker() {
    while (next <= upTo) {
      const v = next++;
      const response = await fetch(`${base}/v1/models/${name}?version=${v}`);
      await response.arrayBuffer();
      if (response.status === 200) found.push(v);
      else if (response.status !== 404) {
        throw new Error(
          `GET /v1/models/${name}?version=${v} answered ${response.status}`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const response = await fetch(`${base}/v1/models/${name}`);
  const body = await response.json();
  if (response.status !== 200 && response.status !== 404) {
    throw new Error(`GET /v1/models/${name} answered ${response.status}`);
  }
  return {
    readable: found.sort((a, b) => a - b),
    head: response.status === 200 ? body.version : null,
  };
}
