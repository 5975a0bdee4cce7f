/**
 * Datasets sent in another charset than UTF-8: a file sent whole is stored
 * as UTF-8 (windows-1252 and its label iso-8859-1, UTF-16LE with its BOM),
 * in one put or, past DATASET_PART_BYTES once converted, an upload in parts;
 * a training job then reads it. Bytes not valid in the declared charset are
 * a 400 naming the line, and a part in another charset is a 415 that says
 * how to convert it; each refusal writes nothing and leaves the dataset of
 * that name as it was.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { startJob } from "../jobs/job-requests";
import { api, expectErrorBody, withVars } from "./api";

const MIB = 1024 * 1024;

/** `text` in windows-1252: every character here is one byte. */
function windows1252(text: string): Uint8Array {
  const codes: Record<string, number> = { "€": 0x80, "’": 0x92 };
  return Uint8Array.from(text, (ch) => codes[ch] ?? ch.charCodeAt(0));
}

/** `text` in UTF-16LE after its byte order mark (FF FE). */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

function put(body: Uint8Array, charset: string): RequestInit {
  return {
    method: "PUT",
    // Declared, as a client sends it (a Request made in the test may not).
    headers: {
      "content-type": `text/csv; charset=${charset}`,
      "content-length": String(body.length),
    },
    body,
  };
}

/** Every object in the bucket, its size and ETag. */
async function bucketSnapshot(): Promise<string> {
  const page = await env.DATA.list();
  return page.objects.map((o) => `${o.key} ${o.size} ${o.etag}`).join("\n");
}

/** The stored bytes of dataset `name`, as text read as UTF-8. */
async function stored(name: string): Promise<{ text: string; size: number }> {
  const object = await env.DATA.get(`datasets/${name}`);
  const bytes = new Uint8Array(await object!.arrayBuffer());
  return {
    text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes,
    ),
    size: bytes.length,
  };
}

const CAFE = "durée,prix_€,y\n1.5,2,1\n0.5,3,0\n2.5,1,1\n0.25,4,0\n";

describe("a dataset sent whole in another charset is stored as UTF-8", () => {
  it("converts windows-1252, also under its label iso-8859-1, and answers the stored size", async () => {
    for (const charset of ["windows-1252", "iso-8859-1"]) {
      const response = await api(
        "/v1/datasets/cafe",
        put(windows1252(CAFE), charset),
      );
      expect(response.status).toBe(201);
      const utf8 = new TextEncoder().encode(CAFE);
      expect(await response.json()).toMatchObject({ bytes: utf8.length });
      expect(await stored("cafe")).toEqual({ text: CAFE, size: utf8.length });
      const content = await api("/v1/datasets/cafe/content");
      expect(await content.text()).toBe(CAFE);
    }
  });

  it("converts UTF-16LE and drops its byte order mark", async () => {
    const text = "x’,y\n1,0\n2,1\n";
    const response = await api(
      "/v1/datasets/wide",
      put(utf16le(text), "utf-16le"),
    );
    expect(response.status).toBe(201);
    expect((await stored("wide")).text).toBe(text);
  });

  it("stores a file past DATASET_PART_BYTES once converted in parts of that size, byte for byte", async () => {
    // 4.5 MiB of windows-1252 whose é become two bytes each: over 5 MiB of UTF-8.
    const row = "é,1\n";
    const text = row.repeat((4.5 * MIB) / row.length);
    const vars = { DATASET_PART_BYTES: String(5 * MIB) };
    const response = await withVars(
      vars,
      "/v1/datasets/long",
      put(windows1252(text), "windows-1252"),
    );
    expect(response.status).toBe(201);
    const utf8 = new TextEncoder().encode(text);
    expect(utf8.length).toBeGreaterThan(5 * MIB);
    const object = await env.DATA.head("datasets/long");
    expect(object?.size).toBe(utf8.length);
    // R2's ETag of an object made of parts ends with "-<parts>".
    expect(object?.etag).toMatch(/-2$/);
    expect((await stored("long")).text === text).toBe(true);
  });

  it("is a dataset a training job reads, its header's names as sent", async () => {
    expect(
      (
        await api(
          "/v1/datasets/cafe-job",
          put(windows1252(CAFE), "windows-1252"),
        )
      ).status,
    ).toBe(201);
    await using introspector = await introspectWorkflow(env.JOBS);
    const started = await startJob({
      kind: "train",
      dataset: "cafe-job",
      model: "cafe-job",
      epochs: 5,
    });
    expect(started.status).toBe(202);
    const [instance] = await introspector.get();
    await instance.waitForStatus("complete");
    const model = (await (await api("/v1/models/cafe-job")).json()) as {
      featureNames: string[];
    };
    expect(model.featureNames).toEqual(["durée", "prix_€"]);
  });
});

describe("a dataset in another charset: refusals write nothing", () => {
  it("400 for bytes not valid in the declared charset, naming the line; the old dataset stays", async () => {
    expect(
      (await api("/v1/datasets/kept", put(windows1252(CAFE), "windows-1252")))
        .status,
    ).toBe(201);
    const before = await bucketSnapshot();
    // A lone high surrogate (D800) on line 3 of a UTF-16LE file.
    const bad = utf16le("x,y\n1,0\n2?,1\n");
    bad.set([0x00, 0xd8], 2 + 2 * "x,y\n1,0\n2".length);
    await expectErrorBody(
      await api("/v1/datasets/kept", put(bad, "utf-16le")),
      400,
      "malformed_body",
      "the dataset's line 3 has bytes that are not valid utf-16le (or U+FFFD, which stands for such bytes)",
    );
    // An odd byte count: the last character is cut.
    await expectErrorBody(
      await api(
        "/v1/datasets/kept",
        put(utf16le("x,y\n1,0\n").subarray(0, 17), "utf-16le"),
      ),
      400,
      "malformed_body",
      "the dataset's line 2 ends the body inside a utf-16le character",
    );
    expect(await bucketSnapshot()).toBe(before);
    expect((await stored("kept")).text).toBe(CAFE);
  });

  it("400 when a bad byte comes after the first part: the upload in parts is aborted", async () => {
    const before = await bucketSnapshot();
    const text = "x,y\n" + "1,0\n".repeat((6 * MIB) / 4);
    const bad = utf16le(text + "2?,1\n");
    bad.set([0x00, 0xd8], 2 + 2 * (text.length + 1));
    await expectErrorBody(
      await withVars(
        { DATASET_PART_BYTES: String(5 * MIB) },
        "/v1/datasets/late",
        put(bad, "utf-16le"),
      ),
      400,
      "malformed_body",
      `the dataset's line ${(6 * MIB) / 4 + 2} has bytes that are not valid utf-16le (or U+FFFD, which stands for such bytes)`,
    );
    expect(await bucketSnapshot()).toBe(before);
    expect(await env.DATA.head("datasets/late")).toBeNull();
  });

  it("413 when the file, within MAX_DATASET_BYTES as sent, is over it once converted: nothing is stored", async () => {
    expect(
      (await api("/v1/datasets/grown", put(windows1252(CAFE), "windows-1252")))
        .status,
    ).toBe(201);
    const before = await bucketSnapshot();
    // Ten lines of "x," and 97 "é" (one byte each in windows-1252, two in
    // UTF-8): 1,000 bytes sent, 1,970 once converted, over 1,900.
    const line = "x," + "é".repeat(97) + "\n";
    const grown = windows1252(line.repeat(10));
    expect(grown.length).toBe(1000);
    await expectErrorBody(
      await withVars(
        { MAX_DATASET_BYTES: "1900" },
        "/v1/datasets/grown",
        put(grown, "windows-1252"),
      ),
      413,
      "body_too_large",
      "the dataset is over 1900 bytes (MAX_DATASET_BYTES) once converted from windows-1252 to UTF-8, as it is stored",
    );
    expect(await bucketSnapshot()).toBe(before);
    expect((await stored("grown")).text).toBe(CAFE);
  });

  it("415 for a part in another charset than UTF-8, saying how to convert it", async () => {
    const start = await api("/v1/datasets/parted/uploads", { method: "POST" });
    const { uploadId } = (await start.json()) as { uploadId: string };
    const before = await bucketSnapshot();
    await expectErrorBody(
      await api(
        `/v1/datasets/parted/uploads/${uploadId}/parts/1`,
        put(windows1252(CAFE), "windows-1252"),
      ),
      415,
      "unsupported_media_type",
      "part 1 is in windows-1252, and parts are stored as sent (each keeps its size), so they must be utf-8: convert the file first (iconv -f windows-1252 -t utf-8 file.csv > file-utf8.csv), or send it whole with PUT /v1/datasets/{name}, which converts it",
    );
    expect(await bucketSnapshot()).toBe(before);
    // Nothing was recorded of the part: completing finds none.
    const complete = await api(
      `/v1/datasets/parted/uploads/${uploadId}/complete`,
      { method: "POST" },
    );
    expect(complete.status).toBe(409);
  });
});
