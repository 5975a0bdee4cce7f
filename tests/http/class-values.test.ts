/**
 * Labels as users have them (issue #14): -1/1, 1/2, no/yes, B/M, true/false,
 * in JSON and CSV. A training on named labels is the training on the same
 * labels mapped to class indices (sorted values, the positive class
 * second), weights bit for bit; predictions and evaluations answer in the
 * names; one class alone is refused.
 */
import { describe, expect, it } from "vitest";
import { api, csv, expectError, json, storeSnapshot } from "./api";

const X = [
  [1, 2],
  [2, 1],
  [3, 4],
  [4, 3],
  [5, 6],
  [6, 5],
];
/** The same rows' classes as indices: what each labelling below stands for. */
const INDEX = [0, 0, 1, 0, 1, 1];

interface ModelJson {
  classes: unknown[];
  weights: { w: number[]; b: number };
  history: unknown[];
  metrics: unknown;
  version: number;
}

async function train(name: string, body: RequestInit): Promise<ModelJson> {
  const response = await api(`/v1/models/${name}`, body);
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as ModelJson;
}

const indexed = await (async () =>
  train("cv-index", json("PUT", { x: X, y: INDEX, epochs: 30 })))();

describe("labels of any one type", () => {
  const cases: [string, unknown[], unknown[]][] = [
    ["-1/1", [-1, 1], INDEX.map((k) => (k ? 1 : -1))],
    ["1/2", [1, 2], INDEX.map((k) => k + 1)],
    ["no/yes", ["no", "yes"], INDEX.map((k) => (k ? "yes" : "no"))],
    ["B/M", ["B", "M"], INDEX.map((k) => (k ? "M" : "B"))],
    ["false/true", [false, true], INDEX.map((k) => k === 1)],
  ];
  for (const [what, classes, y] of cases) {
    it(`trains on ${what} as on 0/1, bit for bit, and answers in them`, async () => {
      const name = `cv-${what.replace("/", "-")}`;
      const model = await train(name, json("PUT", { x: X, y, epochs: 30 }));
      expect(model.classes).toEqual(classes);
      expect(model.weights).toEqual(indexed.weights);
      expect(model.history).toEqual(indexed.history);
      expect(model.metrics).toEqual(indexed.metrics);

      const predicted = (await (
        await api(`/v1/models/${name}/predict`, json("POST", { x: X }))
      ).json()) as { labels: unknown[]; classes: unknown[] };
      const byIndex = (await (
        await api("/v1/models/cv-index/predict", json("POST", { x: X }))
      ).json()) as { labels: number[] };
      expect(predicted.classes).toEqual(classes);
      expect(predicted.labels).toEqual(byIndex.labels.map((k) => classes[k]));

      const evaluated = (await (
        await api(`/v1/models/${name}/evaluate`, json("POST", { x: X, y }))
      ).json()) as { accuracy: number; classes: unknown[] };
      const evaluatedByIndex = (await (
        await api(
          "/v1/models/cv-index/evaluate",
          json("POST", { x: X, y: INDEX }),
        )
      ).json()) as { accuracy: number };
      expect(evaluated.classes).toEqual(classes);
      expect(evaluated.accuracy).toBe(evaluatedByIndex.accuracy);
    });
  }

  it("reads a CSV label column of words, and one of numbers, as classes", async () => {
    const rows = X.map((r, i) => `${r.join(",")},${INDEX[i] ? "M" : "B"}`);
    const words = await train(
      "cv-csv-words",
      csv("PUT", `a,b,diagnosis\n${rows.join("\n")}\n`),
    );
    expect(words.classes).toEqual(["B", "M"]);
    const numbers = X.map((r, i) => `${r.join(",")},${INDEX[i] ? "2.0" : "1"}`);
    const numeric = await train(
      "cv-csv-numbers",
      csv("PUT", `${numbers.join("\n")}\n`),
    );
    // 1 and 2.0 are numbers: classes 1 and 2.
    expect(numeric.classes).toEqual([1, 2]);
    const zeros = await train(
      "cv-csv-zeros",
      csv(
        "PUT",
        `${X.map((r, i) => `${r.join(",")},${INDEX[i]}`).join("\n")}\n`,
      ),
    );
    expect(zeros.classes).toEqual([0, 1]);
    // Whatever the names, the same classes in the same order train alike.
    expect(words.weights).toEqual(zeros.weights);
    expect(numeric.weights).toEqual(zeros.weights);
  });

  it("takes only the classes present: labels 0 and 2 are two classes", async () => {
    const model = await train(
      "cv-gap",
      json("PUT", { x: X, y: INDEX.map((k) => 2 * k), epochs: 30 }),
    );
    expect(model.classes).toEqual([0, 2]);
    expect(model.weights).toEqual(indexed.weights);
  });

  it("declares extra classes with a list, or K", async () => {
    const listed = await train(
      "cv-listed",
      json("PUT", {
        x: X,
        y: INDEX.map((k) => (k ? "yes" : "no")),
        classes: ["yes", "no", "maybe"],
        epochs: 5,
      }),
    );
    expect(listed.classes).toEqual(["maybe", "no", "yes"]);
    const counted = await train(
      "cv-counted",
      json("PUT", { x: X, y: INDEX, classes: 3, epochs: 5 }),
    );
    expect(counted.classes).toEqual([0, 1, 2]);
  });

  it("makes positiveClass the second class", async () => {
    const y = INDEX.map((k) => (k ? "M" : "B"));
    const flipped = await train(
      "cv-positive-b",
      json("PUT", { x: X, y, positiveClass: "B", epochs: 30 }),
    );
    expect(flipped.classes).toEqual(["M", "B"]);
    const inverse = await train(
      "cv-inverse",
      json("PUT", { x: X, y: INDEX.map((k) => 1 - k), epochs: 30 }),
    );
    expect(flipped.weights).toEqual(inverse.weights);
    // In a query string, the class as text.
    const rows = X.map((r, i) => `${r.join(",")},${y[i]}`).join("\n");
    const fromCsv = await train(
      "cv-positive-csv?positiveClass=B&epochs=30",
      csv("PUT", rows),
    );
    expect(fromCsv.classes).toEqual(["M", "B"]);
    expect(fromCsv.weights).toEqual(inverse.weights);
  });

  it("takes classWeights keyed by the classes", async () => {
    const y = INDEX.map((k) => (k ? "yes" : "no"));
    const named = await train(
      "cv-weights",
      json("PUT", { x: X, y, classWeights: { no: 1, yes: 3 }, epochs: 30 }),
    );
    const byIndex = await train(
      "cv-weights-index",
      json("PUT", { x: X, y: INDEX, classWeights: { 0: 1, 1: 3 }, epochs: 30 }),
    );
    expect(named.weights).toEqual(byIndex.weights);
  });

  it("warm-starts only from a model of the same classes", async () => {
    const y = INDEX.map((k) => (k ? "yes" : "no"));
    await train("cv-warm", json("PUT", { x: X, y, epochs: 10 }));
    const again = await train(
      "cv-warm",
      json("PUT", { x: X, y, epochs: 10, init: { model: "cv-warm" } }),
    );
    expect(again.version).toBe(2);
    const before = await storeSnapshot();
    await expectError(
      await api(
        "/v1/models/cv-warm",
        json("PUT", { x: X, y: INDEX, init: { model: "cv-warm" } }),
      ),
      400,
      "invalid_option",
      'init.model: model cv-warm has classes ["no","yes"], this training has [0,1]',
    );
    expect(await storeSnapshot()).toBe(before);
  });
});

describe("refusals, nothing stored", () => {
  const cases: [string, RequestInit, number, string, string][] = [
    [
      "one class",
      json("PUT", { x: X, y: X.map(() => "yes") }),
      422,
      "single_class",
      'every label is "yes" (6 rows): a classifier needs two classes',
    ],
    [
      "one class in CSV",
      csv("PUT", "1,1\n2,1\n3,1\n"),
      422,
      "single_class",
      "every label is 1 (3 rows)",
    ],
    [
      "labels of two types",
      json("PUT", { x: X, y: [0, 1, "1", 0, 1, 1] }),
      400,
      "invalid_dataset",
      'y[2] is "1", and the labels before it are numbers',
    ],
    [
      "a fraction",
      json("PUT", { x: X, y: [0, 1, 0.5, 0, 1, 1] }),
      400,
      "invalid_dataset",
      "y[2] is 0.5, which cannot be a class",
    ],
    [
      "a label that is not a declared class",
      json("PUT", { x: X, y: INDEX, classes: ["a", "b"] }),
      400,
      "invalid_option",
      'row 1 has label 0, which is not one of classes ["a","b"]',
    ],
    [
      "a positive class that is no class",
      json("PUT", { x: X, y: INDEX, positiveClass: 2 }),
      400,
      "invalid_option",
      "positiveClass is 2, which is not one of the classes [0,1]",
    ],
    [
      "a positive class with many classes",
      json("PUT", { x: X, y: INDEX, classes: 3, positiveClass: 1 }),
      400,
      "invalid_option",
      "positiveClass applies to two-class models",
    ],
    [
      "a class listed twice",
      json("PUT", { x: X, y: INDEX, classes: [0, 1, 0] }),
      400,
      "invalid_option",
      "classes[2] is 0 again: each class once",
    ],
  ];
  for (const [what, init, status, code, message] of cases) {
    it(`refuses ${what}: ${status} ${code}`, async () => {
      const before = await storeSnapshot();
      await expectError(
        await api("/v1/models/cv-refused", init),
        status,
        code,
        message,
      );
      expect(await storeSnapshot()).toBe(before);
    });
  }

  it("refuses to evaluate a label the model does not have", async () => {
    await expectError(
      await api(
        "/v1/models/cv-no-yes/evaluate",
        json("POST", { x: [[1, 2]], y: ["maybe"] }),
      ),
      400,
      "invalid_dataset",
      'row 1 has label "maybe", which is not a class of model cv-no-yes: its classes are ["no","yes"]',
    );
  });
});
