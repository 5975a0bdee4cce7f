/**
 * Stored-version compatibility: versions written by an earlier build must
 * load, report, predict and evaluate exactly as that build did, read from
 * their bytes in KV and not from an object in memory.
 *
 * tests/fixtures/stored-versions.json holds the raw KV entries (key, value
 * string, metadata) that commit efc27e9 wrote for five models: the lab's toy
 * model (v1, and v2 a warm start from it), a two-class model with
 * standardize, validation, l2, earlyStopping and threshold 0.7, one with a
 * torch-seed init, mini-batches, Adam and class weights, and two softmax
 * models of 3 classes (standardize with validation; explicit init rows).
 * They were captured once, through the Worker (api(), then env.MODELS read
 * raw), by a one-off test that was then deleted; `answers` and `warmStarts`
 * are what efc27e9 answered when reading those bytes back with the requests
 * below. Never regenerate the fixture: later code must read these bytes as
 * they are, and answer the same, number for number.
 *
 * The store finds a model through `head:<name>` (its value the newest
 * version, its metadata the listing's summary), then `model:<name>:v<n>`.
 * The names are used by no other test file, so no cached version can stand
 * in for the bytes.
 *
 * Since efc27e9 a model's and a report's JSON end with `warnings`
 * (src/engine/warnings.ts): these versions, stored before there were any,
 * read as none, and the new versions warm-started from them have their own;
 * `withWarnings` adds that one field to the recorded answers, which are
 * otherwise compared as they are.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "../fixtures/stored-versions.json";
import { MULTI, TOY, TWO } from "../fixtures/recording-data";
import { api, bodyOf, expectError, json } from "../http/api";

/** A raw KV entry as the fixture holds it. */
interface Entry {
  readonly key: string;
  readonly value: string;
  readonly metadata: Record<string, unknown> | null;
}

/** One answer: the request's label, status, content type and body. */
interface Answer {
  readonly label: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

const ENTRIES = fixture.entries as Entry[];
const EXPECTED = fixture as unknown as {
  answers: Answer[];
  warmStarts: Answer[];
};

/** The rows each stored model was trained on. */
const DATA: Record<string, { x: number[][]; y: number[] }> = {
  "stored-mixed": TWO,
  "stored-soft-std": MULTI,
  "stored-soft-w": MULTI,
  "stored-std": TWO,
  "stored-toy": TOY,
};

const HEADS = ENTRIES.filter((entry) => entry.key.startsWith("head:"));

/** Every key of the store with its value and metadata, in key order. */
async function rawEntries(): Promise<Entry[]> {
  const page = await env.MODELS.list();
  expect(page.list_complete).toBe(true);
  return Promise.all(
    page.keys.map(async (key) => ({
      key: key.name,
      value: (await env.MODELS.get(key.name)) ?? "",
      metadata: (key.metadata as Record<string, unknown> | undefined) ?? null,
    })),
  );
}

/** Sends a request and keeps its answer; `createdAt` masked when asked. */
async function answer(
  label: string,
  path: string,
  init: RequestInit = {},
  maskCreatedAt = false,
): Promise<Answer> {
  const response = await api(path, init);
  const contentType = response.headers.get("content-type");
  const body = await bodyOf(response, (key, value) =>
    key === "requestId" || (maskCreatedAt && key === "createdAt")
      ? `<${key}>`
      : value,
  );
  return { label, status: response.status, contentType, body };
}

/**
 * `body` in the shape efc27e9 gave it. The one intended change since: every
 * model, listing entry, prediction and evaluation names its classes
 * (`classes: [0, 1, ...]`), where efc27e9 gave `classes: K` for K ≥ 3 and
 * nothing for two (and predictions of two classes nothing). Versions stored
 * then have the classes 0..K−1: anything else fails here.
 */
function efc27e9Shape(body: unknown): unknown {
  if (Array.isArray(body)) return body.map((item) => efc27e9Shape(item));
  if (typeof body !== "object" || body === null) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const indexed =
      k === "classes" && Array.isArray(v) && v.every((value, i) => value === i);
    if (!indexed) out[k] = efc27e9Shape(v);
    else if (v.length > 2) out[k] = v.length;
  }
  return out;
}

/**
 * `recorded` as this build answers it: a model's or a report's JSON body
 * with `warnings` at its end; any other answer as it is.
 */
function withWarnings(recorded: Answer, warnings: unknown = []): Answer {
  const json =
    recorded.status < 300 &&
    (/: (model|report)$/.test(recorded.label) || recorded.status === 201);
  if (!json) return recorded;
  return {
    ...recorded,
    body: { ...(recorded.body as Record<string, unknown>), warnings },
  };
}

/** The warnings' codes of an answer's JSON body. */
function warningCodes(answer: Answer): string[] {
  const { warnings } = answer.body as { warnings: { code: string }[] };
  return warnings.map((warning) => warning.code);
}

/**
 * Each answer in `actual` equals the recorded one of the same place and
 * label; with `within`, numbers may differ by `within`·max(1, |recorded|).
 */
function expectAnswers(actual: Answer[], recorded: Answer[], within = 0): void {
  expect(actual.map((a) => a.label)).toEqual(recorded.map((a) => a.label));
  actual.forEach((a, i) =>
    expect(
      snapped({ ...a, body: efc27e9Shape(a.body) }, recorded[i], within),
      a.label,
    ).toEqual(recorded[i]),
  );
}

/**
 * `actual` with each number that is within `within`·max(1, |r|) of the
 * recorded number r in the same place replaced by r, so that `toEqual`
 * shows only what is further apart.
 */
function snapped(actual: unknown, recorded: unknown, within: number): unknown {
  if (typeof actual === "number" && typeof recorded === "number") {
    const room = within * Math.max(1, Math.abs(recorded));
    return Math.abs(actual - recorded) <= room ? recorded : actual;
  }
  if (Array.isArray(actual) && Array.isArray(recorded)) {
    return actual.map((v, i) => snapped(v, recorded[i], within));
  }
  if (actual && recorded && typeof actual === "object") {
    const r = recorded as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [k, snapped(v, r[k], within)]),
    );
  }
  return actual;
}

beforeAll(async () => {
  // Storage is isolated per test file: the store starts empty.
  expect(await rawEntries()).toEqual([]);
  for (const { key, value, metadata } of ENTRIES) {
    await env.MODELS.put(key, value, metadata ? { metadata } : {});
  }
});

describe("versions stored by efc27e9", () => {
  it("holds the five models' heads and six versions", () => {
    expect(ENTRIES.map((entry) => entry.key)).toEqual([
      "head:stored-mixed",
      "head:stored-soft-std",
      "head:stored-soft-w",
      "head:stored-std",
      "head:stored-toy",
      "model:stored-mixed:v1",
      "model:stored-soft-std:v1",
      "model:stored-soft-w:v1",
      "model:stored-std:v1",
      "model:stored-toy:v1",
      "model:stored-toy:v2",
    ]);
  });

  it("loads each model at the version its head names", async () => {
    for (const head of HEADS) {
      const name = head.key.slice("head:".length);
      const response = await api(`/v1/models/${name}`);
      expect(response.status, name).toBe(200);
      const model = (await response.json()) as Record<string, unknown>;
      expect(model.name).toBe(name);
      expect(model.version).toBe(Number(head.value));
      const stored = JSON.parse(
        ENTRIES.find((e) => e.key === `model:${name}:v${head.value}`)?.value ??
          "null",
      ) as Record<string, unknown>;
      expect(model.createdAt).toBe(stored.createdAt);
      expect(model.createdAt).toBe(head.metadata?.createdAt);
    }
  });

  it("lists, reads, reports, predicts and evaluates as efc27e9 did", async () => {
    const actual: Answer[] = [await answer("GET /v1/models", "/v1/models")];
    for (const name of Object.keys(DATA)) {
      const { x, y } = DATA[name];
      const rows = { x: x.slice(0, 5) };
      for (const version of name === "stored-toy" ? [0, 1] : [0]) {
        const label = (what: string) =>
          `${name}${version ? ` v${version}` : ""}: ${what}`;
        const path = (suffix: string, ...query: string[]) => {
          const params = [...(version ? [`version=${version}`] : []), ...query];
          return `/v1/models/${name}${suffix}${params.length > 0 ? `?${params.join("&")}` : ""}`;
        };
        actual.push(
          await answer(label("model"), path("")),
          await answer(label("report"), path("/report")),
          await answer(label("report, text"), path("/report"), {
            headers: { accept: "text/plain" },
          }),
          await answer(label("predict"), path("/predict"), json("POST", rows)),
          await answer(
            label("predict, explain"),
            path("/predict", "explain=true"),
            json("POST", rows),
          ),
          await answer(
            label("predict one row"),
            path("/predict", `x=${x[5].join(",")}`),
          ),
          await answer(
            label("evaluate"),
            path("/evaluate"),
            json("POST", { x, y }),
          ),
        );
      }
    }
    expectAnswers(
      actual,
      EXPECTED.answers.map((recorded) => withWarnings(recorded)),
    );
  });

  it("lists their versions, summarised once from their KV values", async () => {
    const stored = (key: string) =>
      JSON.parse(ENTRIES.find((e) => e.key === key)?.value ?? "null") as {
        version: number;
        createdAt: string;
        accuracy: number;
        threshold?: number;
      };
    const summary = (key: string) => {
      const { version, createdAt, accuracy, threshold } = stored(key);
      return { version, createdAt, accuracy, threshold, aliases: [] };
    };
    const expected = {
      name: "stored-toy",
      versions: [
        summary("model:stored-toy:v2"),
        summary("model:stored-toy:v1"),
      ],
      cursor: null,
    };
    // Twice: the second page comes from the summaries the first one kept.
    for (let i = 0; i < 2; i++) {
      const response = await api("/v1/models/stored-toy/versions");
      expect(await response.json()).toEqual(expected);
    }
    const soft = await api("/v1/models/stored-soft-w/versions");
    const { versions } = (await soft.json()) as { versions: object[] };
    expect(versions).toEqual([
      {
        ...summary("model:stored-soft-w:v1"),
        threshold: undefined,
      },
    ]);
  });

  it("reads without writing: the stored bytes are unchanged", async () => {
    expect(await rawEntries()).toEqual(ENTRIES);
  });

  it("answers 404 report_not_found for the score curves they lack, writing nothing", async () => {
    const lacking =
      "model stored-toy version 2 was stored before score curves were kept";
    for (const path of [
      "/v1/models/stored-toy/thresholds",
      "/v1/models/stored-toy/thresholds?dataset=validation",
      "/v1/models/stored-toy/pr.svg",
      "/v1/models/stored-toy/calibration.svg?dataset=training",
    ]) {
      await expectError(await api(path), 404, "report_not_found", lacking);
    }
    await expectError(
      await api(
        "/v1/models/stored-toy/threshold",
        json("POST", { threshold: 0.3 }),
      ),
      404,
      "report_not_found",
      lacking,
    );
    await expectError(
      await api("/v1/models/stored-soft-w/thresholds"),
      404,
      "report_not_found",
      "model stored-soft-w version 1 has 3 classes: thresholds, precision-recall and calibration are for two-class models",
    );
    expect(await rawEntries()).toEqual(ENTRIES);
  });

  it("warm-starts new versions from stored ones", async () => {
    const actual = [
      await answer(
        "stored-toy: warm start from the newest, version 3",
        "/v1/models/stored-toy",
        json("PUT", { ...TOY, epochs: 20, init: { model: "stored-toy" } }),
        true,
      ),
      await answer(
        "stored-std-warm: warm start from stored-std v1",
        "/v1/models/stored-std-warm",
        json("PUT", {
          ...TWO,
          epochs: 20,
          lr: 0.1,
          init: { model: "stored-std", version: 1 },
        }),
        true,
      ),
      await answer(
        "stored-soft-warm: warm start from stored-soft-w",
        "/v1/models/stored-soft-warm",
        json("PUT", {
          ...MULTI,
          epochs: 20,
          lr: 0.1,
          init: { model: "stored-soft-w" },
        }),
        true,
      ),
    ];
    // The toy data and the three clusters are separated; the two-class
    // data is not.
    expect(actual.map(warningCodes)).toEqual([
      ["perfect_separation"],
      [],
      ["perfect_separation"],
    ]);
    // New trainings, which the float32 epochs (since efc27e9) move in
    // their last bits: the lab's 1e-6 apart (1.5e-7 at most, measured).
    expectAnswers(
      actual,
      EXPECTED.warmStarts.map((recorded, i) =>
        withWarnings(
          recorded,
          (actual[i].body as { warnings: unknown }).warnings,
        ),
      ),
      1e-6,
    );
  });
});
