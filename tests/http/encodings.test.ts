/**
 * Non-UTF-8 bodies, through the Worker: a declared charset is decoded; a
 * charset the service cannot decode is a 415 naming it, bytes that are not
 * valid a 400 naming where they are, and a refused request stores nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import toyJson from "../../data/toy.json?raw";
import { api, expectErrorBody, storeSnapshot } from "./api";

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

  it("in a CSV field: 400 naming its line and field", async () => {
    const body = bytes("a,b,y\n1,2,0\n3,4", [0xe9], ",1\n");
    await refused(
      "/v1/models/refused",
      send("PUT", "text/csv", body),
      400,
      "malformed_body",
      `line 3 field 2 ${invalid}`,
    );
    await refused(
      "/v1/models/toy-model/predict",
      send("POST", "text/csv", bytes("1,2\n# caf", [0xe9], "\n3,4\n")),
      400,
      "malformed_body",
      `line 2 (a comment) ${invalid}`,
    );
  });

  it("in JSON: 400 naming its line and column", async () => {
    const body = bytes(
      '{"x": [[1, 2],\n  [3, 4]],\n "y": [0, 1], "note": "caf',
      [0xe9],
      '"}',
    );
    await refused(
      "/v1/models/refused",
      send("PUT", "application/json", body),
      400,
      "malformed_body",
      `line 3 column 27 ${invalid}`,
    );
    await refused(
      "/v1/models/refused",
      send(
        "PUT",
        "application/json",
        bytes('{"x": [[1]], "y": [0]}', [0xe2, 0x82]),
      ),
      400,
      "malformed_body",
      "line 1 column 23 ends the body inside a utf-8 character",
    );
  });

  it("in UTF-16LE: an odd byte at the end", async () => {
    await refused(
      "/v1/models/refused",
      send(
        "PUT",
        "text/csv; charset=utf-16le",
        bytes([...utf16le("1,2,0\n3,4,1\n"), 0x41]),
      ),
      400,
      "malformed_body",
      "line 3 field 1 ends the body inside a utf-16le character",
    );
  });
});
