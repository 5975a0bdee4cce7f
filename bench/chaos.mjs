#!/usr/bin/env node
// Crash check: SIGKILLs `wrangler dev` (wrangler, workerd and esbuild, the
// whole process group) in the middle of bursts of trainings and deletes,
// starts it again on the same state folder (local KV and Durable Object
// storage), and checks from outside what the store promises:
//
// - no version that was not published is readable;
// - a deleted model's versions never come back;
// - a retried request finishes the job, and a retry with the same
//   Idempotency-Key gets the first answer: one version per key, never two;
// - once the lease is past and the Durable Objects' alarms have swept, KV
//   holds no version key that is not a readable version, and a head key
//   exactly for each model that has versions, naming its newest.
//
// Each round fires one burst at a few names: every training is a PUT with its
// own Idempotency-Key (the lab's toy data, a few epochs), deletes are keyed
// or not. Per name and round the burst is one of: trainings only; deletes
// only; or both at once (round 0: trainings only, no kill). The trainings
// leave within 100 ms; the deletes at random moments of the burst's span
// (the time round 0's burst took per request, times this burst's requests),
// so that some meet trainings numbered and not yet published. The server is
// killed at a random moment between 10% and 90% of that span: under wrangler
// dev a burst's answers come in bunches near its end, while its trainings
// wait between being numbered and published for most of it. Requests in
// flight then are killed mid-flight; those sent after it are refused. After the restart every request that got no
// answer is sent again, the same bytes with the same key, until each has a
// final one (409 idempotency_key_in_use: wait past the lease); then every
// keyed request is sent once more and must be answered as the first time,
// marked Idempotent-Replayed.
//
// Which versions must be readable: deletes and trainings of one name in one
// burst race, so the check goes by the client's clock (store-invariants.mjs):
// a version answered 201 before a delete of the name was sent must be gone
// once that delete answered; one sent after every delete of the name had
// answered must be readable; one that overlapped a delete may be either,
// and is then held by the rule that a name's readable versions are all its
// acknowledged versions from some number up (a delete removes a whole
// generation). Rounds follow each other, so a round's trainings are fixed
// against every later round's deletes. All versions of every name, 1 to the
// number of trainings ever sent to it, are read each round.
//
//   npm run chaos                              (5 rounds after round 0)
//   CHAOS_SEED=42 CHAOS_ROUNDS=3 npm run chaos
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startDevServer, WRANGLER } from "./dev-server.mjs";
import {
  checkKv,
  checkModel,
  readableVersions,
  versionInMessage,
} from "./store-invariants.mjs";

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const rounds = Number(process.env.CHAOS_ROUNDS ?? 5);
const NAMES = ["chaos-a", "chaos-b", "chaos-c", "chaos-d"];
const TOKEN = "chaos-token";
const LEASE_SECONDS = 3;
const VARS = {
  API_TOKEN: TOKEN,
  LOG_LEVEL: "error",
  STORE_LEASE_SECONDS: String(LEASE_SECONDS),
};
// A burst's trainings leave within SPREAD_MS of its start.
const SPREAD_MS = 100;

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function generator(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

// The lab's toy data (data/toy.json), without its logging.
const { x: TOY_X, y: TOY_Y } = JSON.parse(
  readFileSync(new URL("../data/toy.json", import.meta.url), "utf8"),
);

/** Everything sent to each name, for the checks. */
const history = new Map(NAMES.map((name) => [name, []]));
const violations = [];
const totals = {
  requests: 0,
  answered: 0,
  killed: 0,
  refused: 0,
  retries: 0,
  storedBeforeKill: 0,
  inUseWaits: 0,
  serverErrors: 0,
  conflicts: 0,
  replays: 0,
  versionsRead: 0,
  mustRead: 0,
  mustNot: 0,
  either: 0,
  skipped: 0,
  hidden: 0,
  unpublished: 0,
};

/** A training of `name` with its own key, or a delete (keyed or not). */
function request(kind, name, round, index, keyed) {
  const key = keyed ? `chaos-${seed}-r${round}-${kind}-${index}` : null;
  const body =
    kind === "train"
      ? JSON.stringify({
          x: TOY_X,
          y: TOY_Y,
          epochs: between(20, 400),
        })
      : undefined;
  return {
    kind,
    name,
    key,
    body,
    sent: Infinity,
    done: Infinity,
    final: null,
    versions: [],
    attempts: 0,
  };
}

/** One attempt of `r` at `base`: the answer, or null for no answer (a network error). */
async function attempt(r, base) {
  r.attempts++;
  const headers = { authorization: `Bearer ${TOKEN}` };
  if (r.key !== null) headers["idempotency-key"] = r.key;
  if (r.body !== undefined) headers["content-type"] = "application/json";
  try {
    const response = await fetch(`${base}/v1/models/${r.name}`, {
      method: r.kind === "train" ? "PUT" : "DELETE",
      headers,
      body: r.body,
      signal: AbortSignal.timeout(30_000),
    });
    const json = await response.json().catch(() => null);
    return {
      status: response.status,
      code: json?.error?.code ?? null,
      message: json?.error?.message ?? null,
      version: response.status === 201 ? json.version : null,
      replayed: response.headers.get("idempotent-replayed") === "true",
    };
  } catch {
    return null;
  }
}

/**
 * What an answer means for `r`: "final", "wait" (the key's first request
 * is taken to run: retry past the lease) or "retry" (a 5xx); records it.
 */
function take(r, answer) {
  const { status, code } = answer;
  if (status === 409 && code === "idempotency_key_in_use") return "wait";
  if (status >= 500) {
    totals.serverErrors++;
    return "retry";
  }
  r.done = now();
  r.final = answer;
  const expected =
    r.kind === "train"
      ? status === 201 ||
        (status === 409 && code === "conflict") ||
        (status === 404 && answer.replayed)
      : status === 204 || status === 404;
  if (!expected) {
    violations.push(
      `${r.kind} of ${r.name} (key ${r.key}) answered ${status} ${code ?? ""}`,
    );
  }
  if (status === 409 && code === "conflict") totals.conflicts++;
  if (status === 201) r.versions.push(answer.version);
  if (r.kind === "train" && status === 404) {
    const v = versionInMessage(answer.message);
    if (v !== null) r.versions.push(v);
  }
  return "final";
}

/**
 * Reads each name once, so that a burst after a restart finds the Worker
 * and the names' Durable Objects started, as round 0's burst did, whose
 * time sets when later bursts are killed.
 */
async function warm(base) {
  for (const name of NAMES) {
    const response = await fetch(`${base}/v1/models/${name}`);
    await response.arrayBuffer();
  }
}

/**
 * Fires `requests`: trainings within SPREAD_MS, deletes within `spanMs`;
 * SIGKILLs `server` `killAfter` ms after the start (never when null).
 * Resolves to how many were answered, killed in flight (sent before the
 * kill, no answer) and refused (sent after it), and when the last answer
 * came.
 */
async function burst(server, requests, spanMs, killAfter) {
  const start = now();
  let killedAt = Infinity;
  const killing =
    killAfter === null
      ? Promise.resolve()
      : sleep(killAfter).then(async () => {
          killedAt = now();
          await server.kill();
        });
  const counts = { answered: 0, killed: 0, refused: 0 };
  let lastAnswer = 0;
  // Trainings leave at once; deletes all along the burst, so that some meet
  // trainings numbered and not yet published.
  const delays = requests.map((r) =>
    between(0, r.kind === "train" ? SPREAD_MS : Math.max(SPREAD_MS, spanMs)),
  );
  await Promise.all(
    requests.map(async (r, i) => {
      await sleep(delays[i]);
      r.sent = now();
      const answer = await attempt(r, server.url);
      if (answer !== null) {
        take(r, answer);
        counts.answered++;
        lastAnswer = now() - start;
      } else if (r.sent < killedAt) counts.killed++;
      else counts.refused++;
    }),
  );
  await killing;
  return { ...counts, killedMs: killedAt - start, lastAnswer };
}

/** Sends `pending` again until each has a final answer. */
async function settle(base, pending) {
  let waves = 0;
  while (pending.length > 0) {
    if (++waves > 20) {
      violations.push(
        `${pending.length} requests had no final answer after 20 waves`,
      );
      return waves;
    }
    const outcomes = await Promise.all(
      pending.map(async (r) => {
        totals.retries++;
        const answer = await attempt(r, base);
        if (answer === null) return "retry";
        // The killed request had finished its write: the retry is a replay.
        if (answer.replayed) totals.storedBeforeKill++;
        return take(r, answer);
      }),
    );
    const wait = outcomes.includes("wait");
    if (wait) totals.inUseWaits++;
    pending = pending.filter((_, i) => outcomes[i] !== "final");
    if (pending.length > 0)
      await sleep(wait ? LEASE_SECONDS * 1000 + 500 : 500);
  }
  return waves;
}

/** Sends every keyed request once more: it must be answered as it first was. */
async function replayAll(base, requests) {
  const keyed = requests.filter((r) => r.key !== null && r.final !== null);
  await Promise.all(
    keyed.map(async (r) => {
      const answer = await attempt(r, base);
      totals.replays++;
      const first = r.final;
      const same =
        answer !== null &&
        answer.replayed &&
        (answer.status === first.status ||
          // A 201 whose version was deleted since answers 404 naming it.
          (first.status === 201 && answer.status === 404));
      if (!same) {
        violations.push(
          `${r.kind} of ${r.name} (key ${r.key}) first answered ${first.status}, replayed ${answer?.status ?? "no answer"}${answer?.replayed ? "" : " not marked Idempotent-Replayed"}`,
        );
        return;
      }
      const v = answer.version ?? versionInMessage(answer.message);
      if (r.kind === "train" && v !== null) r.versions.push(v);
    }),
  );
  return keyed.length;
}

/**
 * Reads every version of every name and checks them against what was
 * answered: the readable versions by name, and how many of each kind.
 */
async function checkApi(base) {
  const readable = new Map();
  const counts = { read: 0, mustRead: 0, mustNot: 0, either: 0, skipped: 0 };
  for (const name of NAMES) {
    const sent = history.get(name);
    const trainings = sent.filter((r) => r.kind === "train");
    const upTo = trainings.reduce((n, r) => n + r.attempts, 0) + 2;
    const found = await readableVersions(base, name, upTo);
    readable.set(name, found.readable);
    const checked = checkModel({
      name,
      trainings,
      deletes: sent
        .filter((r) => r.kind === "delete")
        .map((r) => ({ ...r, acknowledged: r.final !== null })),
      readable: found.readable,
      head: found.head,
    });
    violations.push(...checked.violations);
    counts.read += upTo;
    counts.mustRead += checked.counts.mustRead;
    counts.mustNot += checked.counts.mustNot;
    counts.either += checked.counts.either;
    counts.skipped += checked.counts.skipped;
  }
  return { readable, counts };
}

/** The local KV namespace's keys, as `wrangler kv key list` reads the state folder. */
async function kvKeys(state) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      WRANGLER,
      "kv",
      "key",
      "list",
      "--binding",
      "MODELS",
      "--local",
      "--persist-to",
      state,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

/**
 * Waits past the lease for the alarms' sweep, then checks KV: `looks` is
 * how many listings it took (alarms may lag), `seconds` when the last began.
 */
async function checkConverged(server, readable) {
  const start = now();
  await sleep(LEASE_SECONDS * 1000 + 2000);
  let last = [];
  for (let looks = 1; looks <= 4; looks++) {
    const seconds = (now() - start) / 1000;
    const keys = await kvKeys(server.state);
    last = checkKv(keys, readable);
    if (last.length === 0) return { keys: keys.length, looks, seconds };
    await sleep(3000);
  }
  violations.push(...last);
  return { keys: null, looks: 4, seconds: (now() - start) / 1000 };
}

/**
 * Of the KV `keys` a kill left, the version keys no reader may see (not
 * readable once the requests were settled), and how many of those no
 * training was ever answered: written, then killed before publishing,
 * which only the alarm's sweep (or a later delete's listing) deletes.
 */
function leftovers(keys, readable) {
  let hidden = 0;
  let unpublished = 0;
  for (const { name: key } of keys) {
    const match = /^model:(.+):v(\d+)$/.exec(key);
    if (match === null || !readable.has(match[1])) continue;
    const [, name, v] = match;
    if (readable.get(name).includes(Number(v))) continue;
    hidden++;
    const answered = history
      .get(name)
      .some((r) => r.versions.includes(Number(v)));
    if (!answered) unpublished++;
  }
  return { hidden, unpublished };
}

/** Processes left in `group` (ps), after a kill: must be none. */
function leftInGroup(group) {
  const rows = execFileSync("ps", ["-eo", "pid=,pgid="])
    .toString()
    .trim()
    .split("\n");
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter(([, g]) => Number(g) === group).length;
}

/** The requests of one round: a plan per name. */
function plan(round) {
  const requests = [];
  const plans = [];
  for (const name of NAMES) {
    const roll = random();
    const kind =
      round === 0 || roll < 0.4 ? "train" : roll < 0.8 ? "race" : "delete";
    plans.push(`${name.slice(-1)}=${kind}`);
    const trainings = kind === "delete" ? 0 : between(3, 8);
    const deletes = kind === "train" ? 0 : between(1, 2);
    for (let i = 0; i < trainings; i++)
      requests.push(request("train", name, round, requests.length, true));
    for (let i = 0; i < deletes; i++)
      requests.push(
        request("delete", name, round, requests.length, random() < 0.5),
      );
  }
  for (const r of requests) history.get(r.name).push(r);
  return { requests, plans: plans.join(" ") };
}

mkdirSync("bench/out", { recursive: true });
const state = mkdtempSync(join("bench/out", `chaos-${seed}-`));
console.log(
  `chaos: seed ${seed}, ${rounds} rounds after round 0, names ${NAMES.join(", ")}, lease ${LEASE_SECONDS} s, state ${state} (${new Date().toISOString().slice(0, 10)}, ${(await import("node:os")).cpus().length} cores)`,
);
const started = now();
let server = await startDevServer(VARS, { state });
let leftOver = 0;
let perRequestMs = 0;
try {
  for (let round = 0; round <= rounds; round++) {
    const { requests, plans } = plan(round);
    // A moment within the time round 0's burst took per request, times
    // this burst's requests: answers come in bunches late in a burst, while
    // its trainings wait to be numbered and published all along.
    const spanMs = Math.round(perRequestMs * requests.length);
    const killAfter =
      round === 0 ? null : Math.round(spanMs * (0.1 + 0.8 * random()));
    await warm(server.url);
    const fired = await burst(server, requests, spanMs, killAfter);
    if (round === 0) perRequestMs = fired.lastAnswer / requests.length;
    totals.requests += requests.length;
    totals.answered += fired.answered;
    totals.killed += fired.killed;
    totals.refused += fired.refused;
    let restartS = 0;
    let left = null;
    if (killAfter !== null) {
      leftOver += leftInGroup(server.group);
      writeFileSync(join(state, `server-${round}.log`), server.output());
      // What the crash left in KV, read with the server down.
      left = await kvKeys(state);
      const t = now();
      server = await startDevServer(VARS, { state });
      restartS = (now() - t) / 1000;
    }
    const retriesBefore = totals.retries;
    const waves = await settle(
      server.url,
      requests.filter((r) => r.final === null),
    );
    const replayed = await replayAll(server.url, requests);
    const { readable, counts: c } = await checkApi(server.url);
    const hidden = left === null ? null : leftovers(left, readable);
    if (hidden !== null) {
      totals.hidden += hidden.hidden;
      totals.unpublished += hidden.unpublished;
    }
    const converged = await checkConverged(server, readable);
    const { readable: again } = await checkApi(server.url);
    for (const name of NAMES) {
      if (readable.get(name).join() !== again.get(name).join()) {
        violations.push(
          `${name}: readable ${readable.get(name).join(",")} before the sweep, ${again.get(name).join(",")} after`,
        );
      }
    }
    totals.versionsRead += c.read;
    totals.mustRead += c.mustRead;
    totals.mustNot += c.mustNot;
    totals.either += c.either;
    totals.skipped = c.skipped;
    const trainings = requests.filter((r) => r.kind === "train").length;
    console.log(
      `round ${round}: ${plans}; ${requests.length} requests (${trainings} trainings, ${requests.length - trainings} deletes)` +
        (killAfter === null
          ? ""
          : `, killed at ${Math.round(fired.killedMs)} ms: ${fired.answered} answered, ${fired.killed} killed mid-flight, ${fired.refused} refused; restarted in ${restartS.toFixed(1)} s`) +
        `; ${totals.retries - retriesBefore} retries in ${waves} waves; ${replayed} replays; ${c.read} versions read` +
        ` (${[...readable.values()].flat().length} readable; must be readable ${c.mustRead}, must not ${c.mustNot}, either ${c.either})` +
        (hidden === null
          ? ""
          : `; the kill left ${hidden.hidden} version keys no reader may see (${hidden.unpublished} never published)`) +
        `; KV ${converged.keys === null ? "NOT converged" : `converged, ${converged.keys} keys`} ${converged.seconds.toFixed(1)} s after the checks (look ${converged.looks})`,
    );
  }
} finally {
  await server.kill();
  leftOver += leftInGroup(server.group);
}
const seconds = (now() - started) / 1000;
if (leftOver > 0)
  violations.push(`${leftOver} processes outlived a SIGKILL of their group`);
console.log(
  `total: ${totals.requests} requests, ${totals.answered} answered in the burst, ${totals.killed} killed mid-flight, ${totals.refused} refused while down; ` +
    `${totals.retries} retries (${totals.storedBeforeKill} answered as replays: written before the kill; ${totals.inUseWaits} waits for a key in use; ${totals.serverErrors} 5xx); ${totals.conflicts} trainings refused 409 conflict by a racing delete; ${totals.skipped} version numbers no key got (allocated by a training that died before publishing); ` +
    `the kills left ${totals.hidden} version keys no reader may see (${totals.unpublished} written and never published), ${violations.some((v) => v.startsWith("KV")) ? "not all swept" : "all swept"}; ` +
    `${totals.replays} replays; ${totals.versionsRead} version reads (versions' fates checked, over all rounds: must be readable ${totals.mustRead}, must not ${totals.mustNot}, either ${totals.either}); ` +
    `no process outlived a kill: ${leftOver === 0}; ${seconds.toFixed(0)} s`,
);
for (const v of new Set(violations)) console.log(`VIOLATION ${v}`);
console.log(
  violations.length === 0 ? "PASS" : `FAIL: ${violations.length} violations`,
);
process.exit(violations.length === 0 ? 0 : 1);
