/**
 * Property-based tests: whatever arrives, the Worker answers with a JSON 4xx
 * (or trains, when the input is valid), never a 500, and a refused request
 * leaves the model store byte for byte as it was.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, compress, storeSnapshot } from "./api";

const RUNS = 60;

/** Sends a request and checks the property every response must keep. */
async function survives(path: string, init: RequestInit): Promise<Response> {
  const before = await storeSnapshot();
  const response = await api(path, init);
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.clone().json()) as {
      error: { code: unknown; message: unknown };
    };
    expect(typeof body.error.code).toBe("string");
    expect(typeof body.error.message).toBe("string");
    expect(await storeSnapshot()).toBe(before);
  }
  return response;
}

const contentTypes = fc.constantFrom(
  "application/json",
  "text/csv",
  "text/csv; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/vnd.api+json",
  "",
);

/** Every endpoint that reads a body, against an existing model "p" (2 features). */
const bodyEndpoints: [string, string][] = [
  ["PUT", "/v1/models/p"],
  ["POST", "/v1/models"],
  ["POST", "/v1/models/p/predict"],
];

beforeAll(async () => {
  const response = await api("/v1/models/p", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      x: [
        [1, 2],
        [3, 4],
      ],
      y: [0, 1],
    }),
  });
  expect(response.status).toBe(201);
});

describe("datasets of valid shape", () => {
  it("train to finite weights or are refused with a 4xx", async () => {
    const dataset = fc
      .record({
        rows: fc.integer({ min: 1, max: 12 }),
        cols: fc.integer({ min: 1, max: 4 }),
      })
      .chain(({ rows, cols }) =>
        fc.record({
          x: fc.array(
            fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), {
              minLength: cols,
              maxLength: cols,
            }),
            { minLength: rows, maxLength: rows },
          ),
          y: fc.array(fc.constantFrom(0, 1), {
            minLength: rows,
            maxLength: rows,
          }),
          epochs: fc.integer({ min: 0, max: 30 }),
          lr: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
          loss: fc.constantFrom("lab", "bce"),
        }),
      );
    await fc.assert(
      fc.asyncProperty(dataset, async (body) => {
        const response = await survives("/v1/models/prop", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (response.status === 201) {
          const model = (await response.json()) as {
            weights: { w: number[]; b: number };
            cost: number;
          };
          expect(model.weights.w.every(Number.isFinite)).toBe(true);
          expect(Number.isFinite(model.weights.b)).toBe(true);
          expect(Number.isFinite(model.cost)).toBe(true);
        } else {
          expect(response.status).toBe(422);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("hostile bodies, to every endpoint", () => {
  it("arbitrary bytes with any content type", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyEndpoints),
        contentTypes,
        fc.uint8Array({ maxLength: 300 }),
        async ([method, path], type, bytes) => {
          await survives(path, {
            method,
            headers: type ? { "content-type": type } : {},
            body: bytes,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("arbitrary bytes in any coding and charset, compressed or not", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyEndpoints),
        fc.constantFrom("text/csv", "application/json"),
        fc.constantFrom("", "; charset=utf-16le", "; charset=shift_jis"),
        fc.constantFrom("gzip", "deflate", "x-gzip", "identity", "br", ""),
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.nat()),
        async ([method, path], type, charset, coding, bytes, damage) => {
          // Compressed as the header says, then perhaps a byte flipped.
          let body: Uint8Array = bytes;
          if (coding === "gzip" || coding === "deflate") {
            body = await compress(bytes, coding);
            if (damage !== null) body[damage % body.length] ^= 0x5a;
          }
          await survives(path, {
            method,
            headers: {
              "content-type": type + charset,
              "content-encoding": coding,
            },
            body,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("arbitrary JSON values", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyEndpoints),
        fc.jsonValue(),
        async ([method, path], value) => {
          await survives(path, {
            method,
            headers: { "content-type": "application/json" },
            body: JSON.stringify(value),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("x and y of any JSON shape", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyEndpoints),
        fc.jsonValue(),
        fc.jsonValue(),
        async ([method, path], x, y) => {
          await survives(path, {
            method,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ x, y }),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("huge numbers and deep nesting", async () => {
    const depth = 100_000;
    const bodies = [
      '{"x": [[1e309, 1]], "y": [0]}',
      '{"x": [[-1e309, 1]], "y": [0]}',
      `{"x": [[${"9".repeat(400)}, 1]], "y": [1]}`,
      '{"x": [[1, 2]], "y": [1e400]}',
      '{"x": [[1, 2]], "y": [0], "epochs": 1e300}',
      '{"x": [[1, 2]], "y": [0], "lr": 1e-400}',
      `{"x": ${"[".repeat(depth)}${"]".repeat(depth)}, "y": [0]}`,
      `{"x": [[${"[".repeat(depth)}${"]".repeat(depth)}]], "y": [0]}`,
      `{"x": [[1, 2]], "y": [0], "init": ${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`,
      "[".repeat(depth),
    ];
    for (const [method, path] of bodyEndpoints) {
      for (const body of bodies) {
        const response = await survives(path, {
          method,
          headers: { "content-type": "application/json" },
          body,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it("CSV oddities", async () => {
    const field = fc.constantFrom(
      "1",
      "0",
      "0.5",
      "-2",
      "1e309",
      "-1e309",
      "1e39",
      '"1"',
      '"1,2"',
      '""',
      "",
      " ",
      "a",
      "NaN",
      "Infinity",
      "0x1",
      "1.0",
      "\uFEFF1",
      '"unclosed',
    );
    const sep = fc.constantFrom(",", ",,", ";", "\t");
    const eol = fc.constantFrom("\n", "\r\n", "\r", "\n\n", ",\n", "");
    const line = fc
      .tuple(fc.array(fc.tuple(field, sep), { maxLength: 4 }), field, eol)
      .map(
        ([pairs, last, end]) =>
          pairs.map(([f, s]) => f + s).join("") + last + end,
      );
    const document = fc
      .tuple(fc.boolean(), fc.array(line, { maxLength: 6 }))
      .map(([bom, lines]) => (bom ? "\uFEFF" : "") + lines.join(""));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyEndpoints),
        document,
        async ([method, path], text) => {
          await survives(path, {
            method,
            headers: { "content-type": "text/csv" },
            body: text,
          });
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});

describe("hostile URLs", () => {
  it("any query on the read endpoints", async () => {
    const value = fc.string({ maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          "/v1/models/p/predict",
          "/v1/models/p",
          "/v1/models/p/report",
          "/v1/models",
        ),
        fc.dictionary(
          fc.constantFrom("x", "version", "limit", "cursor", "other"),
          value,
          { maxKeys: 3 },
        ),
        async (path, query) => {
          await survives(`${path}?${new URLSearchParams(query)}`, {});
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("any model name", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }),
        fc.constantFrom("GET", "DELETE"),
        async (name, method) => {
          const path = `/v1/models/${encodeURIComponent(name)}`;
          if (name === "p") return; // deleting the shared model is allowed
          await survives(path, { method });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
