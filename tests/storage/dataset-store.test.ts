/**
 * The dataset store called directly, as a job calls it, on miniflare's R2:
 * keys, info, ranged reads pinned by ETag, and an upload in parts driven
 * across "requests" by R2's upload id alone.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DatasetChangedError, DatasetNotFoundError } from "../../src/errors";
import {
  abortDatasetUpload,
  completeDatasetUpload,
  datasetKey,
  headDataset,
  listDatasets,
  putDataset,
  readDatasetRange,
  resumeDatasetUpload,
  startDatasetUpload,
  uploadDatasetPart,
} from "../../src/storage/dataset-store";
import { completeParts, partConflict } from "../../src/storage/upload-parts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Stores `text` as dataset `name` through a stream, as a request's body. */
function store(name: string, text: string, now?: Date) {
  const bytes = encoder.encode(text);
  return putDataset(
    env.DATA,
    name,
    new Blob([bytes]).stream(),
    bytes.length,
    now,
  );
}

describe("datasets in R2", () => {
  it("keys a dataset under datasets/<name>, with its info", async () => {
    expect(datasetKey("diabetes")).toBe("datasets/diabetes");
    const now = new Date("2026-01-02T03:04:05.000Z");
    const info = await store("info", "a,b,y\n1,2,0\n", now);
    expect(info).toEqual({
      name: "info",
      bytes: 12,
      contentType: "text/csv",
      createdAt: "2026-01-02T03:04:05.000Z",
      etag: (await env.DATA.head("datasets/info"))!.etag,
    });
    expect(await headDataset(env.DATA, "info")).toEqual(info);
    expect(await headDataset(env.DATA, "absent")).toBeNull();
  });

  it("reads ranges, the last cut short where the dataset ends", async () => {
    const text = "x1,x2,y\n0.5,1,0\n0.25,2,1\n";
    await store("ranges", text);
    let read = "";
    for (let offset = 0; offset < text.length; offset += 10) {
      const { bytes: part, size } = await readDatasetRange(
        env.DATA,
        "ranges",
        offset,
        10,
      );
      expect(size).toBe(text.length);
      expect(part.length).toBe(Math.min(10, text.length - offset));
      read += decoder.decode(part);
    }
    expect(read).toBe(text);
  });

  it("pins a read to an ETag: a replaced dataset fails it, a missing one is not found", async () => {
    const first = await store("pinned", "1,0\n2,1\n");
    const same = await readDatasetRange(env.DATA, "pinned", 2, 3, first.etag);
    expect(decoder.decode(same.bytes)).toBe("0\n2");
    const second = await store("pinned", "3,1\n4,0\n");
    expect(second.etag).not.toBe(first.etag);
    await expect(
      readDatasetRange(env.DATA, "pinned", 0, 4, first.etag),
    ).rejects.toThrow(DatasetChangedError);
    await expect(readDatasetRange(env.DATA, "nothing", 0, 4)).rejects.toThrow(
      DatasetNotFoundError,
    );
  });

  it("stores nothing when the stream is shorter than its declared length", async () => {
    const bytes = encoder.encode("1,0\n");
    await expect(
      putDataset(env.DATA, "short", new Blob([bytes]).stream(), 10),
    ).rejects.toThrow();
    expect(await headDataset(env.DATA, "short")).toBeNull();
  });

  it("lists a page at a time, in name order", async () => {
    for (const name of ["page-1", "page-2", "page-3"]) await store(name, "1\n");
    const first = await listDatasets(env.DATA, 2);
    expect(first.datasets).toHaveLength(2);
    expect(first.cursor).not.toBeNull();
    const names = first.datasets.map((d) => d.name);
    let cursor = first.cursor;
    while (cursor !== null) {
      const page = await listDatasets(env.DATA, 2, cursor);
      names.push(...page.datasets.map((d) => d.name));
      cursor = page.cursor;
    }
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["page-1", "page-3"]));
  });

  it("writes a dataset in parts resumed by R2's upload id, as a job does", async () => {
    const partSize = 5 * 1024 * 1024;
    const started = await startDatasetUpload(env.DATA, "output");
    const first = new Uint8Array(partSize).fill(48);
    const last = encoder.encode("\n1,1\n");
    const uploaded = [];
    // Each part through a fresh handle, as a later step would have it.
    uploaded.push(
      await uploadDatasetPart(
        resumeDatasetUpload(env.DATA, "output", started.uploadId),
        1,
        first,
        first.length,
      ),
    );
    uploaded.push(
      await uploadDatasetPart(
        resumeDatasetUpload(env.DATA, "output", started.uploadId),
        2,
        new Blob([last]).stream(),
        last.length,
      ),
    );
    expect(await headDataset(env.DATA, "output")).toBeNull();
    const info = await completeDatasetUpload(
      resumeDatasetUpload(env.DATA, "output", started.uploadId),
      uploaded,
    );
    expect(info).toMatchObject({
      name: "output",
      bytes: partSize + last.length,
      contentType: "text/csv",
    });
    const tail = await readDatasetRange(env.DATA, "output", partSize - 1, 10);
    expect(decoder.decode(tail.bytes)).toBe("0\n1,1\n");

    const abandoned = await startDatasetUpload(env.DATA, "abandoned");
    await uploadDatasetPart(abandoned, 1, last, last.length);
    await abortDatasetUpload(abandoned);
    expect(await headDataset(env.DATA, "abandoned")).toBeNull();
  });
});

describe("the rules of parts", () => {
  const S = 10;
  const part = (n: number, bytes: number) => ({
    part: n,
    bytes,
    etag: `e${n}`,
  });

  it("admits full parts in any order, one shorter last part, and replacements", () => {
    expect(partConflict([], S, 3, S)).toBeNull();
    expect(partConflict([part(3, S)], S, 1, S)).toBeNull();
    expect(partConflict([part(1, S)], S, 2, 4)).toBeNull();
    // Part 2 sent again at full size: no longer the last.
    expect(partConflict([part(1, S), part(2, 4)], S, 2, S)).toBeNull();
  });

  it("refuses a part after the last, a shorter part below another", () => {
    expect(partConflict([part(2, 4)], S, 3, S)?.kind).toBe("conflict");
    expect(partConflict([part(2, 4)], S, 1, 4)?.kind).toBe("size");
    expect(partConflict([part(3, S)], S, 1, 4)?.kind).toBe("size");
  });

  it("completes with parts 1 to the highest, naming the missing ones", () => {
    expect(completeParts([part(2, 4), part(1, S)])).toEqual({
      parts: [part(1, S), part(2, 4)],
    });
    expect(completeParts([])).toEqual({
      conflict: "the upload has no parts: upload part 1 first",
    });
    expect(completeParts([part(4, 3), part(1, S)])).toEqual({
      conflict:
        "parts 2, 3 are missing of parts 1 to 4: upload them, then complete again",
    });
  });
});

describe("the uploads' Durable Object", () => {
  it("forgets an upload left incomplete for 7 days, by its alarm, and keeps a newer one", async () => {
    const state = env.DATASET_UPLOADS.getByName("left");
    const day = 24 * 60 * 60 * 1000;
    const old = new Date(Date.now() - 8 * day).toISOString();
    const recent = new Date(Date.now() - day).toISOString();
    await state.open("old", "r2-old", 5 * 1024 * 1024, old);
    await state.open("recent", "r2-recent", 5 * 1024 * 1024, recent);
    // Its alarm, set for a time already past, may have run by now.
    await runDurableObjectAlarm(state);
    expect(await state.upload("old")).toBeNull();
    expect(await state.upload("recent")).toEqual({
      r2UploadId: "r2-recent",
      partSize: 5 * 1024 * 1024,
    });
    // The alarm comes back for the one left.
    expect(await runDurableObjectAlarm(state)).toBe(true);
    expect(await state.upload("recent")).not.toBeNull();
  });
});
