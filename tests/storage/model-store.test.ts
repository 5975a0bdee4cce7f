/**
 * The model store against a real (local) KV namespace.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { headKey, versionKey } from "../../src/storage/keys";
import {
  deleteModel,
  listModels,
  loadModel,
  saveModel,
} from "../../src/storage/model-store";
import {
  decodeWeights,
  encodeWeights,
  storedForm,
  versionOf,
} from "../../src/storage/weights-codec";
import { modelVersion } from "../fixtures/model-version";

describe("weights encoding", () => {
  it("round-trips float32 values bit for bit, 4 bytes each", () => {
    const weights = {
      w: new Float32Array([0.1, -2.5e-38, 3.4e38, -0]),
      b: Float32Array.of(-14.48),
    };
    const encoded = encodeWeights(weights);
    expect(atob(encoded)).toHaveLength(4 * 5);
    const decoded = decodeWeights(encoded, 1, 4);
    expect(decoded.w).toEqual(weights.w);
    expect(Object.is(decoded.w[3], -0)).toBe(true);
    expect(decoded.b).toEqual(weights.b);
  });

  it("is little-endian float32", () => {
    // 1.0f is 0x3f800000: bytes 00 00 80 3f.
    expect(
      encodeWeights({ w: new Float32Array([1]), b: new Float32Array(1) }),
    ).toBe(btoa("\x00\x00\x80\x3f\x00\x00\x00\x00"));
  });
});

describe("warnings", () => {
  const warning = {
    code: "perfect_separation" as const,
    message: "training accuracy is 1 and the weights are still growing",
  };
  const version = {
    ...modelVersion("warned", [1, 2]),
    version: 1,
    createdAt: "2026-12-01T00:00:00.000Z",
  };

  it("are stored with the version and read back as they were", () => {
    const stored = storedForm({ ...version, warnings: [warning] });
    expect(stored.warnings).toEqual([warning]);
    const read = versionOf(JSON.parse(JSON.stringify(stored)));
    expect(read.warnings).toEqual([warning]);
  });

  it("read as none from a version stored before there were any", () => {
    const { warnings: _warnings, ...before } = storedForm(version);
    expect(Object.keys(before)).not.toContain("warnings");
    expect(versionOf(before).warnings).toEqual([]);
  });
});

describe("versions", () => {
  it("numbers versions 1, 2, ... and keeps each one unchanged", async () => {
    const first = await saveModel(
      env,
      modelVersion("m", [1, 2], 3, { torch: { seed: 7 } }),
      new Date("2026-01-01T00:00:00Z"),
    );
    const second = await saveModel(
      env,
      modelVersion("m", [4, 5], 6, { torch: { seed: 7 } }),
    );
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first.createdAt).toBe("2026-01-01T00:00:00.000Z");

    const latest = await loadModel(env, "m");
    expect(latest?.version).toBe(2);
    expect(Array.from(latest?.weights.w ?? [])).toEqual([4, 5]);
    const old = await loadModel(env, "m", 1);
    expect(Array.from(old?.weights.w ?? [])).toEqual([1, 2]);
    expect(old?.weights.b[0]).toBe(3);
    expect(old?.metrics.confusionMatrix).toEqual({
      tp: 3,
      fp: 3,
      tn: 0,
      fn: 0,
    });
    expect(old?.init).toEqual({ torch: { seed: 7 } });
    expect(Array.from(old?.initialWeights.w ?? [])).toEqual([0.5, 0.5]);
    expect(old?.initialWeights.b[0]).toBe(-0.25);
    expect(await loadModel(env, "m", 3)).toBeNull();
    expect(await env.MODELS.get(headKey("m"))).toBe("2");
  });

  it("gives racing saves of one name distinct versions; the head ends on the newest", async () => {
    const saved = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        saveModel(env, modelVersion("race", [i], 0, { torch: { seed: 7 } })),
      ),
    );
    expect(saved.map((m) => m.version).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(await env.MODELS.get(headKey("race"))).toBe("8");
    for (const m of saved) {
      const loaded = await loadModel(env, "race", m.version);
      expect(Array.from(loaded?.weights.w ?? [])).toEqual(
        Array.from(m.weights.w),
      );
    }
  });

  it("continues after a head written before numbering moved to the Durable Object", async () => {
    await env.MODELS.put(headKey("pre-do"), "4");
    expect(
      (
        await saveModel(
          env,
          modelVersion("pre-do", [1], 0, { torch: { seed: 7 } }),
        )
      ).version,
    ).toBe(5);
  });

  it("returns null for a model that does not exist", async () => {
    expect(await loadModel(env, "absent")).toBeNull();
  });
});

describe("listing and deleting", () => {
  it("lists summaries from the head's metadata, page by page", async () => {
    for (const name of ["a", "b", "c"])
      await saveModel(
        env,
        modelVersion(`list-${name}`, [1], 0, { torch: { seed: 7 } }),
      );
    const page1 = await listModels(env, 2);
    expect(page1.models.map((m) => m.name)).toEqual(["list-a", "list-b"]);
    expect(page1.models[0]).toMatchObject({
      version: 1,
      features: 1,
      samples: 6,
      accuracy: 0.5,
    });
    expect(page1.cursor).not.toBeNull();
    const page2 = await listModels(env, 2, page1.cursor ?? undefined);
    expect(page2.models.map((m) => m.name)).toContain("list-c");
  });

  it("deletes the head and every version", async () => {
    await saveModel(env, modelVersion("gone", [1], 0, { torch: { seed: 7 } }));
    await saveModel(env, modelVersion("gone", [2], 0, { torch: { seed: 7 } }));
    await saveModel(
      env,
      modelVersion("gone.keep", [2], 0, { torch: { seed: 7 } }),
    );
    expect(await deleteModel(env, "gone")).toBe(true);
    const keys = (await env.MODELS.list({ prefix: "" })).keys.map(
      (k) => k.name,
    );
    expect(
      keys.filter((k) => k.includes(":gone:") || k === headKey("gone")),
    ).toEqual([]);
    expect(keys).toContain(versionKey("gone.keep", 1));
    expect(await deleteModel(env, "gone")).toBe(false);
  });
});
