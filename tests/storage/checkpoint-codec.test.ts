/**
 * A training checkpoint as bytes for R2 (checkpoint-codec.ts) and where a
 * job keeps it (job-checkpoints.ts): every typed array's bits, the numbers
 * JSON cannot write, and a real checkpoint of the engine round-trip; a
 * small one stays in the job's Durable Object, a large one goes to R2.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  decodeCheckpoint,
  encodeCheckpoint,
} from "../../src/storage/checkpoint-codec";
import {
  checkpointKey,
  dropStepCheckpoint,
  INLINE_BYTES,
  loadStepCheckpoint,
  saveStepCheckpoint,
} from "../../src/storage/job-checkpoints";
import { diabetesDataset, LAB_OPTIONS } from "../fixtures/lab05";
import { prepare, step } from "../engine/shard-job";
import type { ShardCheckpoint } from "../../src/engine/shard-training";
import { startShardTraining } from "../../src/engine/shard-training";

describe("encodeCheckpoint and decodeCheckpoint", () => {
  it("round-trip typed arrays bit for bit, non-finite numbers and nesting", () => {
    const value = {
      f32: new Float32Array([0.1, -0, Infinity, NaN, 3.4e38]),
      f64: new Float64Array([Math.PI, -Infinity, 5e-324]),
      u8: new Uint8Array([0, 1, 255]),
      u32: new Uint32Array([0, 2 ** 32 - 1, 5489]),
      view: new Float32Array(new Float32Array([1, 2, 3, 4]).buffer, 4, 2),
      numbers: [Infinity, -Infinity, NaN, 0.1 + 0.2, null],
      nested: { deep: [{ words: new Uint32Array(624).fill(7) }] },
      text: "line 3",
    };
    const bytes = encodeCheckpoint(value);
    const back = decodeCheckpoint<typeof value>(bytes);
    expect(back).toEqual(value);
    expect(new Uint8Array(back.f32.buffer)).toEqual(
      new Uint8Array(value.f32.buffer),
    );
    expect(Object.is(back.f32[1], -0)).toBe(true);
    expect(back.view).toEqual(new Float32Array([2, 3]));
    expect(back.view.buffer.byteLength).toBe(8);
    expect(back.numbers[2]).toBeNaN();
  });

  it("refuse bytes that are not a checkpoint", () => {
    expect(() => decodeCheckpoint(new Uint8Array([1]))).toThrow(TypeError);
    const bytes = encodeCheckpoint({ a: new Float64Array(4) });
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8))).toThrow(
      "runs past its bytes",
    );
  });

  it("round-trip an engine checkpoint so the next step is the same", () => {
    const data = diabetesDataset();
    const { plan, rows } = prepare(data, LAB_OPTIONS, 100);
    let checkpoint: ShardCheckpoint = startShardTraining(plan);
    for (let k = 0; k < 4; k++) checkpoint = step(plan, checkpoint, rows, 3);
    const back = decodeCheckpoint<ShardCheckpoint>(
      encodeCheckpoint(checkpoint),
    );
    expect(back).toEqual(checkpoint);
    expect(step(plan, back, rows, 3)).toEqual(step(plan, checkpoint, rows, 3));
  });
});

describe("a job's training checkpoints", () => {
  it("keep a small one in the job's object and a large one in R2, and drop both", async () => {
    const id = "checkpoint-job";
    const small = { weights: new Float32Array(9).fill(0.5) };
    await saveStepCheckpoint(env, id, 1, small);
    expect(await loadStepCheckpoint(env, id, 1)).toEqual(small);
    expect(await env.DATA.head(checkpointKey(id, 1))).toBeNull();

    const large = { probabilities: new Float32Array(INLINE_BYTES / 2) };
    large.probabilities.fill(0.25);
    await saveStepCheckpoint(env, id, 2, large);
    expect(await env.DATA.head(checkpointKey(id, 2))).not.toBeNull();
    expect(await loadStepCheckpoint(env, id, 2)).toEqual(large);

    await dropStepCheckpoint(env, id, 1);
    await dropStepCheckpoint(env, id, 2);
    expect(await loadStepCheckpoint(env, id, 1)).toBeNull();
    expect(await loadStepCheckpoint(env, id, 2)).toBeNull();
    expect(await env.DATA.head(checkpointKey(id, 2))).toBeNull();
  });
});
