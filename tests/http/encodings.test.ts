/**
 * Compressed and non-UTF-8 bodies, through the Worker: a body sent with
 * `Content-Encoding: gzip` or `deflate` is inflated as it streams and trains,
 * predicts and evaluates exactly as the plain body does; a declared charset
 * is decoded; a coding or a charset the service cannot decode is a 415
 * naming it, bytes that are not valid a 400 naming where they are, and a
 * refused request stores nothing. (A small body that inflates past the byte
 * limit: limits.test.ts.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import toyJson from "../../data/toy.json?raw";
import {
  anonymous,
  api,
  compress,
  expectErrorBody,
  storeSnapshot,
} from "./api";

const encoder = new TextEncoder();

/** A request of `body` as `type`, with these headers besides. */
function send(
  method: string,
  type: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): RequestInit {
  return { method, headers: { "content-type": type, ...headers }, body };
}

/** `text` in UTF-16LE, after a BOM unless `bom` is false. */
function utf16le(text: string, bom = true): Uint8Array {
  const all = (bom ? "\uFEFF" : "") + text;
  const bytes = new Uint8Array(all.length * 2);
  for (let i = 0; i < all.length; i++) {
    bytes[2 * i] = all.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = all.charCodeAt(i) >> 8;
  }
  return bytes;
}

/** `text` in windows-1252: Latin-1's characters, and € as 0x80. */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => (c === "€" ? 0x80 : c.charCodeAt(0)));
}

/**
 * Trains `name` with `init` (a query string may follow the name): the 201's
 * model, checked to be what the store now holds, less its name and date.
 */
async function trained(name: string, init: RequestInit) {
  const response = await api(`/v1/models/${name}`, init);
  expect(response.status).toBe(201);
  // The answer is as to any request: not compressed.
  expect(response.headers.get("content-encoding")).toBeNull();
  const model = (await response.json()) as Record<string, unknown>;
  const path = `/v1/models/${model.name}?version=${model.version}`;
  expect(await (await api(path)).json()).toEqual(model);
  const { name: _, createdAt: __, ...numbers } = model;
  return numbers;
}

/**
 * Sends `init` to `path` and asserts the whole error answer, its requestId
 * that of the response, and that the store is as it was.
 */
async function refused(
  path: string,
  init: RequestInit,
  status: number,
  code: string,
  message: string,
): Promise<Response> {
  const before = await storeSnapshot();
  const response = await api(path, init);
  await expectErrorBody(response, status, code, message);
  expect(await storeSnapshot()).toBe(before);
  return response;
}

// The lab's toy model, to predict and evaluate with.
beforeAll(async () => {
  await trained("toy-model", send("PUT", "application/json", toyJson));
});

describe("compressed bodies", () => {
  it("train the very model the plain CSV trains: gzip, x-gzip, deflate", async () => {
    const query = "?epochs=300&lr=0.5";
    const plain = await trained(
      `diabetes-plain${query}`,
      send("PUT", "text/csv", diabetesCsv),
    );
    expect(plain).toMatchObject({ features: 8, samples: 759, epochs: 300 });
    const gzip = await compress(diabetesCsv, "gzip");
    const deflate = await compress(diabetesCsv, "deflate");
    expect(gzip.length).toBeLessThan(diabetesCsv.length / 2);
    for (const [name, body, coding] of [
      ["diabetes-gzip", gzip, "gzip"],
      ["diabetes-x-gzip", gzip, "x-gzip"],
      ["diabetes-deflate", deflate, "deflate"],
      ["diabetes-identity", encoder.encode(diabetesCsv), "identity"],
    ] as const) {
      const headers = { "content-encoding": coding };
      // Weights, history, metrics: every number, exactly.
      expect(
        await trained(
          `${name}${query}`,
          send("PUT", "text/csv", body, headers),
        ),
      ).toEqual(plain);
    }
  });

  it("train the very model the plain JSON trains, by PUT and by POST", async () => {
    const plain = await trained(
      "toy-plain",
      send("PUT", "application/json", toyJson),
    );
    expect(plain).toMatchObject({ features: 2, samples: 6, accuracy: 1 });
    const gzip = { "content-encoding": "gzip" };
    const body = await compress(toyJson, "gzip");
    expect(
      await trained("toy-gzip", send("PUT", "application/json", body, gzip)),
    ).toEqual(plain);
    const posted = await api(
      "/v1/models",
      send("POST", "application/json", body, gzip),
    );
    expect(posted.status).toBe(201);
    const {
      name,
      createdAt: _,
      ...numbers
    } = (await posted.json()) as Record<string, unknown>;
    expect(numbers).toEqual(plain);
    expect(posted.headers.get("location")).toBe(`/v1/models/${name}`);
  });

  it("predict and evaluate as the plain body does", async () => {
    const rows = JSON.stringify({
      x: [
        [1, 2],
        [4, 3],
        [6, 2],
      ],
    });
    const labelled = "1,2,0\n4,3,1\n6,2,1\n3,1,1\n";
    for (const [route, type, body] of [
      ["predict", "application/json", rows],
      ["predict", "text/csv", "1,2\n4,3\n6,2\n"],
      ["evaluate", "text/csv", labelled],
      ["evaluate", "application/json", '{"x": [[1, 2], [4, 3]], "y": [0, 1]}'],
    ]) {
      const path = `/v1/models/toy-model/${route}`;
      const plain = await api(path, send("POST", type, body));
      expect(plain.status).toBe(200);
      const expected = await plain.json();
      for (const coding of ["gzip", "deflate"] as const) {
        const response = await api(
          path,
          send("POST", type, await compress(body, coding), {
            "content-encoding": coding,
          }),
        );
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(expected);
      }
    }
  });

  it("replays an Idempotency-Key's answer to the same compressed request", async () => {
    const body = await compress(toyJson, "gzip");
    const init = send("PUT", "application/json", body, {
      "content-encoding": "gzip",
      "idempotency-key": "gzip-once",
    });
    const first = await api("/v1/models/toy-keyed", init);
    expect(first.status).toBe(201);
    const again = await api("/v1/models/toy-keyed", init);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
  });

  it("refuse a coding the service does not read, naming it, with Accept-Encoding", async () => {
    const body = await compress("1,2,0\n3,4,1\n", "gzip");
    for (const [coding, message] of [
      ["br", 'content encoding "br" is not one the service reads'],
      ["compress", 'content encoding "compress" is not one the service reads'],
      ["foo", 'content encoding "foo" is not one the service reads'],
    ]) {
      const response = await refused(
        "/v1/models/refused",
        send("PUT", "text/csv", body, { "content-encoding": coding }),
        415,
        "unsupported_media_type",
        `${message}: send gzip or deflate, or no Content-Encoding`,
      );
      expect(response.headers.get("accept-encoding")).toBe("gzip, deflate");
    }
    await refused(
      "/v1/models/refused",
      send("PUT", "text/csv", await compress(body, "gzip"), {
        "content-encoding": "gzip, gzip",
      }),
      415,
      "unsupported_media_type",
      'content encoding "gzip, gzip" applies 2 codings: send one, gzip or deflate',
    );
  });

  it("refuse damaged, cut short and trailing data: 400, naming the problem", async () => {
    const csv = "1,2,0\n3,4,1\n";
    const gzip = await compress(csv, "gzip");
    const damaged = gzip.slice();
    damaged[12] ^= 0xff;
    const cases: [Uint8Array, string, string][] = [
      [
        damaged,
        "gzip",
        "the gzip body is damaged: its bytes are not gzip data",
      ],
      [
        encoder.encode(csv),
        "gzip",
        "the gzip body is damaged: its bytes are not gzip data",
      ],
      [
        gzip,
        "deflate",
        "the deflate body is damaged: its bytes are not deflate data",
      ],
      [
        gzip.slice(0, -6),
        "gzip",
        "the gzip body ends before its compressed data does",
      ],
      [
        new Uint8Array([...gzip, ...encoder.encode("5,6,1\n")]),
        "gzip",
        "the gzip body goes on after the end of its compressed data",
      ],
    ];
    for (const [body, coding, message] of cases) {
      for (const path of [
        "/v1/models/refused",
        "/v1/models/toy-model/evaluate",
      ]) {
        await refused(
          path,
          send(path.endsWith("evaluate") ? "POST" : "PUT", "text/csv", body, {
            "content-encoding": coding,
          }),
          400,
          "malformed_body",
          message,
        );
      }
    }
  });
});

describe("charsets", () => {
  const text = "Größe (m),Gewicht €,y\r\n1.5,-2e3,1\r\n0.25,4,0\r\n3,5,1\r\n";

  it("decode UTF-16LE, with its BOM or without, to the model UTF-8 trains", async () => {
    const utf8 = await trained("words-utf8", send("PUT", "text/csv", text));
    const utf16 = "text/csv; charset=utf-16le";
    for (const [name, init] of [
      ["words-utf16-bom", send("PUT", utf16, utf16le(text))],
      ["words-utf16", send("PUT", utf16, utf16le(text, false))],
      [
        "words-utf16-quoted",
        send("PUT", 'text/csv; Charset="UTF-16LE"', utf16le(text)),
      ],
      [
        "words-utf16-gzip",
        send("PUT", utf16, await compress(utf16le(text), "gzip"), {
          "content-encoding": "gzip",
        }),
      ],
    ] as const) {
      expect(await trained(name, init)).toEqual(utf8);
    }
    const json = '{"x": [[1.5, -2e3], [0.25, 4]], "y": [1, 0], "loss": "bce"}';
    expect(
      await trained(
        "json-utf16",
        send("PUT", "application/json; charset=utf-16le", utf16le(json)),
      ),
    ).toEqual(
      await trained("json-utf8", send("PUT", "application/json", json)),
    );
  });

  it("decode windows-1252, a header in it, to the model UTF-8 trains", async () => {
    const utf8 = await trained(
      "words-1252-utf8",
      send("PUT", "text/csv", text),
    );
    const bytes = windows1252(text);
    expect(bytes.length).toBe(text.length);
    expect(
      await trained(
        "words-1252",
        send("PUT", "text/csv; charset=windows-1252", bytes),
      ),
    ).toEqual(utf8);
    // The same bytes read as UTF-8: "ö" alone is not UTF-8.
    await refused(
      "/v1/models/words-1252-as-utf8",
      send("PUT", "text/csv", bytes),
      400,
      "malformed_body",
      "line 1 field 1 has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)",
    );
  });

  it("refuse a charset TextDecoder does not know, naming it", async () => {
    for (const [type, label] of [
      ["text/csv; charset=klingon", '"klingon"'],
      ['application/json; charset="utf-7"', '"utf-7"'],
    ]) {
      await refused(
        "/v1/models/refused",
        send("PUT", type, "1,2,0\n"),
        415,
        "unsupported_media_type",
        `charset ${label} is not one the service reads: send utf-8, or a charset of the Encoding Standard such as utf-16le or windows-1252`,
      );
    }
  });
});

describe("bytes that are not valid in the body's charset", () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(
      parts.flatMap((part) =>
        typeof part === "string" ? [...encoder.encode(part)] : part,
      ),
    );
  const invalid =
    "has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)";
  const malformed = (path: string, init: RequestInit, message: string) =>
    refused(path, init, 400, "malformed_body", message);

  it("in a CSV field: 400 naming its line and field, sent plain or compressed", async () => {
    const body = bytes("a,b,y\n1,2,0\n3,4", [0xe9], ",1\n");
    await malformed(
      "/v1/models/refused",
      send("PUT", "text/csv", body),
      `line 3 field 2 ${invalid}`,
    );
    await malformed(
      "/v1/models/refused",
      send("PUT", "text/csv", await compress(body, "gzip"), {
        "content-encoding": "gzip",
      }),
      `line 3 field 2 ${invalid}`,
    );
    await malformed(
      "/v1/models/toy-model/predict",
      send("POST", "text/csv", bytes("1,2\n# caf", [0xe9], "\n3,4\n")),
      `line 2 (a comment) ${invalid}`,
    );
  });

  it("in JSON: 400 naming its line and column", async () => {
    const body = bytes(
      '{"x": [[1, 2],\n  [3, 4]],\n "y": [0, 1], "note": "caf',
      [0xe9],
      '"}',
    );
    await malformed(
      "/v1/models/refused",
      send("PUT", "application/json", body),
      `line 3 column 27 ${invalid}`,
    );
    await malformed(
      "/v1/models/refused",
      send(
        "PUT",
        "application/json",
        bytes('{"x": [[1]], "y": [0]}', [0xe2, 0x82]),
      ),
      "line 1 column 23 ends the body inside a utf-8 character",
    );
  });

  it("in UTF-16LE: an odd byte at the end", async () => {
    await malformed(
      "/v1/models/refused",
      send(
        "PUT",
        "text/csv; charset=utf-16le",
        bytes([...utf16le("1,2,0\n3,4,1\n"), 0x41]),
      ),
      "line 3 field 1 ends the body inside a utf-16le character",
    );
  });
});

it("CORS lets a page send Content-Encoding", async () => {
  const response = await anonymous("/v1/models/h", {
    method: "OPTIONS",
    headers: {
      origin: "https://app.example",
      "access-control-request-method": "PUT",
      "access-control-request-headers":
        "authorization, content-type, content-encoding",
    },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-headers")).toBe(
    "Authorization,Content-Type,Content-Encoding,Idempotency-Key",
  );
});
