/**
 * A fault between each pair of storage steps of training, publishing and
 * deleting (the store's fault hook, around the real KV and Durable Object
 * bindings), and what must hold after each: no version that was not
 * published is readable, a deleted model's versions never come back, a
 * retried delete finishes the job, and KV converges after a sweep.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { setStoreFault, type StoreStep } from "../../src/storage/faults";
import { headKey, versionPrefix } from "../../src/storage/keys";
import { cacheRange } from "../../src/storage/model-cache";
import {
  deleteModel,
  listModels,
  loadModel,
  saveModel,
} from "../../src/storage/model-store";
import type { ModelVersions } from "../../src/storage/model-versions";
import { DEFAULT_LEASE_MS } from "../../src/storage/store-timing";
import { modelVersion } from "../fixtures/model-version";

afterEach(() => setStoreFault(null));

/** Makes the store throw at `step` of model `name`, once. */
function faultAt(step: StoreStep, name: string): void {
  setStoreFault((at, model) => {
    if (at !== step || model !== name) return;
    setStoreFault(null);
    throw new Error(`injected fault at ${step}`);
  });
}

/** Saves a version of `name` with weight `w`. */
function save(name: string, w: number) {
  return saveModel(env, modelVersion(name, [w], 0, { torch: { seed: 7 } }));
}

/** Forgets what this isolate cached of `name`, as another isolate would not have it. */
function otherIsolate(name: string): void {
  cacheRange(name, { head: 0, floor: 0 }, Date.now() - 60_000);
}

/** The versions of `name` a reader can load, 1..up. */
async function readable(name: string, up: number): Promise<number[]> {
  otherIsolate(name);
  const found: number[] = [];
  for (let v = 1; v <= up; v++) {
    if ((await loadModel(env, name, v)) !== null) found.push(v);
  }
  return found;
}

/** The version numbers KV holds keys of, sorted. */
async function kvVersions(name: string): Promise<number[]> {
  const prefix = versionPrefix(name);
  const { keys } = await env.MODELS.list({ prefix });
  return keys
    .map((k) => Number(k.name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Runs the sweep as the alarm would, `later` ms from now. */
async function sweep(name: string, later = 0): Promise<void> {
  await runInDurableObject(
    env.MODEL_VERSIONS.getByName(name),
    (object: ModelVersions) => object.sweep(name, Date.now() + later),
  );
}

const SAVE_STEPS: StoreStep[] = ["save:allocated", "save:written"];
const PUBLISHED_STEPS: StoreStep[] = ["publish:recorded", "save:published"];

describe("a fault while training", () => {
  for (const step of SAVE_STEPS) {
    it(`at ${step}: the version is never readable, and is swept`, async () => {
      const name = `crash-${step.replace(":", "-")}`;
      await save(name, 1);
      faultAt(step, name);
      await expect(save(name, 2)).rejects.toThrow(/injected fault/);
      expect(await readable(name, 3)).toEqual([1]);
      otherIsolate(name);
      expect((await loadModel(env, name))?.version).toBe(1);
      // A later training moves the head past the number: still never readable.
      expect((await save(name, 3)).version).toBe(3);
      expect(await readable(name, 3)).toEqual([1, 3]);
      // Within the lease the sweep leaves a pending write alone; after, it goes.
      await sweep(name);
      expect(await readable(name, 3)).toEqual([1, 3]);
      await sweep(name, DEFAULT_LEASE_MS + 1);
      expect(await kvVersions(name)).toEqual([1, 3]);
      expect(await env.MODELS.get(headKey(name))).toBe("3");
      expect(await readable(name, 3)).toEqual([1, 3]);
    });
  }

  for (const step of PUBLISHED_STEPS) {
    it(`at ${step}: the version is published, and KV's head catches up`, async () => {
      const name = `crash-${step.replace(":", "-")}`;
      await save(name, 1);
      faultAt(step, name);
      await expect(save(name, 2)).rejects.toThrow(/injected fault/);
      expect(await readable(name, 3)).toEqual([1, 2]);
      otherIsolate(name);
      expect((await loadModel(env, name))?.version).toBe(2);
      await sweep(name);
      expect(await env.MODELS.get(headKey(name))).toBe("2");
      const { models } = await listModels(env, 1000);
      expect(models.find((m) => m.name === name)?.version).toBe(2);
      expect(await kvVersions(name)).toEqual([1, 2]);
    });
  }

  it("a training that outlived its lease stores nothing when it publishes", async () => {
    const name = "crash-slow";
    await save(name, 1);
    let sweepNow: Promise<void> = Promise.resolve();
    setStoreFault((step, model) => {
      if (step !== "save:written" || model !== name) return;
      setStoreFault(null);
      sweepNow = sweep(name, DEFAULT_LEASE_MS + 1);
      return sweepNow;
    });
    await expect(save(name, 2)).rejects.toThrow(/deleted while this training/);
    expect(await readable(name, 3)).toEqual([1]);
    expect(await kvVersions(name)).toEqual([1]);
  });
});

describe("a fault while deleting", () => {
  for (const step of [
    "remove:recorded",
    "cleanup:head",
    "cleanup:batch",
  ] as const) {
    it(`at ${step}: no version comes back; a retried delete finishes`, async () => {
      const name = `crash-${step.replace(":", "-")}`;
      await save(name, 1);
      await save(name, 2);
      faultAt(step, name);
      await expect(deleteModel(env, name)).rejects.toThrow(/injected fault/);
      expect(await readable(name, 3)).toEqual([]);
      otherIsolate(name);
      expect(await loadModel(env, name)).toBeNull();
      // Trained again: a new generation; the old versions stay gone.
      expect((await save(name, 3)).version).toBe(3);
      expect(await readable(name, 3)).toEqual([3]);
      expect(await deleteModel(env, name)).toBe(true);
      expect(await readable(name, 3)).toEqual([]);
      expect(await kvVersions(name)).toEqual([]);
      expect(await env.MODELS.get(headKey(name))).toBeNull();
      expect(await deleteModel(env, name)).toBe(false);
    });

    it(`at ${step}: a repeated DELETE alone cleans up`, async () => {
      const name = `crash-again-${step.replace(":", "-")}`;
      await save(name, 1);
      faultAt(step, name);
      await expect(deleteModel(env, name)).rejects.toThrow(/injected fault/);
      // 204 while anything was left to clean; past the last batch, nothing was.
      expect(await deleteModel(env, name)).toBe(step !== "cleanup:batch");
      expect(await kvVersions(name)).toEqual([]);
      expect(await env.MODELS.get(headKey(name))).toBeNull();
    });

    it(`at ${step}: the sweep cleans up without a request`, async () => {
      const name = `crash-swept-${step.replace(":", "-")}`;
      await save(name, 1);
      await save(name, 2);
      faultAt(step, name);
      await expect(deleteModel(env, name)).rejects.toThrow(/injected fault/);
      await sweep(name);
      expect(await kvVersions(name)).toEqual([]);
      expect(await env.MODELS.get(headKey(name))).toBeNull();
      const { models } = await listModels(env, 1000);
      expect(models.map((m) => m.name)).not.toContain(name);
    });
  }

  it("a training allocated before a delete and dead after writing its key leaves nothing once the lease passed", async () => {
    // The delete's listing of KV runs while the training's key is not yet
    // written; the training then writes it and dies before publishing.
    const name = "crash-delete-race";
    await save(name, 1);
    setStoreFault(async (step) => {
      if (step !== "save:allocated") return;
      setStoreFault((after) => {
        if (after === "save:written") {
          setStoreFault(null);
          throw new Error("injected fault at save:written");
        }
      });
      expect(await deleteModel(env, name)).toBe(true);
    });
    await expect(save(name, 2)).rejects.toThrow(/injected fault/);
    expect(await readable(name, 3)).toEqual([]);
    // Within the lease the key may still be written: the sweep leaves it.
    await sweep(name);
    expect(await kvVersions(name)).toEqual([2]);
    await sweep(name, DEFAULT_LEASE_MS + 1);
    expect(await kvVersions(name)).toEqual([]);
    expect(await env.MODELS.get(headKey(name))).toBeNull();
    expect(await deleteModel(env, name)).toBe(false);
  });

  it("a training allocated before a delete that lives on is refused, and stores nothing", async () => {
    const name = "crash-delete-race-live";
    await save(name, 1);
    setStoreFault(async (step) => {
      if (step !== "save:allocated") return;
      setStoreFault(null);
      expect(await deleteModel(env, name)).toBe(true);
    });
    await expect(save(name, 2)).rejects.toThrow(/deleted while this training/);
    expect(await readable(name, 3)).toEqual([]);
    expect(await kvVersions(name)).toEqual([]);
    expect((await save(name, 3)).version).toBe(3);
    expect(await readable(name, 3)).toEqual([3]);
  });

  it("deletes many versions a batch per call, then in the alarm's sweeps", async () => {
    const name = "crash-many";
    for (let i = 0; i < 450; i++) {
      await env.MODELS.put(`${versionPrefix(name)}${i + 1}`, "{}");
    }
    await env.MODELS.put(headKey(name), "450");
    expect(await deleteModel(env, name)).toBe(true);
    expect(await readable(name, 3)).toEqual([]);
    let left = (await kvVersions(name)).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(450);
    for (let i = 0; i < 5 && left > 0; i++) {
      await sweep(name);
      left = (await kvVersions(name)).length;
    }
    expect(left).toBe(0);
  });
});
