/**
 * Datasets through the Worker, stored in miniflare's R2 with their uploads'
 * state in the real DatasetUploads Durable Object: the lab's diabetes file
 * stored and read back byte for byte, listed a page at a time, deleted; a
 * file of about 11 MiB sent in two parts; and every refusal, each with its
 * status and error body, R2 listed before and after to show nothing was
 * written.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { anonymous, api, expectError, withVars } from "./api";

const PART_SIZE = 8 * 1024 * 1024;
const encoder = new TextEncoder();

/** Every object in the bucket: its key, size and ETag, in key order. */
async function bucketSnapshot(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.DATA.list({ cursor });
    for (const o of page.objects) keys.push(`${o.key} ${o.size} ${o.etag}`);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  return keys;
}

/** Sends `path` with `init` and asserts the error and an unchanged bucket. */
async function refused(
  send: () => Promise<Response>,
  status: number,
  code: string,
  ...fragments: string[]
): Promise<void> {
  const before = await bucketSnapshot();
  await expectError(await send(), status, code, ...fragments);
  expect(await bucketSnapshot()).toEqual(before);
}

/** A stream of `text` whose length nothing declares (sent chunked). */
function chunked(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}

/** A PUT of `body` (a string or bytes: the platform sets Content-Length). */
function put(body: string | Uint8Array, type = "text/csv"): RequestInit {
  return { method: "PUT", headers: { "content-type": type }, body };
}

async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

describe("a dataset sent whole", () => {
  const bytes = encoder.encode(diabetesCsv);

  it("stores the diabetes file and answers its metadata", async () => {
    const response = await api("/v1/datasets/diabetes", put(diabetesCsv));
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/v1/datasets/diabetes");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "bytes",
      "contentType",
      "createdAt",
      "name",
    ]);
    expect(body).toMatchObject({
      name: "diabetes",
      bytes: bytes.length,
      contentType: "text/csv",
    });
    expect(Date.parse(body.createdAt as string)).toBeGreaterThan(0);
    const stored = await env.DATA.head("datasets/diabetes");
    expect(stored?.size).toBe(bytes.length);
    expect(stored?.httpMetadata?.contentType).toBe("text/csv");
    expect(stored?.customMetadata?.createdAt).toBe(body.createdAt);
    expect(response.headers.get("etag")).toBe(`"${stored?.etag}"`);

    const metadata = await api("/v1/datasets/diabetes");
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual(body);
    expect(metadata.headers.get("etag")).toBe(`"${stored?.etag}"`);
  });

  it("gives the bytes back as sent, streamed with their length", async () => {
    const content = await api("/v1/datasets/diabetes/content");
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(content.headers.get("content-length")).toBe(String(bytes.length));
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it("replaces a dataset written again, with a new ETag", async () => {
    const first = await api("/v1/datasets/twice", put("1,0\n"));
    const second = await api("/v1/datasets/twice", put("1,0\n2,1\n"));
    expect(second.status).toBe(201);
    expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
    const content = await api("/v1/datasets/twice/content");
    expect(await content.text()).toBe("1,0\n2,1\n");
  });

  it("lists datasets a page at a time, in name order", async () => {
    for (const name of ["list-a", "list-b", "list-c"]) {
      expect((await api(`/v1/datasets/${name}`, put("1,0\n"))).status).toBe(
        201,
      );
    }
    const names: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const response = await api(`/v1/datasets?limit=2&cursor=${cursor}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        datasets: { name: string; bytes: number }[];
        cursor: string | null;
      };
      expect(page.datasets.length).toBeLessThanOrEqual(2);
      names.push(...page.datasets.map((d) => d.name));
      cursor = page.cursor ?? "";
      pages++;
    } while (cursor !== "");
    const expected = (await bucketSnapshot()).map((line) =>
      line.split(" ")[0].slice("datasets/".length),
    );
    expect(names).toEqual(expected);
    expect(names).toEqual(expect.arrayContaining(["list-a", "list-c"]));
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });

  it("deletes a dataset: 204, then 404 to every read and delete", async () => {
    expect((await api("/v1/datasets/gone", put("1,0\n"))).status).toBe(201);
    const deleted = await api("/v1/datasets/gone", { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await env.DATA.head("datasets/gone")).toBeNull();
    for (const [path, method] of [
      ["/v1/datasets/gone", "GET"],
      ["/v1/datasets/gone/content", "GET"],
      ["/v1/datasets/gone", "DELETE"],
    ]) {
      await refused(
        () => api(path, { method }),
        404,
        "dataset_not_found",
        "no dataset named gone",
      );
    }
  });
});

describe("a dataset sent whole: refusals", () => {
  it("411 for a body without Content-Length", async () => {
    const stream = chunked("1,0\n2,1\n");
    await refused(
      () =>
        api("/v1/datasets/chunked", {
          method: "PUT",
          headers: { "content-type": "text/csv" },
          body: stream,
          duplex: "half",
        } as RequestInit),
      411,
      "length_required",
      "the dataset needs a Content-Length header",
    );
  });

  it("413 over MAX_DATASET_BYTES, before a byte is stored", async () => {
    await refused(
      () =>
        withVars(
          { MAX_DATASET_BYTES: "10" },
          "/v1/datasets/big",
          // A request built here declares its length only when told to,
          // as a client's does.
          {
            ...put("1,0\n2,1\n3,0\n"),
            headers: { "content-type": "text/csv", "content-length": "12" },
          },
        ),
      413,
      "body_too_large",
      "the dataset has 12 bytes, more than the 10 allowed",
    );
  });

  it("400 for a bad name, 400 for no bytes, 415 for JSON or a compressed body", async () => {
    await refused(
      () => api("/v1/datasets/bad%20name", put("1,0\n")),
      400,
      "invalid_dataset_name",
      'dataset name "bad name" must be 1-64 of letters',
    );
    await refused(
      () => api("/v1/datasets/empty", put("")),
      400,
      "invalid_dataset",
      "the dataset has no bytes",
    );
    await refused(
      () => api("/v1/datasets/json", put("{}", "application/json")),
      415,
      "unsupported_media_type",
      "the dataset must be CSV",
    );
    await refused(
      () =>
        api("/v1/datasets/zipped", {
          ...put("1,0\n"),
          headers: { "content-type": "text/csv", "content-encoding": "gzip" },
        }),
      415,
      "unsupported_media_type",
      "without Content-Encoding",
    );
  });

  it("415 for a charset no decoder knows, and a media type it names what it takes (issue #18)", async () => {
    const before = await bucketSnapshot();
    for (const [type, message] of [
      [
        "text/csv; charset=latin-9999",
        'charset "latin-9999" is not one the service reads: send utf-8, or a charset of the Encoding Standard such as windows-1252 or utf-16le (converted to utf-8 as it is stored)',
      ],
      [
        "application/json",
        'the dataset must be CSV sent as Content-Type text/csv, text/plain or application/octet-stream (stored as text/csv), got "application/json"',
      ],
    ]) {
      const response = await api("/v1/datasets/typed", put("1,0\n", type));
      expect(response.status).toBe(415);
      const requestId = response.headers.get("x-request-id");
      expect(await response.json()).toEqual({
        error: { code: "unsupported_media_type", message, requestId },
      });
    }
    // A part of an upload is held to the same rule.
    const started = await api("/v1/datasets/typed/uploads", { method: "POST" });
    const { uploadId } = (await started.json()) as { uploadId: string };
    await expectError(
      await api(
        `/v1/datasets/typed/uploads/${uploadId}/parts/1`,
        put("1,0\n", "text/csv; charset=latin-9999"),
      ),
      415,
      "unsupported_media_type",
      'charset "latin-9999" is not one the service reads: send the parts in utf-8, as jobs read it',
    );
    expect(await bucketSnapshot()).toEqual(before);
    // Each type it takes is stored as text/csv; a charset it knows is kept out of it.
    for (const type of [
      "text/plain",
      "application/octet-stream",
      "text/csv; charset=utf-8",
    ]) {
      const response = await api("/v1/datasets/typed", put("1,0\n", type));
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ contentType: "text/csv" });
    }
  });

  it("needs a token to read, even where reads of models are public", async () => {
    await api("/v1/datasets/private", put("1,0\n"));
    for (const path of [
      "/v1/datasets",
      "/v1/datasets/private",
      "/v1/datasets/private/content",
    ]) {
      await refused(() => anonymous(path), 401, "unauthorized");
      await refused(
        () => api(path, { headers: { authorization: "Bearer wrong" } }),
        401,
        "unauthorized",
        "the bearer token is not valid",
      );
      const read = { READ_TOKEN: "reader" };
      const auth = { headers: { authorization: "Bearer reader" } };
      expect((await withVars(read, path, auth)).status).toBe(200);
    }
    await refused(
      () => anonymous("/v1/datasets/private", put("2,1\n")),
      401,
      "unauthorized",
    );
  });

  it("with no token at all, follows writes: refused, open only with ALLOW_OPEN_WRITES", async () => {
    const none = { API_TOKEN: "", READ_TOKEN: "" };
    await refused(
      () => withVars(none, "/v1/datasets/private/content"),
      403,
      "writes_disabled",
      "datasets and jobs are never public",
    );
    const open = await withVars(
      { ...none, ALLOW_OPEN_WRITES: "true" },
      "/v1/datasets/private/content",
    );
    expect(open.status).toBe(200);
    expect(await open.text()).toBe("1,0\n");
  });
});

/** About 11 MiB of CSV: rows of an id, two features and a label. */
function largeCsv(): Uint8Array {
  const rows: string[] = ["id,x1,x2,y"];
  let size = 0;
  for (let i = 0; size < 11 * 1024 * 1024; i++) {
    const row = `${i},${(i % 97) / 7},${(i % 89) / 3},${i % 2}`;
    rows.push(row);
    size += row.length + 1;
  }
  return encoder.encode(rows.join("\n") + "\n");
}

/** Starts an upload of dataset `name`, returning its id. */
async function start(name: string): Promise<string> {
  const response = await api(`/v1/datasets/${name}/uploads`, {
    method: "POST",
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as {
    uploadId: string;
    partSize: number;
  };
  expect(body.partSize).toBe(PART_SIZE);
  return body.uploadId;
}

function putPart(
  name: string,
  id: string,
  part: number | string,
  bytes: Uint8Array,
) {
  return api(`/v1/datasets/${name}/uploads/${id}/parts/${part}`, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream" },
    body: bytes,
  });
}

function complete(name: string, id: string) {
  return api(`/v1/datasets/${name}/uploads/${id}/complete`, { method: "POST" });
}

describe("a dataset sent in parts", () => {
  it("stores 11 MiB sent as two parts, the last first, as their concatenation", async () => {
    const file = largeCsv();
    expect(file.length).toBeGreaterThan(11 * 1024 * 1024);
    const id = await start("large");
    const [one, two] = [file.subarray(0, PART_SIZE), file.subarray(PART_SIZE)];

    const second = await putPart("large", id, 2, two);
    expect(second.status).toBe(200);
    const answer = (await second.json()) as {
      part: number;
      bytes: number;
      etag: string;
    };
    expect(answer).toMatchObject({ part: 2, bytes: two.length });
    expect(answer.etag).toMatch(/\S/);
    expect(await env.DATA.head("datasets/large")).toBeNull();

    await refused(
      () => complete("large", id),
      409,
      "upload_conflict",
      "part 1 is missing of parts 1 to 2",
    );
    expect((await putPart("large", id, 1, one)).status).toBe(200);

    const done = await complete("large", id);
    expect(done.status).toBe(201);
    expect(done.headers.get("location")).toBe("/v1/datasets/large");
    expect(await done.json()).toMatchObject({
      name: "large",
      bytes: file.length,
      contentType: "text/csv",
    });
    const content = await api("/v1/datasets/large/content");
    expect(content.headers.get("content-length")).toBe(String(file.length));
    expect(await sha256(await content.arrayBuffer())).toBe(await sha256(file));
    // The upload is closed: completing or aborting it again finds nothing.
    await refused(() => complete("large", id), 404, "upload_not_found");
  });

  it("aborts an upload: 204, nothing stored, then 404", async () => {
    const id = await start("aborted");
    expect(
      (await putPart("aborted", id, 1, encoder.encode("1,0\n"))).status,
    ).toBe(200);
    const before = await bucketSnapshot();
    const aborted = await api(`/v1/datasets/aborted/uploads/${id}`, {
      method: "DELETE",
    });
    expect(aborted.status).toBe(204);
    expect(await bucketSnapshot()).toEqual(before);
    expect(await env.DATA.head("datasets/aborted")).toBeNull();
    await refused(() => complete("aborted", id), 404, "upload_not_found");
    await refused(
      () => api(`/v1/datasets/aborted/uploads/${id}`, { method: "DELETE" }),
      404,
      "upload_not_found",
    );
  });
});

describe("a dataset sent in parts: refusals", () => {
  const small = encoder.encode("1,0\n2,1\n");

  it("refuses part numbers outside 1-10000 and ids no start gave", async () => {
    const id = await start("numbers");
    for (const part of ["0", "10001", "1.5", "01", "x"]) {
      await refused(
        () => putPart("numbers", id, part, small),
        400,
        "invalid_upload_part",
        `part number must be an integer from 1 to 10000, got "${part}"`,
      );
    }
    await refused(
      () => putPart("numbers", "not-an-id", 1, small),
      400,
      "invalid_upload_part",
      'upload id "not-an-id" is not one',
    );
    const unknown = crypto.randomUUID();
    await refused(
      () => putPart("numbers", unknown, 1, small),
      404,
      "upload_not_found",
      `dataset numbers has no open upload ${unknown}`,
    );
    // The upload is the dataset's: another name does not know it.
    await refused(
      () => putPart("other", id, 1, small),
      404,
      "upload_not_found",
    );
    await refused(() => complete("numbers", unknown), 404, "upload_not_found");
    await refused(
      () => complete("bad%20name", id),
      400,
      "invalid_dataset_name",
    );
  });

  it("refuses a middle part of another size, a part after the last, a part over partSize", async () => {
    const id = await start("sizes");
    const full = new Uint8Array(PART_SIZE).fill(49);
    expect((await putPart("sizes", id, 2, full)).status).toBe(200);
    await refused(
      () => putPart("sizes", id, 1, small),
      400,
      "invalid_upload_part",
      "part 1 has 8 bytes, but part 2 is uploaded, so part 1 is not the last and must be exactly partSize 8388608 bytes",
    );
    expect((await putPart("sizes", id, 3, small)).status).toBe(200);
    await refused(
      () => putPart("sizes", id, 4, small),
      409,
      "upload_conflict",
      "part 4 comes after part 3, the last part (8 bytes",
    );
    const over = new Uint8Array(PART_SIZE + 1).fill(49);
    await refused(
      () => putPart("sizes", id, 1, over),
      400,
      "invalid_upload_part",
      "part 1 has 8388609 bytes, more than the upload's partSize of 8388608",
    );
    await refused(
      () => complete("sizes", id),
      409,
      "upload_conflict",
      "part 1 is missing of parts 1 to 3",
    );
    expect(await env.DATA.head("datasets/sizes")).toBeNull();
  });

  it("refuses a part without Content-Length, and completing with no parts", async () => {
    const id = await start("bare");
    await refused(
      () =>
        api(`/v1/datasets/bare/uploads/${id}/parts/1`, {
          method: "PUT",
          body: chunked("1,0\n2,1\n"),
          duplex: "half",
        } as RequestInit),
      411,
      "length_required",
      "part 1 needs a Content-Length header",
    );
    await refused(
      () => complete("bare", id),
      409,
      "upload_conflict",
      "the upload has no parts",
    );
  });

  it("needs the write token for every step", async () => {
    const id = await start("tokens");
    for (const [path, method] of [
      ["/v1/datasets/tokens/uploads", "POST"],
      [`/v1/datasets/tokens/uploads/${id}/parts/1`, "PUT"],
      [`/v1/datasets/tokens/uploads/${id}/complete`, "POST"],
      [`/v1/datasets/tokens/uploads/${id}`, "DELETE"],
      ["/v1/datasets/tokens", "DELETE"],
    ]) {
      const body = method === "PUT" ? small : undefined;
      await refused(
        () => anonymous(path, { method, body }),
        401,
        "unauthorized",
      );
      const reader = {
        headers: { authorization: "Bearer reader" },
        method,
        body,
      };
      await refused(
        () => withVars({ READ_TOKEN: "reader" }, path, reader),
        401,
        "unauthorized",
      );
    }
  });
});
