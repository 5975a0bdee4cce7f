/**
 * Property: any prediction or evaluation, of any shape (rows, features,
 * classes, explanations, Accept, body form) under any limits, either answers
 * 200 within the limits (the numbers it writes and the multiply-adds it
 * does) or is refused with a JSON 422 over_limit (406 not_acceptable for an
 * Accept it cannot meet) before any work: no byte of an answer is sent, and
 * the model store is as it was. Wide rows, many classes and explanations,
 * the shapes that cost memory, are among those drawn.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readAnswerFormat } from "../../src/input/answer-format";
import { api, json, storeSnapshot, withVars } from "./api";
import { countNumbers } from "./prediction-answers";

const FEATURES = [1, 3, 8] as const;
const CLASSES = [2, 3, 7, 100] as const;
const ACCEPTS = [
  null,
  "*/*",
  "application/json",
  "text/csv",
  "application/x-ndjson",
  "text/*",
  "application/json;q=0, text/csv;q=0.5",
  "text/plain",
  "image/png, application/json;q=0",
];

const modelName = (features: number, classes: number) =>
  `shape-${features}-${classes}`;

/** Row i of a request: `features` values that float32 holds exactly. */
const row = (i: number, features: number) =>
  Array.from({ length: features }, (_, j) => ((i * 7 + j * 3) % 9) / 4 - 1);

beforeAll(async () => {
  for (const features of FEATURES) {
    for (const classes of CLASSES) {
      const x = [row(0, features), row(1, features), row(2, features)];
      const body = { x, y: [0, 1, classes - 1], classes, epochs: 3 };
      const response = await api(
        `/v1/models/${modelName(features, classes)}`,
        json("PUT", body),
      );
      expect(response.status).toBe(201);
    }
  }
});

/** Every number an answer writes: JSON or NDJSON values, or CSV fields. */
function numbersIn(text: string, type: string): number {
  const lines = text.split("\n").filter((line) => line !== "");
  if (type.startsWith("text/csv")) {
    return lines.slice(1).reduce((n, line) => n + line.split(",").length, 0);
  }
  if (type.startsWith("application/x-ndjson")) {
    return lines.reduce((n, line) => n + countNumbers(JSON.parse(line)), 0);
  }
  const { probabilities, labels, explanations } = JSON.parse(text);
  return countNumbers({ probabilities, labels, explanations });
}

const request = fc.record({
  route: fc.constantFrom(
    "predict-json",
    "predict-csv",
    "predict-get",
    "evaluate",
  ),
  features: fc.constantFrom(...FEATURES),
  classes: fc.constantFrom(...CLASSES),
  rows: fc.integer({ min: 1, max: 200 }),
  explain: fc.boolean(),
  accept: fc.constantFrom(...ACCEPTS),
  limits: fc.record({
    MAX_COLS: fc.constantFrom(4, 1000),
    MAX_PREDICTION_VALUES: fc.integer({ min: 1, max: 30_000 }),
    MAX_STREAMED_VALUES: fc.integer({ min: 1, max: 60_000 }),
    MAX_EVALUATION_WORK: fc.integer({ min: 1, max: 200_000 }),
  }),
});

describe("predictions and evaluations of any shape", () => {
  it("answer within the limits, or are refused before any work", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { features, classes, explain, accept, limits } = r;
        const rows = r.route === "predict-get" ? 1 : r.rows;
        const x = Array.from({ length: rows }, (_, i) => row(i, features));
        const name = modelName(features, classes);
        const predicting = r.route !== "evaluate";
        const path = predicting
          ? `/v1/models/${name}/predict?explain=${explain}`
          : `/v1/models/${name}/evaluate`;
        const headers: Record<string, string> = {};
        if (accept !== null) headers.accept = accept;
        let init: RequestInit = { headers };
        if (r.route === "predict-json") {
          init = { method: "POST", headers, body: JSON.stringify({ x }) };
          headers["content-type"] = "application/json";
        } else if (r.route === "predict-csv") {
          const body = x.map((values) => values.join(",")).join("\n");
          init = { method: "POST", headers, body };
          headers["content-type"] = "text/csv";
        } else if (r.route === "evaluate") {
          const y = x.map((_, i) => i % classes);
          init = { method: "POST", headers, body: JSON.stringify({ x, y }) };
          headers["content-type"] = "application/json";
        }
        const query = r.route === "predict-get" ? `&x=${x[0].join(",")}` : "";
        const vars = Object.fromEntries(
          Object.entries(limits).map(([key, value]) => [key, String(value)]),
        );
        const before = await storeSnapshot();
        const response = await withVars(vars, path + query, init);
        const type = response.headers.get("content-type") ?? "";
        const text = await response.text();

        // What the request asks, worked out here from its shape.
        const outputs = classes === 2 ? 1 : classes;
        const work = rows * features * outputs;
        const streamed = predicting && !type.startsWith("application/json");
        const acceptable = (() => {
          try {
            readAnswerFormat(accept);
            return true;
          } catch {
            return false;
          }
        })();

        if (response.status === 200) {
          expect(features).toBeLessThanOrEqual(limits.MAX_COLS);
          expect(work).toBeLessThanOrEqual(limits.MAX_EVALUATION_WORK);
          if (predicting) {
            const max = streamed
              ? limits.MAX_STREAMED_VALUES
              : limits.MAX_PREDICTION_VALUES;
            expect(numbersIn(text, type)).toBeLessThanOrEqual(max);
          }
          return;
        }
        // A refusal: a JSON error, and nothing of an answer, nothing stored.
        expect(type).toMatch(/^application\/json/);
        const { error } = JSON.parse(text) as { error: { code: string } };
        expect(await storeSnapshot()).toBe(before);
        if (predicting && !acceptable) {
          expect([response.status, error.code]).toEqual([
            406,
            "not_acceptable",
          ]);
          return;
        }
        expect([response.status, error.code]).toEqual([422, "over_limit"]);
        if (features > limits.MAX_COLS || work > limits.MAX_EVALUATION_WORK) {
          return;
        }
        // Over the answer's limit, then: as many numbers as JSON would hold.
        expect(predicting).toBe(true);
        const many = outputs > 1;
        const perRow =
          outputs + 1 + (explain ? features + 2 + (many ? 1 : 0) : 0);
        const format = readAnswerFormat(accept);
        const max =
          format === "json"
            ? limits.MAX_PREDICTION_VALUES
            : limits.MAX_STREAMED_VALUES;
        expect(rows * perRow).toBeGreaterThan(max);
      }),
      { numRuns: 150 },
    );
  });
});
