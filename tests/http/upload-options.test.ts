/**
 * The body of `POST /v1/datasets/{name}/uploads`: a partSize asked for is
 * the one the upload holds its parts to (a 5 MiB part 1 and a shorter last
 * part store the file), none takes DATASET_PART_BYTES, and anything else is
 * a 4xx naming what is wrong, with no object in R2 and no upload recorded
 * in the DatasetUploads Durable Object.
 */
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectErrorBody } from "./api";

const MIB = 1024 * 1024;
const DEFAULT_PART = 8 * MIB;

/** Starts an upload of `name` with `init`; its answer's status and body. */
async function start(name: string, init: RequestInit = {}) {
  const response = await api(`/v1/datasets/${name}/uploads`, {
    method: "POST",
    ...init,
  });
  return { status: response.status, body: await response.json() };
}

const jsonBody = (body: string): RequestInit => ({
  headers: { "content-type": "application/json" },
  body,
});

/** Every object in the bucket and every upload Durable Object, as text. */
async function written(): Promise<string> {
  const objects = (await env.DATA.list()).objects.map((o) => o.key);
  const uploads = (await listDurableObjectIds(env.DATASET_UPLOADS)).map((id) =>
    id.toString(),
  );
  return JSON.stringify({ objects, uploads });
}

describe("an upload's part size", () => {
  it("holds the parts to the partSize asked for: 5 MiB and a shorter last part store the file", async () => {
    const started = await start(
      "five-mib",
      jsonBody(JSON.stringify({ partSize: 5 * MIB })),
    );
    expect(started).toMatchObject({ status: 201, body: { partSize: 5 * MIB } });
    const id = (started.body as { uploadId: string }).uploadId;
    // 6 MiB of rows: part 1 is exactly 5 MiB, part 2 the rest.
    const file = new TextEncoder().encode("1,0\n".repeat((6 * MIB) / 4));
    const parts = [file.subarray(0, 5 * MIB), file.subarray(5 * MIB)];
    for (const [i, bytes] of parts.entries()) {
      const response = await api(
        `/v1/datasets/five-mib/uploads/${id}/parts/${i + 1}`,
        { method: "PUT", body: bytes },
      );
      expect(response.status).toBe(200);
    }
    const done = await api(`/v1/datasets/five-mib/uploads/${id}/complete`, {
      method: "POST",
    });
    expect(done.status).toBe(201);
    expect((await env.DATA.head("datasets/five-mib"))?.size).toBe(6 * MIB);
  });

  it("takes DATASET_PART_BYTES with no body, an empty one or {}", async () => {
    for (const init of [{}, jsonBody(""), jsonBody("{}")]) {
      const started = await start("default-part", init);
      expect(started).toMatchObject({
        status: 201,
        body: { partSize: DEFAULT_PART },
      });
    }
  });

  it("accepts the bounds: 5 MiB and MAX_DATASET_BYTES", async () => {
    for (const partSize of [5 * MIB, 100_000_000]) {
      const started = await start(
        "bounds",
        jsonBody(JSON.stringify({ partSize })),
      );
      expect(started).toMatchObject({ status: 201, body: { partSize } });
    }
  });
});

describe("an upload's part size: refusals write nothing", () => {
  const RANGE =
    "partSize must be an integer from 5242880 (5 MiB, R2's smallest part) to 100000000 (MAX_DATASET_BYTES, the most one part may send) bytes, got";
  const cases: [string, RequestInit, number, string, string][] = [
    [
      "under 5 MiB",
      jsonBody('{"partSize": 1048576}'),
      400,
      "invalid_option",
      `${RANGE} 1048576`,
    ],
    [
      "over MAX_DATASET_BYTES",
      jsonBody('{"partSize": 100000001}'),
      400,
      "invalid_option",
      `${RANGE} 100000001`,
    ],
    [
      "not an integer",
      jsonBody('{"partSize": 8388608.5}'),
      400,
      "invalid_option",
      `${RANGE} 8388608.5`,
    ],
    [
      "a string",
      jsonBody('{"partSize": "8388608"}'),
      400,
      "invalid_option",
      `${RANGE} "8388608"`,
    ],
    [
      "an unknown key",
      jsonBody('{"part_size": 8388608}'),
      400,
      "invalid_option",
      'unknown field "part_size" in the body: an upload takes partSize only',
    ],
    [
      "not an object",
      jsonBody("[8388608]"),
      400,
      "invalid_option",
      'the body must be an object {"partSize": n} or no body, got [8388608]',
    ],
    [
      "not JSON",
      jsonBody("partSize=8388608"),
      400,
      "malformed_body",
      'the body is not JSON: send {"partSize": n} or no body',
    ],
    [
      "a form, not JSON",
      {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "partSize=8388608",
      },
      415,
      "unsupported_media_type",
      'content type "application/x-www-form-urlencoded": send application/json {"partSize": n} or no body',
    ],
  ];

  for (const [what, init, status, code, message] of cases) {
    it(`refuses a body ${what}: ${status} ${code}`, async () => {
      const before = await written();
      await expectErrorBody(
        await api("/v1/datasets/refused/uploads", { method: "POST", ...init }),
        status,
        code,
        message,
      );
      expect(await written()).toBe(before);
      const uploads = await listDurableObjectIds(env.DATASET_UPLOADS);
      const refused = env.DATASET_UPLOADS.idFromName("refused");
      expect(uploads.some((id) => id.equals(refused))).toBe(false);
    });
  }
});
