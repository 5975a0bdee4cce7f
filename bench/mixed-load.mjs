// The mixed part of `npm run load`: trainings, predictions, reads and deletes
// of the same few names at once, for a bounded time, from a number of loops
// that each send one request after another. A fetch loop rather than
// autocannon, since every answer is booked (which key got which version, when
// each delete was sent and answered) to check the store afterwards with
// store-invariants.mjs: no version lost or given twice, none back after a
// delete, none readable that was not answered 201.
import { readFileSync } from "node:fs";
import {
  checkModel,
  percentile,
  readableVersions,
} from "./store-invariants.mjs";

const NAMES = ["mix-a", "mix-b", "mix-c"];
// The lab's toy data, 50 epochs.
const { x, y } = JSON.parse(
  readFileSync(new URL("../data/toy.json", import.meta.url), "utf8"),
);
const TOY = JSON.stringify({ x, y, epochs: 50 });

/**
 * The routes, how often a loop picks each, and the statuses each may give
 * besides a 2xx: a read or prediction finds no model just after a delete
 * (404), a delete finds none (404), and a training racing a delete of its
 * name is refused (409 conflict).
 */
const ROUTES = {
  train: {
    weight: 0.3,
    allowed: (status, code) => status === 409 && code === "conflict",
  },
  predict: { weight: 0.35, allowed: (status) => status === 404 },
  read: { weight: 0.3, allowed: (status) => status === 404 },
  delete: { weight: 0.05, allowed: (status) => status === 404 },
};

/** One request of `route` to `name`; resolves to what was sent and answered. */
async function send(base, token, route, name, index) {
  const write = { authorization: `Bearer ${token}` };
  const op = { route, name, key: null, sent: performance.now() };
  let url = `${base}/v1/models/${name}`;
  let init = {};
  if (route === "train") {
    op.key = `mixed-${index}`;
    init = {
      method: "PUT",
      headers: {
        ...write,
        "content-type": "application/json",
        "idempotency-key": op.key,
      },
      body: TOY,
    };
  } else if (route === "delete") {
    init = { method: "DELETE", headers: { ...write } };
    if (index % 2 === 0) {
      op.key = `mixed-${index}`;
      init.headers["idempotency-key"] = op.key;
    }
  } else if (route === "predict") {
    url += "/predict?x=4,3";
  }
  try {
    const response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(30_000),
    });
    const json = await response.json().catch(() => null);
    op.status = response.status;
    op.code = json?.error?.code ?? null;
    op.version = response.ok ? (json?.version ?? null) : null;
  } catch (error) {
    op.status = 0;
    op.code = error.cause?.code ?? error.name;
  }
  op.done = performance.now();
  return op;
}

/**
 * Drives `loops` loops for `seconds` at the Worker at `base`, then checks the
 * store. Resolves to { lines, failures }: the report, and how many errors
 * and violations it found.
 */
export async function mixedRun(base, token, { seconds, loops }) {
  const ops = [];
  let index = 0;
  const end = performance.now() + seconds * 1000;
  const pick = () => {
    let roll = Math.random();
    for (const [route, { weight }] of Object.entries(ROUTES)) {
      if ((roll -= weight) < 0) return route;
    }
    return "read";
  };
  // Each name starts with a version, so the first reads find one.
  for (const name of NAMES)
    ops.push(await send(base, token, "train", name, index++));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < end) {
        const name = NAMES[Math.floor(Math.random() * NAMES.length)];
        ops.push(await send(base, token, pick(), name, index++));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  const lines = [
    `mixed run: ${loops} loops, ${seconds} s of trainings (PUT, Idempotency-Key), predictions (GET predict?x=), reads (GET) and deletes of ${NAMES.join(", ")}`,
    "route      requests  req/s  p50 ms  p99 ms  errors  allowed",
  ];
  let failures = 0;
  for (const [route, { allowed }] of Object.entries(ROUTES)) {
    const mine = ops.filter((op) => op.route === route);
    const ms = mine.map((op) => op.done - op.sent);
    const ok = mine.filter((op) => op.status >= 200 && op.status < 300);
    const fine = mine.filter((op) => allowed(op.status, op.code));
    const errors = mine.length - ok.length - fine.length;
    failures += errors;
    const kinds = new Map();
    for (const op of mine) {
      if (op.status >= 200 && op.status < 300) continue;
      const label = `${op.status || "network"} ${op.code ?? ""}`.trim();
      kinds.set(label, (kinds.get(label) ?? 0) + 1);
    }
    lines.push(
      `${route.padEnd(9)} ${String(mine.length).padStart(9)}  ${(mine.length / elapsed).toFixed(0).padStart(5)}  ${percentile(ms, 50).toFixed(0).padStart(6)}  ${percentile(ms, 99).toFixed(0).padStart(6)}  ${String(errors).padStart(6)}  ${[...kinds].map(([k, n]) => `${k}: ${n}`).join(", ") || "-"}`,
    );
  }

  const violations = [];
  const counts = {
    acknowledged: 0,
    mustRead: 0,
    mustNot: 0,
    either: 0,
    readable: 0,
  };
  let stale = 0;
  for (const name of NAMES) {
    const mine = ops.filter((op) => op.name === name);
    const trainings = mine
      .filter((op) => op.route === "train")
      .map((op) => ({
        key: op.key,
        sent: op.sent,
        done: op.status === 0 ? Infinity : op.done,
        versions: op.status === 201 ? [op.version] : [],
      }));
    const deletes = mine
      .filter((op) => op.route === "delete")
      .map((op) => ({
        sent: op.sent,
        done: op.status === 0 ? Infinity : op.done,
        acknowledged: op.status === 204 || op.status === 404,
      }));
    const { readable, head } = await readableVersions(
      base,
      name,
      trainings.length + 2,
    );
    const checked = checkModel({ name, trainings, deletes, readable, head });
    violations.push(...checked.violations);
    for (const k of Object.keys(counts)) counts[k] += checked.counts[k];
    const acknowledged = trainings.filter((t) => t.versions.length > 0);
    const answeredAt = new Map(
      acknowledged.map((t) => [t.versions[0], t.done]),
    );
    for (const op of mine) {
      if (op.route !== "read" && op.route !== "predict") continue;
      if (op.status === 404) {
        // A 404 is for a name just deleted: the last training answered
        // before the read was sent must have met a delete sent before the
        // read answered (and any earlier training then met it too).
        let last = null;
        for (const t of acknowledged) {
          if (t.done < op.sent && (last === null || t.sent > last.sent))
            last = t;
        }
        if (
          last !== null &&
          !deletes.some((d) => d.sent < op.done && d.done > last.sent)
        ) {
          violations.push(
            `${name}: a ${op.route} answered 404, though version ${last.versions[0]} was answered 201 before it was sent and no delete could have removed it`,
          );
        }
      }
      if (op.status !== 200) continue;
      // A read answered with a version whose 201 came before a delete that
      // had answered before the read was sent: a deleted version served.
      const trained = answeredAt.get(op.version);
      if (trained === undefined) {
        violations.push(
          `${name}: a ${op.route} was answered version ${op.version}, which no training was answered 201`,
        );
      } else if (
        deletes.some(
          (d) => d.acknowledged && d.sent > trained && d.done < op.sent,
        )
      ) {
        stale++;
        violations.push(
          `${name}: a ${op.route} sent after a delete had answered was answered version ${op.version}, trained before that delete`,
        );
      }
    }
  }
  failures += violations.length;
  lines.push(
    `versions: ${counts.acknowledged} trainings answered 201, each a distinct (name, version): ${!violations.some((v) => v.includes("was answered to keys"))}; ` +
      `at the end ${counts.readable} readable (must be readable ${counts.mustRead}, must not ${counts.mustNot}, either ${counts.either}); ` +
      `reads of a deleted version: ${stale}; violations: ${violations.length}`,
  );
  for (const v of violations) lines.push(`VIOLATION ${v}`);
  return { lines, failures };
}
