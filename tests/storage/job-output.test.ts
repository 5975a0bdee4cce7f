/**
 * A prediction job's output store called directly on miniflare's R2: parts
 * of one size cut from chunks of any sizes give back the chunks' bytes end
 * to end.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  partCount,
  partPieces,
  readOutputPart,
  writeOutputChunk,
} from "../../src/storage/job-output";

describe("parts cut from chunks", () => {
  it("takes part n as bytes [(n-1)P, nP) of the chunks end to end", () => {
    const sizes = [3, 5, 0, 2];
    expect(partCount(sizes, 4)).toBe(3);
    expect(partPieces(sizes, 4, 1)).toEqual([
      { chunk: 0, offset: 0, length: 3 },
      { chunk: 1, offset: 0, length: 1 },
    ]);
    expect(partPieces(sizes, 4, 2)).toEqual([
      { chunk: 1, offset: 1, length: 4 },
    ]);
    expect(partPieces(sizes, 4, 3)).toEqual([
      { chunk: 3, offset: 0, length: 2 },
    ]);
    expect(() => partPieces(sizes, 4, 4)).toThrow(RangeError);
    expect(() => partPieces(sizes, 4, 0)).toThrow(RangeError);
    // One part when everything fits in it, and for no bytes at all.
    expect(partCount(sizes, 100)).toBe(1);
    expect(partCount([0], 4)).toBe(1);
  });

  it("reads back the chunks' bytes, part after part, from R2", async () => {
    const sizes = [7, 1, 13, 4, 9];
    const all = Uint8Array.from({ length: 34 }, (_, i) => (i * 7 + 3) % 256);
    let at = 0;
    for (const [k, size] of sizes.entries()) {
      const chunk = all.subarray(at, at + size);
      // A chunk written in pieces, as a score step's stream gives it.
      const halves = [chunk.subarray(0, 2), chunk.subarray(2)];
      expect(await writeOutputChunk(env.DATA, "job-a", k, halves)).toBe(size);
      at += size;
    }
    const parts: number[] = [];
    for (let n = 1; n <= partCount(sizes, 6); n++) {
      const part = await readOutputPart(env.DATA, "job-a", sizes, 6, n);
      expect(part.length).toBe(n < 6 ? 6 : 4);
      parts.push(...part);
    }
    expect(parts).toEqual(Array.from(all));
  });
});
