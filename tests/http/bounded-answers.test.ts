/**
 * Predict and evaluate are bounded by what they produce and what they
 * compute, before they do it: the shapes of issue 15 are refused with 422
 * over_limit, saying what was asked, what fits and what to do instead, and
 * nothing is stored or changed; an Accept the answer cannot meet is a 406.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { valuesPerRow } from "../../src/input/prediction-limits";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { fixture } from "../fixtures/options";
import { countNumbers, diabetesRows } from "./prediction-answers";
import { api, csv, expectError, json, storeSnapshot, withVars } from "./api";

/** Runs `requests`, and checks the model store is as it was. */
async function unchanged(requests: () => Promise<void>) {
  const before = await storeSnapshot();
  await requests();
  expect(await storeSnapshot()).toBe(before);
}

/** `rows` CSV rows of one feature, each `1`. */
const ones = (rows: number) => "1\n".repeat(rows);

beforeAll(async () => {
  // The model: 100 classes of one feature.
  const many = { x: [[0], [1], [2]], y: [0, 1, 99], classes: 100, epochs: 5 };
  expect((await api("/v1/models/c100", json("PUT", many))).status).toBe(201);
  const diabetes = await api(
    "/v1/models/diabetes?epochs=10",
    csv("PUT", diabetesCsv),
  );
  expect(diabetes.status).toBe(201);
  const { x, y } = fixture.zoo;
  const zoo = { x, y, epochs: 5, lr: 0.1 };
  expect((await api("/v1/models/zoo", json("PUT", zoo))).status).toBe(201);
});

describe("a prediction's numbers", () => {
  for (const [model, features, outputs] of [
    ["diabetes", 8, 1],
    ["zoo", 16, 7],
  ] as const) {
    for (const explain of [false, true]) {
      it(`are counted as the JSON answer writes them (${model}, explain ${explain})`, async () => {
        const x = fixture.zoo.x
          .slice(0, 3)
          .map((row) => row.slice(0, features));
        const response = await api(
          `/v1/models/${model}/predict?explain=${explain}`,
          json("POST", { x }),
        );
        const { probabilities, labels, explanations } =
          (await response.json()) as Record<string, unknown>;
        expect(countNumbers({ probabilities, labels, explanations })).toBe(
          3 * valuesPerRow(features, outputs, explain),
        );
      });
    }
  }
});

describe("refusals before work", () => {
  it("refuses the issue's 200 KB prediction of 100 classes as JSON, and offers the stream", () =>
    unchanged(async () => {
      await expectError(
        await api("/v1/models/c100/predict", csv("POST", ones(100_000))),
        422,
        "over_limit",
        "the JSON answer would hold 10100000 numbers (100000 rows × 101: 100 probabilities and a label), over its limit of 250000: " +
          "ask for a streamed answer with Accept: text/csv or application/x-ndjson, or send at most 2475 rows a request",
      );
    }));

  it("refuses the issue's 600 KB prediction even streamed", () =>
    unchanged(async () => {
      const response = await api("/v1/models/c100/predict", {
        method: "POST",
        headers: { "content-type": "text/csv", accept: "text/csv" },
        body: ones(300_000),
      });
      await expectError(
        response,
        422,
        "over_limit",
        "the streamed answer would hold 30300000 numbers (300000 rows × 101: 100 probabilities and a label), over its limit of 15000000: send at most 148514 rows a request",
      );
    }));

  it("refuses a 2 MB two-class prediction with explanations, and says to drop them", () =>
    unchanged(async () => {
      const body = diabetesRows(40); // 30,360 rows, 2.1 MB
      expect(body.length).toBeGreaterThan(2_000_000);
      await expectError(
        await api(
          "/v1/models/diabetes/predict?explain=true",
          csv("POST", body),
        ),
        422,
        "over_limit",
        "the JSON answer would hold 364320 numbers (30360 rows × 12: a probability, a label and an explanation of 10), over its limit of 250000: " +
          "ask for a streamed answer with Accept: text/csv or application/x-ndjson, or send at most 20833 rows a request, or drop explain",
      );
    }));

  it("answers at the limit and refuses one number past it", async () => {
    // 99 rows × 101 = 9,999 numbers.
    const path = "/v1/models/c100/predict";
    const at = await withVars(
      { MAX_PREDICTION_VALUES: "9999" },
      path,
      csv("POST", ones(99)),
    );
    expect(at.status).toBe(200);
    await unchanged(async () => {
      await expectError(
        await withVars(
          { MAX_PREDICTION_VALUES: "9998" },
          path,
          csv("POST", ones(99)),
        ),
        422,
        "over_limit",
        "would hold 9999 numbers (99 rows × 101: 100 probabilities and a label), over its limit of 9998",
        "send at most 98 rows a request",
      );
    });
  });

  it("refuses a one-row GET when not one row fits", () =>
    unchanged(async () => {
      const x = fixture.zoo.x[0].join(",");
      await expectError(
        await withVars(
          { MAX_PREDICTION_VALUES: "10" },
          `/v1/models/zoo/predict?x=${x}&explain=true`,
        ),
        422,
        "over_limit",
        "the JSON answer would hold 27 numbers (1 row × 27: 7 probabilities, a label and an explanation of 19), over its limit of 10: " +
          "ask for a streamed answer with Accept: text/csv or application/x-ndjson",
      );
    }));

  it("refuses the issue's evaluation of 1,000,000 rows on 100 classes", () =>
    unchanged(async () => {
      const body = "1,0\n".repeat(1_000_000);
      await expectError(
        await api("/v1/models/c100/evaluate", csv("POST", body)),
        422,
        "over_limit",
        "evaluating needs 100000000 multiply-adds (rows 1000000 × features 1 × classes 100), 2.0× the budget of 50000000: send at most 500000 rows a request",
      );
    }));

  it("holds evaluations and predictions to the same work budget", () =>
    unchanged(async () => {
      // The zoo: 101 rows × 16 features × 7 classes = 11,312.
      const { x, y } = fixture.zoo;
      const vars = { MAX_EVALUATION_WORK: "11311" };
      await expectError(
        await withVars(vars, "/v1/models/zoo/evaluate", json("POST", { x, y })),
        422,
        "over_limit",
        "evaluating needs 11312 multiply-adds (rows 101 × features 16 × classes 7), 1.0× the budget of 11311: send at most 100 rows a request",
      );
      await expectError(
        await withVars(vars, "/v1/models/zoo/predict", {
          ...json("POST", { x }),
          headers: { "content-type": "application/json", accept: "text/csv" },
        }),
        422,
        "over_limit",
        "predicting needs 11312 multiply-adds",
      );
      const within = { MAX_EVALUATION_WORK: "11312" };
      const evaluated = await withVars(
        within,
        "/v1/models/zoo/evaluate",
        json("POST", { x, y }),
      );
      expect(evaluated.status).toBe(200);
    }));

  it("answers an Accept it cannot meet with 406, before reading the body", () =>
    unchanged(async () => {
      const response = await api("/v1/models/diabetes/predict", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/plain" },
        body: "not even JSON",
      });
      await expectError(
        response,
        406,
        "not_acceptable",
        'accept "text/plain" allows none of application/json, text/csv, application/x-ndjson',
      );
      await expectError(
        await api("/v1/models/diabetes/predict?x=1,2,3,4,5,6,7,8", {
          headers: { accept: "image/png" },
        }),
        406,
        "not_acceptable",
      );
    }));
});
