/**
 * The in-isolate cache: versions read once, heads trusted for a short time,
 * writes and deletes through this isolate seen at once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  HEAD_TTL_MS,
  MAX_CACHED_VERSIONS,
  cacheRange,
  cacheVersion,
  cachedRange,
  cachedVersion,
} from "../../src/storage/model-cache";
import type { ModelVersion } from "../../src/domain/model-version";
import { versionKey } from "../../src/storage/keys";
import { storedForm } from "../../src/storage/weights-codec";
import {
  deleteModel,
  loadModel,
  saveModel,
} from "../../src/storage/model-store";
import { modelVersion } from "../fixtures/model-version";

describe("versions", () => {
  it("reads a version from KV once, then serves the decoded copy", async () => {
    await saveModel(env, modelVersion("cached", [1]));
    const first = await loadModel(env, "cached", 1);
    // Remove the stored bytes behind the cache's back: a second read that
    // went to KV would now find nothing.
    await env.MODELS.delete(versionKey("cached", 1));
    const second = await loadModel(env, "cached", 1);
    expect(second).toBe(first);
  });

  it("keeps at most MAX_CACHED_VERSIONS, dropping the least recently used", () => {
    const dummy = {} as ModelVersion;
    for (let i = 0; i <= MAX_CACHED_VERSIONS; i++)
      cacheVersion(`lru:${i}`, dummy);
    expect(cachedVersion("lru:0")).toBeUndefined();
    expect(cachedVersion("lru:1")).toBe(dummy);
    // lru:1 is now the most recent; adding one more drops lru:2.
    cacheVersion("lru:extra", dummy);
    expect(cachedVersion("lru:1")).toBe(dummy);
    expect(cachedVersion("lru:2")).toBeUndefined();
  });
});

describe("heads", () => {
  it("trusts a published range for HEAD_TTL_MS, then asks again", () => {
    cacheRange("ttl", { head: 3, floor: 1 }, 1_000);
    expect(cachedRange("ttl", 1_000 + HEAD_TTL_MS)).toEqual({
      head: 3,
      floor: 1,
    });
    expect(cachedRange("ttl", 1_001 + HEAD_TTL_MS)).toBeUndefined();
  });

  it("sees a version saved through this isolate at once", async () => {
    await saveModel(env, modelVersion("moving", [1]));
    expect((await loadModel(env, "moving"))?.version).toBe(1);
    await saveModel(env, modelVersion("moving", [2]));
    expect((await loadModel(env, "moving"))?.version).toBe(2);
  });

  it("serves a version published elsewhere only after its cached range expires", async () => {
    await saveModel(env, modelVersion("elsewhere", [1]));
    await loadModel(env, "elsewhere");
    // Another isolate's training: through the Durable Object, not this cache.
    const versions = env.MODEL_VERSIONS.getByName("elsewhere");
    const version = await versions.allocate("elsewhere");
    const other = {
      ...modelVersion("elsewhere", [2]),
      version,
      createdAt: new Date().toISOString(),
    };
    await env.MODELS.put(
      versionKey("elsewhere", version),
      JSON.stringify(storedForm(other)),
    );
    const { createdAt } = other;
    const summary = { version, accuracy: 0.5, createdAt };
    const metadata = { ...summary, features: 1, samples: 6 };
    await versions.publish("elsewhere", version, metadata, summary);
    expect((await loadModel(env, "elsewhere"))?.version).toBe(1);
    cacheRange(
      "elsewhere",
      { head: 1, floor: 1 },
      Date.now() - HEAD_TTL_MS - 1,
    );
    expect((await loadModel(env, "elsewhere"))?.version).toBe(2);
  });

  it("forgets a model deleted through this isolate at once", async () => {
    await saveModel(env, modelVersion("deleted", [1]));
    await loadModel(env, "deleted", 1);
    await deleteModel(env, "deleted");
    expect(await loadModel(env, "deleted")).toBeNull();
    expect(await loadModel(env, "deleted", 1)).toBeNull();
  });
});
