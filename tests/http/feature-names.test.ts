/**
 * Feature names (issue #14): a CSV header or JSON `columns` names a model's
 * features; prediction and evaluation then take rows by name, in any
 * column order and in MLflow's record forms, and give the probabilities the
 * same rows give by position.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { api, csv, expectError, json, storeSnapshot } from "./api";

/** The Pima columns of the lab's diabetes data, the label last. */
const NAMES = [
  "pregnancies",
  "glucose",
  "blood_pressure",
  "skin_thickness",
  "insulin",
  "bmi",
  "pedigree",
  "age",
];
const LINES = diabetesCsv.trim().split("\n");
const ROWS = LINES.map((line) => line.split(",").slice(0, 8).map(Number));
const LABELLED = [[...NAMES, "diabetes"].join(","), ...LINES].join("\n");
/** A few rows to predict, as numbers and as records by name. */
const SOME = ROWS.slice(0, 12);
const RECORDS = SOME.map((row) =>
  Object.fromEntries(NAMES.map((name, j) => [name, row[j]])),
);

interface Answer {
  probabilities: number[];
  labels: unknown[];
  predictions?: unknown[];
  features?: string[];
  explanations?: { contributions: number[] }[];
}

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const named = await ok<{ featureNames: string[]; weights: unknown }>(
  await api("/v1/models/fn-diabetes?epochs=50", csv("PUT", LABELLED)),
  201,
);
const unnamed = await ok<{ featureNames?: string[]; weights: unknown }>(
  await api("/v1/models/fn-plain?epochs=50", csv("PUT", diabetesCsv)),
  201,
);
const predict = (name: string, body: RequestInit) =>
  api(`/v1/models/${name}/predict`, body);
const byPosition = await ok<Answer>(
  await predict("fn-diabetes", json("POST", { x: SOME })),
);

describe("training", () => {
  it("keeps a CSV header's feature columns as featureNames", async () => {
    expect(named.featureNames).toEqual(NAMES);
    expect(named.weights).toEqual(unnamed.weights);
    const read = await ok<{ featureNames: string[] }>(
      await api("/v1/models/fn-diabetes"),
    );
    expect(read.featureNames).toEqual(NAMES);
    const report = await ok<{ featureNames: string[] }>(
      await api("/v1/models/fn-diabetes/report"),
    );
    expect(report.featureNames).toEqual(NAMES);
  });

  it("has no names without a header: features are known by position", () => {
    expect(unnamed).not.toHaveProperty("featureNames");
  });

  it("keeps JSON columns, and refuses columns that do not name each feature once", async () => {
    const y = LINES.slice(0, 12).map((line) => Number(line.split(",")[8]));
    const model = await ok<{ featureNames: string[] }>(
      await api(
        "/v1/models/fn-json",
        json("PUT", { x: SOME, y, columns: NAMES, epochs: 5 }),
      ),
      201,
    );
    expect(model.featureNames).toEqual(NAMES);
    const before = await storeSnapshot();
    const bad: [unknown, string][] = [
      [NAMES.slice(1), "columns has 7 names, the rows have 8 features"],
      [[...NAMES.slice(1), "glucose"], 'columns[7] repeats "glucose"'],
      [
        [...NAMES.slice(1), ""],
        'columns[7] is "", expected a non-empty string',
      ],
      ["glucose", 'columns is "glucose", expected an array'],
    ];
    for (const [columns, message] of bad) {
      await expectError(
        await api("/v1/models/fn-bad", json("PUT", { x: SOME, y, columns })),
        400,
        "invalid_dataset",
        message,
      );
    }
    expect(await storeSnapshot()).toEqual(before);
  });
});
