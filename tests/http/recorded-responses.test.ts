/**
 * Recorded responses: a fixed sequence of requests through the Worker, every
 * route and method, successes and refusals, whose answers (status, content
 * type, Location, WWW-Authenticate, a preflight's allowed methods, body),
 * each under a label naming its request, must stay exactly those recorded in
 * tests/fixtures/recorded-responses.json, number for number. It is the net
 * for refactors that must not change the API.
 *
 * Volatile values are masked before comparing: every `createdAt` and
 * `requestId` and `uploadId`, generated names `m-<uuid>` (bodies, Location and labels), the
 * pages' CSP nonces, and KV's opaque list cursors. JSON bodies are recorded
 * parsed, with the members of each object in sorted order (their order on
 * the wire is not compared); numbers as JSON writes them, so exactly.
 * Server-Timing and X-Request-Id are not recorded.
 *
 * Regenerate: `npx vitest run tests/http/recorded-responses.test.ts -u` (the
 * `-u` after the file; placed before it, it takes the file name as its
 * value and the whole suite runs). Regenerating is only legitimate when an
 * API change is intended, and the diff of the JSON file is then that change,
 * to be read entry by entry. Without `-u` a difference fails; a missing file
 * is written by vitest locally, and fails under `CI=true`.
 */
import { expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import toyCsv from "../../data/toy.csv?raw";
import toyJson from "../../data/toy.json";
import { MULTI, TOY, TWO, csvText } from "../fixtures/recording-data";
import { anonymous, api, bodyOf, csv, json } from "./api";

const RECORDING = "../fixtures/recorded-responses.json";

/** One request's answer as recorded, volatile values masked. */
interface Recorded {
  readonly label: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly location?: string;
  readonly wwwAuthenticate?: string;
  readonly allowMethods?: string;
  readonly body: unknown;
}

const GENERATED_NAME =
  /m-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function maskText(text: string): string {
  return text
    .replace(GENERATED_NAME, "m-<uuid>")
    .replace(/nonce="[^"]*"/g, 'nonce="<nonce>"');
}

/**
 * `value` with every volatile string replaced by a placeholder, and the keys
 * of every object sorted: the order of members is no part of the API.
 */
function mask(value: unknown, key?: string): unknown {
  if (typeof value === "string") {
    if (key === "createdAt") return "<createdAt>";
    if (key === "requestId") return "<requestId>";
    if (key === "cursor") return "<cursor>";
    if (key === "uploadId") return "<uploadId>";
    return maskText(value);
  }
  if (Array.isArray(value)) return value.map((item) => mask(item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, mask(v, k)]),
    );
  }
  return value;
}

const recording: Recorded[] = [];

/** What the sequence needs of an answer to go on: unmasked. */
interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly body: { readonly cursor?: string } & Record<string, unknown>;
}

/**
 * Sends a request (with the write token, or `anonymous`) and records its
 * answer under `METHOD path (note)`.
 */
async function send(
  note: string,
  path: string,
  init: RequestInit = {},
  how: "token" | "anonymous" = "token",
): Promise<Answer> {
  const response = await (how === "token" ? api : anonymous)(path, init);
  const contentType = response.headers.get("content-type");
  const body = (await bodyOf(response)) as Answer["body"];
  const location = response.headers.get("location");
  const wwwAuthenticate = response.headers.get("www-authenticate");
  const allowMethods = response.headers.get("access-control-allow-methods");
  const method = init.method ?? "GET";
  recording.push({
    label: maskText(`${method} ${path}${note ? ` (${note})` : ""}`),
    status: response.status,
    contentType,
    ...(location !== null && { location: maskText(location) }),
    ...(wwwAuthenticate !== null && { wwwAuthenticate }),
    ...(allowMethods !== null && { allowMethods }),
    body: mask(body),
  });
  return { status: response.status, location, body };
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
/** `init` with an Accept header. */
const accepting = (accept: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), accept },
});
const TEXT = { headers: { accept: "text/plain" } };
const TOY_ROWS = {
  x: [
    [1, 2],
    [4, 3],
    [3.5, 2.5],
    [6, 0],
  ],
};
const MULTI_ROWS = {
  x: [
    [0, 0],
    [3, 1],
    [1, 3],
    [1.5, 1.5],
  ],
};

/**
 * The labels of the entries that differ between the committed recording
 * and this run's, so that a failure names the requests that changed.
 */
function changedLabels(before: Recorded[], after: Recorded[]): string[] {
  const old = new Map(before.map((entry) => [entry.label, entry]));
  const labels = after.flatMap((entry) => {
    const was = old.get(entry.label);
    if (was === undefined) return [`new: ${entry.label}`];
    return JSON.stringify(was) === JSON.stringify(entry) ? [] : [entry.label];
  });
  const now = new Set(after.map((entry) => entry.label));
  for (const entry of before) {
    if (!now.has(entry.label)) labels.push(`gone: ${entry.label}`);
  }
  return labels;
}

it("answers every recorded request as recorded", async () => {
  // ---- The service's own routes.
  await send("the page", "/");
  await send("endpoint list", "/", {
    headers: { accept: "application/json" },
  });
  await send("", "/health");
  await send("full document", "/openapi.json");
  await send("reference page", "/docs");
  await send("", "/favicon.ico");
  await send(
    "CORS preflight",
    "/v1/models/rec-toy",
    {
      method: "OPTIONS",
      headers: {
        origin: "https://example.test",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization, content-type",
      },
    },
    "anonymous",
  );
  await send("no such route", "/v2/models");
  await send("no such method", "/v1/models/rec-toy", { method: "PATCH" });

  // ---- Who may write.
  await send(
    "no token",
    "/v1/models/rec-toy",
    json("PUT", toyJson),
    "anonymous",
  );
  await send("wrong token", "/v1/models/rec-toy", {
    ...json("PUT", toyJson),
    headers: {
      "content-type": "application/json",
      authorization: "Bearer not-the-token",
    },
  });
  await send("wrong token on a public read", "/v1/models", {
    headers: { authorization: "Bearer not-the-token" },
  });
  await send(
    "delete without a token",
    "/v1/models/rec-toy",
    { method: "DELETE" },
    "anonymous",
  );

  // ---- Two classes: the lab, then each option.
  await send("JSON, lab toy data", "/v1/models/rec-toy", json("PUT", toyJson));
  await send(
    "CSV with header, lab toy data",
    "/v1/models/rec-toy-csv?epochs=1000&logEvery=100",
    csv("PUT", toyCsv),
  );
  await send(
    "warm start from the newest version",
    "/v1/models/rec-toy",
    json("PUT", { ...TOY, epochs: 50, init: { model: "rec-toy" } }),
  );
  await send(
    "warm start from version 1",
    "/v1/models/rec-toy-warm",
    json("PUT", { ...TOY, epochs: 20, init: { model: "rec-toy", version: 1 } }),
  );
  await send("newest version", "/v1/models/rec-toy");
  await send("version 1", "/v1/models/rec-toy?version=1");
  await send(
    "loss lab",
    "/v1/models/rec-loss-lab",
    json("PUT", { ...TOY, epochs: 200, loss: "lab" }),
  );
  await send(
    "init torch seed 1",
    "/v1/models/rec-torch",
    json("PUT", { ...TOY, epochs: 200, init: { torch: { seed: 1 } } }),
  );
  await send(
    "init explicit w and b",
    "/v1/models/rec-init-w",
    json("PUT", { ...TOY, epochs: 100, init: { w: [0.5, -0.25], b: -1 } }),
  );
  await send(
    "init zeros, threshold 0.3",
    "/v1/models/rec-threshold",
    json("PUT", { ...TOY, epochs: 100, init: "zeros", threshold: 0.3 }),
  );
  await send(
    "standardize, validation, l2, earlyStopping, threshold 0.7",
    "/v1/models/rec-std",
    json("PUT", {
      ...TWO,
      epochs: 300,
      lr: 0.5,
      logEvery: 10,
      standardize: true,
      validation: { fraction: 0.25, seed: 3 },
      l2: 0.01,
      earlyStopping: { patience: 5, minDelta: 0.0001 },
      threshold: 0.7,
    }),
  );
  await send(
    "l1",
    "/v1/models/rec-l1",
    json("PUT", { ...TWO, epochs: 100, lr: 0.1, l1: 0.05 }),
  );
  await send(
    "batchSize and seed",
    "/v1/models/rec-batch",
    json("PUT", { ...TWO, epochs: 50, lr: 0.1, batchSize: 5, seed: 3 }),
  );
  await send(
    "sgd with momentum",
    "/v1/models/rec-momentum",
    json("PUT", {
      ...TWO,
      epochs: 100,
      lr: 0.05,
      optimizer: { sgd: { momentum: 0.9 } },
    }),
  );
  await send(
    "sgd with nesterov momentum and weight decay",
    "/v1/models/rec-nesterov",
    json("PUT", {
      ...TWO,
      epochs: 100,
      lr: 0.05,
      optimizer: { sgd: { momentum: 0.8, nesterov: true, weightDecay: 0.01 } },
    }),
  );
  await send(
    "adam",
    "/v1/models/rec-adam",
    json("PUT", {
      ...TWO,
      epochs: 100,
      lr: 0.05,
      optimizer: { adam: { beta1: 0.8 } },
    }),
  );
  await send(
    "classWeights balanced",
    "/v1/models/rec-balanced",
    json("PUT", { ...TWO, epochs: 100, lr: 0.1, classWeights: "balanced" }),
  );
  await send(
    "classWeights explicit",
    "/v1/models/rec-weighted",
    json("PUT", {
      ...TWO,
      epochs: 100,
      lr: 0.1,
      classWeights: { "0": 1, "1": 2.5 },
    }),
  );
  await send(
    "torch seed, batchSize and seed, adam, classWeights",
    "/v1/models/rec-mixed",
    json("PUT", {
      ...TWO,
      epochs: 40,
      lr: 0.02,
      init: { torch: { seed: 7 } },
      batchSize: 8,
      seed: 11,
      optimizer: { adam: {} },
      classWeights: { "0": 0.75, "1": 1.5 },
    }),
  );
  await send(
    "CSV, options in the query",
    `/v1/models/rec-csv-options?epochs=60&lr=0.2&standardize=true&l2=0.01&optimizer=${q({ adam: {} })}&validation=${q({ fraction: 0.25 })}&init=zeros&threshold=0.6`,
    csv("PUT", csvText(TWO.x, TWO.y)),
  );
  await send(
    "the lab's diabetes CSV, nn.Module init",
    `/v1/models/rec-diabetes?epochs=100&logEvery=10&init=${q({ torch: { seed: 1 } })}`,
    csv("PUT", diabetesCsv),
  );

  // ---- Generated names.
  const posted = await send(
    "generated name, JSON",
    "/v1/models",
    json("POST", { ...TOY, epochs: 30 }),
  );
  const postedCsv = await send(
    "generated name, CSV",
    "/v1/models?epochs=30",
    csv("POST", csvText(TOY.x, TOY.y)),
  );
  await send("the generated model", posted.location ?? "");
  await send("a generated model", postedCsv.location ?? "", {
    method: "DELETE",
  });

  // ---- Many classes.
  await send(
    "3 classes from zeros",
    "/v1/models/rec-soft",
    json("PUT", { ...MULTI, epochs: 200, lr: 0.1, logEvery: 20 }),
  );
  await send(
    "3 classes, standardize and validation",
    "/v1/models/rec-soft-std",
    json("PUT", {
      ...MULTI,
      epochs: 150,
      lr: 0.2,
      standardize: true,
      validation: { fraction: 0.34, seed: 1 },
    }),
  );
  await send(
    "3 classes, init torch seed 2",
    "/v1/models/rec-soft-torch",
    json("PUT", {
      ...MULTI,
      epochs: 100,
      lr: 0.1,
      init: { torch: { seed: 2 } },
    }),
  );
  await send(
    "3 classes, warm start",
    "/v1/models/rec-soft-warm",
    json("PUT", { ...MULTI, epochs: 30, lr: 0.1, init: { model: "rec-soft" } }),
  );
  await send(
    "3 classes, explicit init rows",
    "/v1/models/rec-soft-w",
    json("PUT", {
      ...MULTI,
      epochs: 100,
      lr: 0.1,
      init: {
        w: [
          [0.1, -0.2],
          [0.3, 0],
          [-0.1, 0.4],
        ],
        b: [0, 0.5, -0.5],
      },
    }),
  );
  await send(
    "classes 4, class 3 without rows",
    "/v1/models/rec-soft-4",
    json("PUT", { ...MULTI, epochs: 50, lr: 0.1, classes: 4 }),
  );
  await send(
    "3 classes, l1, mini-batches, nesterov, balanced",
    "/v1/models/rec-soft-opts",
    json("PUT", {
      ...MULTI,
      epochs: 40,
      lr: 0.05,
      l1: 0.01,
      batchSize: 4,
      seed: 5,
      optimizer: { sgd: { momentum: 0.5, nesterov: true } },
      classWeights: "balanced",
    }),
  );
  await send(
    "3 classes, CSV",
    "/v1/models/rec-soft-csv?epochs=80&lr=0.1&classWeights=%7B%220%22%3A1%2C%221%22%3A2%2C%222%22%3A1%7D",
    csv("PUT", csvText(MULTI.x, MULTI.y, ["a", "b", "class"])),
  );

  // ---- Predictions.
  await send("JSON", "/v1/models/rec-toy/predict", json("POST", TOY_ROWS));
  await send(
    "CSV with header",
    "/v1/models/rec-toy/predict",
    csv("POST", csvText(TOY_ROWS.x, undefined, ["lecture", "lab"])),
  );
  await send(
    "threshold",
    "/v1/models/rec-toy/predict?threshold=0.9",
    json("POST", TOY_ROWS),
  );
  await send(
    "explain",
    "/v1/models/rec-toy/predict?explain=true",
    json("POST", TOY_ROWS),
  );
  await send("one row", "/v1/models/rec-toy/predict?x=4,3");
  await send(
    "one row, version, threshold, explain",
    "/v1/models/rec-toy/predict?x=3.5,2.5&version=1&threshold=0.2&explain=true",
  );
  await send(
    "standardized model's threshold, explain",
    "/v1/models/rec-std/predict?explain=true",
    json("POST", { x: TWO.x.slice(0, 4) }),
  );
  await send(
    "softmax",
    "/v1/models/rec-soft/predict",
    json("POST", MULTI_ROWS),
  );
  await send(
    "softmax, explain",
    "/v1/models/rec-soft/predict?explain=true",
    json("POST", MULTI_ROWS),
  );
  await send(
    "softmax, CSV",
    "/v1/models/rec-soft-std/predict",
    csv("POST", csvText(MULTI_ROWS.x)),
  );
  await send(
    "4 classes, explain",
    "/v1/models/rec-soft-4/predict?x=2,2&explain=true",
  );
  await send(
    "streamed CSV, explain",
    "/v1/models/rec-toy/predict?explain=true",
    accepting("text/csv", json("POST", TOY_ROWS)),
  );
  await send(
    "streamed NDJSON, explain",
    "/v1/models/rec-toy/predict?explain=true",
    accepting("application/x-ndjson", json("POST", TOY_ROWS)),
  );
  await send(
    "softmax, streamed CSV, explain",
    "/v1/models/rec-soft/predict?explain=true",
    accepting("text/csv", csv("POST", csvText(MULTI_ROWS.x))),
  );
  await send(
    "4 classes, one row, streamed NDJSON",
    "/v1/models/rec-soft-4/predict?x=2,2",
    accepting("application/x-ndjson"),
  );

  // ---- Evaluation.
  await send("JSON", "/v1/models/rec-toy/evaluate", json("POST", TOY));
  await send(
    "JSON, threshold",
    "/v1/models/rec-toy/evaluate",
    json("POST", { ...TOY, threshold: 0.9 }),
  );
  await send(
    "CSV, threshold in the query",
    "/v1/models/rec-toy/evaluate?threshold=0.3",
    csv("POST", csvText(TOY.x, TOY.y, ["lecture", "lab", "passed"])),
  );
  await send(
    "version 1, labels of one class",
    "/v1/models/rec-toy/evaluate?version=1",
    json("POST", {
      x: [
        [1, 1],
        [2, 2],
      ],
      y: [0, 0],
    }),
  );
  await send(
    "on other rows",
    "/v1/models/rec-std/evaluate",
    json("POST", { x: TWO.x.slice(12), y: TWO.y.slice(12) }),
  );
  await send("softmax", "/v1/models/rec-soft/evaluate", json("POST", MULTI));
  await send(
    "softmax, CSV",
    "/v1/models/rec-soft-std/evaluate",
    csv("POST", csvText(MULTI.x, MULTI.y)),
  );

  // ---- Reports and pictures.
  await send("", "/v1/models/rec-toy/report");
  await send("text", "/v1/models/rec-toy/report", TEXT);
  await send("text preferred over JSON", "/v1/models/rec-toy/report", {
    headers: { accept: "text/plain, application/json" },
  });
  await send("validation and early stopping", "/v1/models/rec-std/report");
  await send(
    "validation and early stopping, text",
    "/v1/models/rec-std/report",
    TEXT,
  );
  await send("diabetes, thinned ROC", "/v1/models/rec-diabetes/report");
  await send("diabetes, text", "/v1/models/rec-diabetes/report", TEXT);
  await send("softmax", "/v1/models/rec-soft/report");
  await send("softmax, text", "/v1/models/rec-soft/report", TEXT);
  await send("softmax with validation", "/v1/models/rec-soft-std/report");
  await send("", "/v1/models/rec-toy/history.svg");
  await send("with validation", "/v1/models/rec-std/history.svg");
  await send("softmax", "/v1/models/rec-soft-std/history.svg");
  await send("", "/v1/models/rec-toy/roc.svg");
  await send("softmax: none", "/v1/models/rec-soft/roc.svg");

  // ---- Deleting.
  await send("", "/v1/models/rec-l1", { method: "DELETE" });
  await send("deleted", "/v1/models/rec-l1");
  await send("again", "/v1/models/rec-l1", { method: "DELETE" });
  await send(
    "after a delete: version 2",
    "/v1/models/rec-l1",
    json("PUT", { ...TWO, epochs: 10 }),
  );

  // ---- Listing.
  await send("", "/v1/models");
  const first = await send("limit 3", "/v1/models?limit=3");
  const second = await send(
    "limit 3, cursor of page 1",
    `/v1/models?limit=3&cursor=${encodeURIComponent(first.body.cursor ?? "")}`,
  );
  await send(
    "limit 3, cursor of page 2",
    `/v1/models?limit=3&cursor=${encodeURIComponent(second.body.cursor ?? "")}`,
  );
  await send("limit 1000, empty cursor", "/v1/models?limit=1000&cursor=");
  await send("limit 0", "/v1/models?limit=0");
  await send("unknown query parameter: refused", "/v1/models?limit=2&x=1");

  // ---- Refusals: names, media types, bodies.
  await send(
    "name with a space",
    "/v1/models/bad%20name",
    json("PUT", toyJson),
  );
  await send(
    "name of 65 characters",
    `/v1/models/${"n".repeat(65)}`,
    json("PUT", toyJson),
  );
  await send("bad name", "/v1/models/bad%21name/predict?x=1,2");
  await send("text/plain body", "/v1/models/rec-bad", {
    method: "PUT",
    headers: { "content-type": "text/plain" },
    body: "1,2,0",
  });
  await send("no content type", "/v1/models/rec-bad", {
    method: "PUT",
    body: new TextEncoder().encode("1,2,0"),
  });
  await send("text/plain rows", "/v1/models/rec-toy/predict", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "1,2",
  });
  await send("malformed JSON", "/v1/models/rec-bad", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: '{"x": [[1, 2]], "y": [0',
  });
  await send("JSON array body", "/v1/models/rec-bad", json("PUT", [1, 2]));
  await send(
    "unclosed CSV quote",
    "/v1/models/rec-bad",
    csv("PUT", '1,2,0\n"3,4,1\n'),
  );
  await send(
    "ragged rows",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1, 2], [3]], y: [0, 1] }),
  );
  await send(
    "label 0.5",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1], [2]], y: [0, 0.5] }),
  );
  // Label 100 was refused here until labels became class values (#14):
  // now [0, 100] are two classes. What is refused instead:
  await send(
    "labels of two types",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1], [2]], y: [0, "1"] }),
  );
  await send(
    "one class",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1], [2]], y: ["yes", "yes"] }),
  );
  await send(
    "as many labels as rows",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1], [2]], y: [0] }),
  );
  await send("no rows", "/v1/models/rec-bad", json("PUT", { x: [], y: [] }));
  await send(
    "a value beyond float32",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1], [1e39]], y: [0, 1] }),
  );
  await send(
    "a value that is not a number",
    "/v1/models/rec-bad",
    csv("PUT", "1,0\nNaN,1\n"),
  );

  // ---- Refusals: options.
  await send(
    "unknown option",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, epoch: 10 }),
  );
  await send(
    "unknown query option, CSV",
    "/v1/models/rec-bad?epoch=10",
    csv("PUT", csvText(TOY.x, TOY.y)),
  );
  await send(
    "query parameter with a JSON body",
    "/v1/models/rec-bad?epochs=10",
    json("PUT", TOY),
  );
  await send(
    "epochs over 100000",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, epochs: 100001 }),
  );
  await send(
    "logEvery keeping too many epochs",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, epochs: 100000, logEvery: 1 }),
  );
  await send(
    "earlyStopping without validation",
    "/v1/models/rec-bad",
    json("PUT", { ...TWO, earlyStopping: { patience: 3 } }),
  );
  await send(
    "seed without batchSize",
    "/v1/models/rec-bad",
    json("PUT", { ...TWO, seed: 3 }),
  );
  await send(
    "nesterov without momentum",
    "/v1/models/rec-bad",
    json("PUT", { ...TWO, optimizer: { sgd: { nesterov: true } } }),
  );
  await send(
    "validation as bad JSON in the query",
    "/v1/models/rec-bad?validation=%7Bfraction",
    csv("PUT", csvText(TWO.x, TWO.y)),
  );
  await send(
    "validation leaving no row to validate",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, validation: { fraction: 0.01 } }),
  );
  await send(
    "validation leaving no row to train",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, validation: { fraction: 0.99 } }),
  );
  await send(
    "classWeights without class 1",
    "/v1/models/rec-bad",
    json("PUT", { ...TWO, classWeights: { "0": 1 } }),
  );
  await send(
    "classWeights for class 2 of 2",
    "/v1/models/rec-bad",
    json("PUT", { ...TWO, classWeights: { "0": 1, "1": 1, "2": 1 } }),
  );
  await send(
    "classWeights balanced, class 3 without rows",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, classes: 4, classWeights: "balanced" }),
  );
  await send(
    "classWeights balanced, the one row of class 2 held out",
    "/v1/models/rec-bad",
    json("PUT", {
      x: [[0], [1], [2], [3], [4], [5], [6]],
      y: [0, 0, 0, 1, 1, 1, 2],
      classWeights: "balanced",
      validation: { fraction: 0.5 },
    }),
  );
  await send(
    "classes below a label",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, classes: 2 }),
  );
  await send(
    "threshold with 3 classes",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, threshold: 0.5 }),
  );
  await send(
    "init w of the wrong length",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, init: { w: [1, 2, 3], b: 0 } }),
  );
  await send(
    "init rows for 2 classes",
    "/v1/models/rec-bad",
    json("PUT", {
      ...TOY,
      init: {
        w: [
          [1, 2],
          [3, 4],
        ],
        b: [0, 0],
      },
    }),
  );
  await send(
    "init of one row for 3 classes",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, init: { w: [1, 2], b: 0 } }),
  );
  await send(
    "warm start from a missing model",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, init: { model: "rec-none" } }),
  );
  await send(
    "warm start from a missing version",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, init: { model: "rec-toy", version: 9 } }),
  );
  await send(
    "warm start from a model of 3 features",
    "/v1/models/rec-bad",
    json("PUT", { ...TOY, init: { model: "rec-std" } }),
  );
  await send(
    "warm start of 3 classes from a model of 2",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, init: { model: "rec-toy" } }),
  );
  await send(
    "warm start of 3 classes from a model of 4",
    "/v1/models/rec-bad",
    json("PUT", { ...MULTI, init: { model: "rec-soft-4" } }),
  );
  await send(
    "training that diverges",
    "/v1/models/rec-bad",
    json("PUT", { x: [[1e30], [-1e30]], y: [0, 1], epochs: 5, lr: 1e30 }),
  );

  // ---- Refusals: limits.
  const wide = Array.from({ length: 1001 }, () => 0);
  await send(
    "1001 features",
    "/v1/models/rec-bad",
    json("PUT", { x: [wide, wide], y: [0, 1] }),
  );
  const big = Array.from({ length: 400 }, (_, i) =>
    Array.from({ length: 100 }, (_, j) => (i + j) % 3),
  );
  await send(
    "over the work budget, 2 classes",
    "/v1/models/rec-bad?epochs=100000&logEvery=1000",
    csv(
      "PUT",
      csvText(
        big,
        big.map((_, i) => i % 2),
      ),
    ),
  );
  await send(
    "over the work budget, 100 classes",
    "/v1/models/rec-bad",
    json("PUT", {
      x: big.slice(0, 41).map((row) => row.slice(0, 10)),
      y: big.slice(0, 41).map((_, i) => i % 2),
      classes: 100,
      epochs: 100000,
      logEvery: 1000,
    }),
  );
  await send("a body over 8 MiB", "/v1/models/rec-bad", {
    ...csv("PUT", "0,1\n".repeat(2_200_000)),
  });
  await send("nothing stored by any refusal", "/v1/models/rec-bad");

  // ---- Refusals: reading.
  await send("missing model", "/v1/models/rec-none");
  await send("version that does not exist", "/v1/models/rec-toy?version=9");
  await send("version 0", "/v1/models/rec-toy?version=0");
  await send("missing model", "/v1/models/rec-none/report");
  await send("no x", "/v1/models/rec-toy/predict");
  await send("x not a number", "/v1/models/rec-toy/predict?x=1,a");
  await send(
    "feature mismatch",
    "/v1/models/rec-toy/predict",
    json("POST", { x: [[1, 2, 3]] }),
  );
  await send(
    "unknown field",
    "/v1/models/rec-toy/predict",
    json("POST", { x: [[1, 2]], explain: true }),
  );
  await send(
    "unknown query parameter",
    "/v1/models/rec-toy/predict?x=1,2&foo=1",
  );
  await send("threshold 2", "/v1/models/rec-toy/predict?x=1,2&threshold=2");
  await send("explain yes", "/v1/models/rec-toy/predict?x=1,2&explain=yes");
  await send(
    "threshold on a softmax model",
    "/v1/models/rec-soft/predict?threshold=0.5",
    json("POST", MULTI_ROWS),
  );
  await send(
    "Accept text/plain",
    "/v1/models/rec-toy/predict",
    accepting("text/plain", json("POST", TOY_ROWS)),
  );
  await send(
    "JSON answer over its limit",
    "/v1/models/rec-soft/predict",
    csv("POST", "0,0\n".repeat(70_000)),
  );
  await send(
    "labels beyond the model's classes",
    "/v1/models/rec-soft/evaluate",
    json("POST", {
      x: [
        [0, 0],
        [1, 1],
      ],
      y: [0, 3],
    }),
  );
  await send(
    "label 2 for a two-class model",
    "/v1/models/rec-toy/evaluate",
    json("POST", {
      x: [
        [0, 0],
        [1, 1],
      ],
      y: [0, 2],
    }),
  );
  await send(
    "threshold on a softmax model",
    "/v1/models/rec-soft/evaluate",
    json("POST", { ...MULTI, threshold: 0.5 }),
  );
  await send(
    "feature mismatch",
    "/v1/models/rec-toy/evaluate",
    json("POST", { x: [[1, 2, 3]], y: [1] }),
  );
  await send(
    "unknown option",
    "/v1/models/rec-toy/evaluate",
    json("POST", { ...TOY, epochs: 3 }),
  );

  // ---- The Open Inference Protocol (KServe V2).
  await send("", "/v2/health/live", {}, "anonymous");
  await send("", "/v2/health/ready", {}, "anonymous");
  await send("", "/v2", {}, "anonymous");
  await send("", "/v2/models/rec-toy");
  await send("", "/v2/models/rec-soft/versions/1");
  await send("", "/v2/models/rec-toy/ready");
  const tensor = (data: unknown, shape: number[]) => ({
    inputs: [{ name: "x", shape, datatype: "FP32", data }],
  });
  await send(
    "id, one output, flat",
    "/v2/models/rec-toy/infer",
    json("POST", {
      id: "42",
      ...tensor(TOY_ROWS.x.flat(), [4, 2]),
      outputs: [{ name: "probabilities" }],
    }),
  );
  await send(
    "softmax, nested",
    "/v2/models/rec-soft/versions/1/infer",
    json("POST", tensor(MULTI_ROWS.x, [4, 2])),
  );
  await send(
    "shape and data disagree",
    "/v2/models/rec-toy/infer",
    json("POST", tensor([1, 2, 3], [2, 2])),
  );
  await send(
    "no such version",
    "/v2/models/rec-toy/versions/99/infer",
    json("POST", tensor([1, 2], [1, 2])),
  );
  await send("no such route", "/v2/repository/index");

  // Versions and aliases: a rollback of rec-toy to version 1, and back.
  await send("versions", "/v1/models/rec-toy/versions");
  await send("a page of one", "/v1/models/rec-toy/versions?limit=1");
  await send("versions of nothing", "/v1/models/rec-nothing/versions");
  const serving = "/v1/models/rec-toy/aliases/serving";
  await send("serving: version 1", serving, json("PUT", { version: 1 }));
  await send("served by serving", "/v1/models/rec-toy");
  await send("the aliases", "/v1/models/rec-toy/aliases");
  await send("the alias", serving);
  await send("by alias", "/v1/models/rec-toy/predict?x=4,3&version=serving");
  await send("no such alias", "/v1/models/rec-toy?version=rec-none");
  await send(
    "an all-digit alias",
    "/v1/models/rec-toy/aliases/123",
    json("PUT", { version: 1 }),
  );
  await send("no such version", serving, json("PUT", { version: 99 }));
  await send("serving: deleted", serving, { method: "DELETE" });
  await send("served by the newest", "/v1/models/rec-toy");

  // Datasets: stored, read (a token always), listed, uploaded in parts,
  // refused, deleted.
  await send("a dataset", "/v1/datasets/rec-data", csv("PUT", toyCsv));
  await send("its metadata", "/v1/datasets/rec-data");
  await send("its bytes", "/v1/datasets/rec-data/content");
  await send("read without a token", "/v1/datasets/rec-data", {}, "anonymous");
  await send("the list", "/v1/datasets");
  await send("a bad name", "/v1/datasets/rec%20data", csv("PUT", toyCsv));
  await send("no such dataset", "/v1/datasets/rec-nothing");
  await send("an upload", "/v1/datasets/rec-parts/uploads", { method: "POST" });
  const noUpload =
    "/v1/datasets/rec-parts/uploads/00000000-0000-4000-8000-000000000000";
  await send("no such upload", `${noUpload}/parts/1`, csv("PUT", toyCsv));
  await send("part 0", `${noUpload}/parts/0`, csv("PUT", toyCsv));
  await send("not an upload id", "/v1/datasets/rec-parts/uploads/1/complete", {
    method: "POST",
  });
  await send("deleted", "/v1/datasets/rec-data", { method: "DELETE" });
  await send("deleted again", "/v1/datasets/rec-data", { method: "DELETE" });

  // Every text answer of the service ends its last line, so curl's output
  // ends before the shell's prompt; a dataset's bytes are served as stored.
  const unended = recording
    .filter((r) => /^text\/(plain|csv)/.test(r.contentType ?? ""))
    .filter((r) => !r.label.includes("/content"))
    .filter((r) => typeof r.body !== "string" || !/[^\n]\n$/.test(r.body))
    .map((r) => r.label);
  expect(unended).toEqual([]);

  const serialized = `${JSON.stringify(recording, null, 2)}\n`;
  try {
    await expect(serialized).toMatchFileSnapshot(RECORDING);
  } catch (error) {
    // A snapshot mismatch carries the committed file's text as `expected`.
    const committed = (error as { expected?: unknown }).expected;
    if (
      typeof committed === "string" &&
      committed.startsWith("[") &&
      error instanceof Error
    ) {
      const changed = changedLabels(JSON.parse(committed), recording);
      error.message = `${changed.length} recorded responses changed:\n  ${changed.join("\n  ")}\n${error.message}`;
    }
    throw error;
  }
});

it("serves /openapi.json byte for byte as recorded", async () => {
  // tests/fixtures/openapi.json is what efc27e9 served, before the routes
  // described themselves (src/openapi/documented.ts): same paths, same
  // order, same bytes. Regenerate with -u as above, for an intended change.
  const text = await (await api("/openapi.json")).text();
  await expect(text).toMatchFileSnapshot("../fixtures/openapi.json");
});
