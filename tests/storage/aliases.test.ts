/**
 * Aliases and the listing of versions in storage, calling the modules
 * directly: the pure rules of the ledger (which version a read gets, which
 * alias writes change it), the name's Durable Object against real bindings
 * (only published versions are listed or aliased, a delete clears the
 * aliases, legacy versions are summarised from KV a bounded number a
 * page), and the isolate's cache (an alias moved elsewhere steers this
 * isolate's reads once its range expires, within HEAD_TTL_MS).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  MAX_ALIASES,
  dropAlias,
  pointAlias,
} from "../../src/storage/alias-records";
import {
  aliasesOfVersion,
  changeAlias,
  listVersions,
  readAliases,
} from "../../src/storage/alias-store";
import { headKey, versionKey } from "../../src/storage/keys";
import { HEAD_TTL_MS, cacheRange } from "../../src/storage/model-cache";
import {
  deleteModel,
  loadModel,
  loadWarmStart,
  saveModel,
} from "../../src/storage/model-store";
import {
  allocate,
  newLedger,
  publish,
  resolve,
  tombstone,
  versionAsked,
  type Ledger,
} from "../../src/storage/version-ledger";
import { ADOPT_PER_CALL } from "../../src/storage/version-summaries";
import { storedForm } from "../../src/storage/weights-codec";
import { modelVersion } from "../fixtures/model-version";

const META = {
  features: 1,
  samples: 6,
  accuracy: 0.5,
  createdAt: "2026-01-01T00:00:00.000Z",
};

/** A ledger of `name` with versions 1..n published. */
function ledgerWith(n: number): Ledger {
  const ledger = newLedger("m", null);
  for (let v = 1; v <= n; v++) {
    publish(ledger, allocate(ledger, 0), { ...META, version: v });
  }
  return ledger;
}

describe("which version a read gets (versionAsked)", () => {
  const aliases = [
    { alias: "__proto__", version: 1 },
    { alias: "serving", version: 2 },
  ];

  it("takes a number as it is, an alias as its target, an unknown alias as 0", () => {
    expect(versionAsked(aliases, 5, 3, "serving")).toBe(3);
    expect(versionAsked(aliases, 5, "serving", "newest")).toBe(2);
    expect(versionAsked(aliases, 5, "__proto__", "serving")).toBe(1);
    expect(versionAsked(aliases, 5, "constructor", "serving")).toBe(0);
  });

  it("without a version: serving's target, else the newest; or the newest whatever serving says", () => {
    expect(versionAsked(aliases, 5, undefined, "serving")).toBe(2);
    expect(versionAsked([], 5, undefined, "serving")).toBe(5);
    expect(versionAsked(aliases, 5, undefined, "newest")).toBe(5);
  });

  it("reads a ledger stored before aliases existed as having none", () => {
    const ledger = ledgerWith(2);
    delete ledger.aliases;
    expect(resolve(ledger)).toEqual({
      head: 2,
      floor: 1,
      aliases: [],
      version: 2,
    });
    expect(resolve(ledger, "serving").version).toBeNull();
  });
});

describe("alias writes (pointAlias, dropAlias)", () => {
  it("point only at published versions: not a pending, a future or a deleted one", () => {
    const ledger = ledgerWith(2);
    const pending = allocate(ledger, 0);
    for (const version of [pending, 9, 0]) {
      expect(pointAlias(ledger, "a", version).outcome).toBe("no_version");
    }
    expect(ledger.aliases).toEqual([]);
    tombstone(ledger);
    expect(pointAlias(ledger, "a", 1).outcome).toBe("no_model");
  });

  it("keep name order, move an alias in place, and stop at MAX_ALIASES", () => {
    const ledger = ledgerWith(2);
    expect(pointAlias(ledger, "b", 1).outcome).toBe("set");
    expect(pointAlias(ledger, "a", 2).outcome).toBe("set");
    expect(pointAlias(ledger, "b", 2).outcome).toBe("set");
    expect(ledger.aliases).toEqual([
      { alias: "a", version: 2 },
      { alias: "b", version: 2 },
    ]);
    for (let i = ledger.aliases!.length; i < MAX_ALIASES; i++) {
      expect(pointAlias(ledger, `x${i}`, 1).outcome).toBe("set");
    }
    const full = structuredClone(ledger.aliases);
    expect(pointAlias(ledger, "one-more", 1).outcome).toBe("full");
    expect(ledger.aliases).toEqual(full);
    // Moving an existing alias needs no room.
    expect(pointAlias(ledger, "a", 1).outcome).toBe("set");
  });

  it("delete an alias, or say there was none", () => {
    const ledger = ledgerWith(1);
    pointAlias(ledger, "serving", 1);
    expect(dropAlias(ledger, "other").outcome).toBe("no_alias");
    expect(dropAlias(ledger, "serving").outcome).toBe("deleted");
    expect(ledger.aliases).toEqual([]);
  });

  it("are cleared by a delete, with the versions they point at", () => {
    const ledger = ledgerWith(1);
    pointAlias(ledger, "serving", 1);
    tombstone(ledger);
    expect(ledger.aliases).toEqual([]);
  });
});

describe("the name's Durable Object", () => {
  it("lists and aliases only published versions, never a pending one", async () => {
    await saveModel(env, modelVersion("do-pending", [1]));
    const versions = env.MODEL_VERSIONS.getByName("do-pending");
    const pending = await versions.allocate("do-pending");
    const page = await listVersions(env, "do-pending", 10);
    expect(page?.versions.map((v) => v.version)).toEqual([1]);
    const change = await changeAlias(env, "do-pending", "next", pending);
    expect(change.outcome).toBe("no_version");
    expect(await readAliases(env, "do-pending")).toEqual([]);
  });

  it("forgets the aliases and the listing of a deleted model", async () => {
    await saveModel(env, modelVersion("do-deleted", [1]));
    await changeAlias(env, "do-deleted", "serving", 1);
    await deleteModel(env, "do-deleted");
    expect(await readAliases(env, "do-deleted")).toBeNull();
    expect(await listVersions(env, "do-deleted", 10)).toBeNull();
    const again = await saveModel(env, modelVersion("do-deleted", [2]));
    expect(await readAliases(env, "do-deleted")).toEqual([]);
    const page = await listVersions(env, "do-deleted", 10);
    expect(page?.versions.map((v) => v.version)).toEqual([again.version]);
  });

  it(`summarises versions stored before summaries from KV, ${ADOPT_PER_CALL} a page at most`, async () => {
    // As the store was before the ledger: version keys and a head in KV only.
    const name = "do-legacy";
    const count = ADOPT_PER_CALL + 5;
    for (let v = 1; v <= count; v++) {
      const version = {
        ...modelVersion(name, [v]),
        version: v,
        accuracy: v / 100,
        createdAt: new Date(Date.UTC(2026, 0, v)).toISOString(),
      };
      await env.MODELS.put(
        versionKey(name, v),
        JSON.stringify(storedForm(version)),
      );
    }
    await env.MODELS.put(headKey(name), String(count));
    const first = await listVersions(env, name, 1000);
    expect(first?.versions).toHaveLength(ADOPT_PER_CALL);
    expect(first?.versions[0]).toEqual({
      version: count,
      createdAt: new Date(Date.UTC(2026, 0, count)).toISOString(),
      accuracy: count / 100,
      threshold: 0.5,
      aliases: [],
    });
    expect(first?.cursor).not.toBeNull();
    const rest = await listVersions(env, name, 1000, Number(first?.cursor));
    expect(rest?.versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(rest?.cursor).toBeNull();
    // Now kept: the whole listing is one page.
    const whole = await listVersions(env, name, 1000);
    expect(whole?.versions).toHaveLength(count);
    expect(whole?.cursor).toBeNull();
  });
});

describe("reads through the store and the isolate's cache", () => {
  it("serve the serving version, an alias, and the newest to a warm start", async () => {
    await saveModel(env, modelVersion("st-serve", [1]));
    await saveModel(env, modelVersion("st-serve", [2]));
    await changeAlias(env, "st-serve", "serving", 1);
    expect((await loadModel(env, "st-serve"))?.version).toBe(1);
    expect((await loadModel(env, "st-serve", "serving"))?.version).toBe(1);
    expect((await loadModel(env, "st-serve", 2))?.version).toBe(2);
    expect(await loadModel(env, "st-serve", "nope")).toBeNull();
    const warm = await loadWarmStart(env, { model: "st-serve" });
    expect(warm?.version).toBe(2);
    expect(await aliasesOfVersion(env, "st-serve", 1)).toEqual(["serving"]);
  });

  it(`see serving moved by another isolate once the cached range expires (${HEAD_TTL_MS} ms)`, async () => {
    await saveModel(env, modelVersion("st-moved", [1]));
    await saveModel(env, modelVersion("st-moved", [2]));
    expect((await loadModel(env, "st-moved"))?.version).toBe(2);
    // Another isolate's rollback: through the Durable Object, not this cache.
    await env.MODEL_VERSIONS.getByName("st-moved").changeAlias(
      "st-moved",
      "serving",
      1,
    );
    expect((await loadModel(env, "st-moved"))?.version).toBe(2);
    cacheRange("st-moved", { head: 2, floor: 1 }, Date.now() - HEAD_TTL_MS - 1);
    expect((await loadModel(env, "st-moved"))?.version).toBe(1);
  });

  it("see serving moved through this isolate at once", async () => {
    await saveModel(env, modelVersion("st-here", [1]));
    await saveModel(env, modelVersion("st-here", [2]));
    expect((await loadModel(env, "st-here"))?.version).toBe(2);
    await changeAlias(env, "st-here", "serving", 1);
    expect((await loadModel(env, "st-here"))?.version).toBe(1);
    await changeAlias(env, "st-here", "serving", null);
    expect((await loadModel(env, "st-here"))?.version).toBe(2);
  });
});
