/**
 * Issue #14's two models that learned nothing useful, stored with 201 and no
 * word before warnings existed, trained through the Worker: each now says
 * why in `warnings` (model, report and text report), and its numbers are
 * those the training loop gives on its own (engine/train.ts, which knows
 * nothing of warnings).
 */
import { describe, expect, it } from "vitest";
import { trainLogs } from "../engine/train-logs";
import { zeroWeights } from "../../src/engine/weights";
import type { LogisticModelJson } from "../../src/reports/model-json";
import { api, json } from "./api";

/** The codes of a model's warnings, in order. */
const codes = (model: { warnings: readonly { code: string }[] }) =>
  model.warnings.map((warning) => warning.code);

/** Trains `body` as `name` and returns the 201's model. */
async function train(name: string, body: object): Promise<LogisticModelJson> {
  const response = await api(`/v1/models/${name}`, json("PUT", body));
  expect(response.status).toBe(201);
  return (await response.json()) as LogisticModelJson;
}

/** Asserts `model`'s history and weights are the plain loop's on `x`, `y`. */
function expectLoopNumbers(
  model: LogisticModelJson,
  x: number[][],
  y: number[],
  options: { epochs: number; lr: number; logEvery: number },
): void {
  const plain = trainLogs(
    {
      x: new Float32Array(x.flat()),
      y: new Float32Array(y),
      rows: y.length,
      cols: x[0].length,
    },
    { ...options, loss: "bce", initial: zeroWeights(1, x[0].length) },
  );
  expect(model.history).toEqual(plain.history);
  expect(model.weights).toEqual({
    w: Array.from(plain.weights.w),
    b: plain.weights.b[0],
  });
}

describe("x = 1..6, labels 0,0,0,1,1,1, lr 10, 100,000 epochs", () => {
  const x = [[1], [2], [3], [4], [5], [6]];
  const y = [0, 0, 0, 1, 1, 1];

  it("warns of saturated probabilities and a stalled cost, numbers unchanged", async () => {
    const model = await train("stuck-at-clamp", {
      x,
      y,
      lr: 10,
      epochs: 100000,
    });
    // The clamp is reached: three rows cost 100 each from epoch 10,000 on.
    expect(
      model.history.slice(1).map((log) => [log.cost, log.accuracy]),
    ).toEqual(Array(10).fill([50, 0.5]));
    expect(codes(model)).toEqual(["saturated_probabilities", "not_converged"]);
    expect(model.warnings[0].message).toBe(
      "3 of 6 training rows give their own class a probability of at most e^-100 (0 included), " +
        "where binary cross-entropy clamps its log: the model is certain and wrong about them; lower lr or set standardize",
    );
    expect(model.warnings[1].message).toMatch(
      /^the cost stopped falling from 50 at epoch 80000 to 50 at epoch 100000 while the gradient is 1 for the weight of feature 1 \(above 0\.0001\)/,
    );
    expectLoopNumbers(model, x, y, { epochs: 100000, lr: 10, logEvery: 10000 });

    // The stored version, its report and its text report say the same.
    const read = await (await api("/v1/models/stuck-at-clamp")).json();
    expect(read).toEqual(model);
    const report = (await (
      await api("/v1/models/stuck-at-clamp/report")
    ).json()) as LogisticModelJson;
    expect(report.warnings).toEqual(model.warnings);
    const text = await (
      await api("/v1/models/stuck-at-clamp/report", {
        headers: { accept: "text/plain" },
      })
    ).text();
    const lines = text.trimEnd().split("\n");
    expect(lines.slice(-3)).toEqual([
      "The model has an accuracy of 50.00% for the training set.",
      ...model.warnings.map((w) => `Warning (${w.code}): ${w.message}`),
    ]);
  });
});

/**
 * 200 people, incomes 30,000 to 69,800 and ages 25 to 55 (row i: income
 * 30,000 + 200·(37i mod 200), age 25 + (7i mod 31)); label 1 for the 75 of
 * the highest score (income − 50,000)/10,000 + (age − 40)/10 + (53i mod 17
 * − 8)/5, the last term a fixed noise so the classes overlap.
 */
function people(): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const score: number[] = [];
  for (let i = 0; i < 200; i++) {
    const income = 30000 + ((i * 37) % 200) * 200;
    const age = 25 + ((i * 7) % 31);
    x.push([income, age]);
    score.push(
      (income - 50000) / 10000 + (age - 40) / 10 + (((i * 53) % 17) - 8) / 5,
    );
  }
  const cut = [...score].sort((a, b) => b - a)[74];
  return { x, y: score.map((s) => (s >= cut ? 1 : 0)) };
}

describe("200 rows of incomes and ages, default lr", () => {
  const { x, y } = people();

  it("warns of saturated probabilities, a stalled cost and unscaled features, numbers unchanged", async () => {
    expect(y.filter((label) => label === 1)).toHaveLength(75);
    // JSON, so the codes do not depend on how a CSV's header is read.
    const model = await train("unscaled", { x, y });
    // Every row predicted 0; the 75 of label 1 at the clamp: 75 × 100 / 200.
    expect(model.cost).toBe(37.5);
    expect(model.accuracy).toBe(0.625);
    expect(codes(model)).toEqual([
      "saturated_probabilities",
      "not_converged",
      "unscaled_features",
    ]);
    expect(model.warnings[2].message).toBe(
      "feature 1 spans 39800 and feature 2 spans 30, 1327 times as wide (over 1000) with standardize off: one lr cannot suit both; set standardize",
    );
    expectLoopNumbers(model, x, y, { epochs: 100, lr: 1, logEvery: 10 });
  });

  it("gives no warning with standardize, at a cost of 0.32", async () => {
    const model = await train("scaled", { x, y, standardize: true });
    expect(model.warnings).toEqual([]);
    expect(model.cost).toBeCloseTo(0.3174, 4);
    expect(model.accuracy).toBe(0.85);
  });
});
