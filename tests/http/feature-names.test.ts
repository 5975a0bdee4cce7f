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

describe("prediction by name", () => {
  const columns = Object.fromEntries(
    NAMES.map((name, j) => [name, SOME.map((row) => row[j])]),
  );
  const reversed = [...NAMES].reverse();
  const forms: [string, unknown, boolean][] = [
    ["records", { records: RECORDS }, false],
    [
      "dataframe_split",
      {
        dataframe_split: {
          columns: reversed,
          data: SOME.map((row) => [...row].reverse()),
        },
      },
      true,
    ],
    ["dataframe_records", { dataframe_records: RECORDS }, true],
    ["instances of objects", { instances: RECORDS }, true],
    ["instances of arrays", { instances: SOME }, true],
    ["inputs by column", { inputs: columns }, true],
    ["inputs of arrays", { inputs: SOME }, true],
    [
      "x with columns",
      { x: SOME.map((r) => [...r].reverse()), columns: reversed },
      false,
    ],
  ];
  for (const [what, body, mlflow] of forms) {
    it(`takes ${what} as x by position`, async () => {
      const answer = await ok<Answer>(
        await predict("fn-diabetes", json("POST", body)),
      );
      expect(answer.probabilities).toEqual(byPosition.probabilities);
      expect(answer.labels).toEqual(byPosition.labels);
      if (mlflow) expect(answer.predictions).toEqual(byPosition.labels);
      else expect(answer).not.toHaveProperty("predictions");
    });
  }

  it("matches any permutation of a CSV's columns by its header", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8 }),
        async (order) => {
          const text = [
            order.map((j) => NAMES[j]).join(","),
            ...SOME.map((row) => order.map((j) => row[j]).join(",")),
          ].join("\n");
          const answer = await ok<Answer>(
            await predict("fn-diabetes", csv("POST", text)),
          );
          expect(answer.probabilities).toEqual(byPosition.probabilities);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("refuses a missing or unknown column, naming it", async () => {
    const header = NAMES.slice(1).join(",");
    const body = (names: string) =>
      [names, ...SOME.map((row) => row.slice(1).join(","))].join("\n");
    await expectError(
      await predict("fn-diabetes", csv("POST", body(header))),
      400,
      "invalid_dataset",
      'the header has no column "pregnancies"',
    );
    await expectError(
      await predict(
        "fn-diabetes",
        csv("POST", body(`${header},x`).replace(/\n/g, ",0\n") + ",0"),
      ),
      400,
      "invalid_dataset",
    );
    const { glucose: _glucose, ...lacking } = RECORDS[0];
    await expectError(
      await predict(
        "fn-diabetes",
        json("POST", { records: [RECORDS[0], lacking] }),
      ),
      400,
      "invalid_dataset",
      'records[1] has no column "glucose"',
    );
    await expectError(
      await predict(
        "fn-diabetes",
        json("POST", { records: [{ ...RECORDS[0], sugar: 1 }] }),
      ),
      400,
      "invalid_dataset",
      'records[0] has column "sugar", which is not a feature',
    );
  });

  it("takes a header on a model without names by position, and refuses records", async () => {
    const text = [NAMES.join(","), ...SOME.map((row) => row.join(","))].join(
      "\n",
    );
    const plain = await ok<Answer>(
      await predict("fn-plain", json("POST", { x: SOME })),
    );
    const headed = await ok<Answer>(
      await predict("fn-plain", csv("POST", text)),
    );
    expect(headed.probabilities).toEqual(plain.probabilities);
    await expectError(
      await predict("fn-plain", json("POST", { records: RECORDS })),
      400,
      "feature_mismatch",
      "model fn-plain has no feature names",
    );
  });

  it("names each contribution of an explanation", async () => {
    const answer = await ok<Answer>(
      await api(
        "/v1/models/fn-diabetes/predict?explain=true",
        json("POST", { records: RECORDS.slice(0, 2) }),
      ),
    );
    expect(answer.features).toEqual(NAMES);
    expect(answer.explanations?.[0].contributions).toHaveLength(8);
    const streamed = await api("/v1/models/fn-diabetes/predict?explain=true", {
      ...json("POST", { x: SOME.slice(0, 1) }),
      headers: { "content-type": "application/json", accept: "text/csv" },
    });
    const [header] = (await streamed.text()).split("\n");
    expect(header).toBe(
      [
        "probability",
        "label",
        "bias",
        ...NAMES.map((n) => `contribution_${n}`),
        "logit",
      ].join(","),
    );
  });

  it("evaluates a CSV whose header has the columns in another order", async () => {
    const order = [7, 6, 5, 4, 3, 2, 1, 0];
    const permuted = [
      [...order.map((j) => NAMES[j]), "diabetes"].join(","),
      ...LINES.map((line) => {
        const f = line.split(",");
        return [...order.map((j) => f[j]), f[8]].join(",");
      }),
    ].join("\n");
    const a = await ok<unknown>(
      await api("/v1/models/fn-diabetes/evaluate", csv("POST", LABELLED)),
    );
    const b = await ok<unknown>(
      await api("/v1/models/fn-diabetes/evaluate", csv("POST", permuted)),
    );
    expect(b).toEqual(a);
  });
});
