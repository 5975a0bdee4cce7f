/**
 * The /v1/models API end to end: versions, listing, reading, prediction in
 * each form, deletion.
 */
import { describe, expect, it } from "vitest";
import toyCsv from "../../data/toy.csv?raw";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { api, csv, json } from "./api";
import type { LogisticModelJson } from "../../src/reports/model-json";

async function train(
  name: string,
  body: unknown = { x: TOY_X, y: TOY_Y },
): Promise<LogisticModelJson> {
  const response = await api(`/v1/models/${name}`, json("PUT", body));
  expect(response.status).toBe(201);
  return (await response.json()) as LogisticModelJson;
}

describe("training", () => {
  it("answers 201 with the model, a Location and default options", async () => {
    const response = await api(
      "/v1/models/toy-defaults",
      json("PUT", { x: TOY_X, y: TOY_Y }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/v1/models/toy-defaults");
    const model = (await response.json()) as LogisticModelJson &
      Record<string, unknown>;
    expect(model).toMatchObject({
      name: "toy-defaults",
      version: 1,
      features: 2,
      samples: 6,
      epochs: 100,
      lr: 1,
      loss: "bce",
      logEvery: 10,
    });
    expect(model.history).toHaveLength(11);
    expect(model.weights.w).toHaveLength(2);
    expect(Date.parse(model.createdAt)).not.toBeNaN();
  });

  it("reads the same data from CSV with a header as from JSON", async () => {
    const fromCsv = await api(
      "/v1/models/toy-csv?epochs=1000&logEvery=100",
      csv("PUT", toyCsv),
    );
    expect(fromCsv.status).toBe(201);
    const fromJson = await train("toy-json", {
      x: TOY_X,
      y: TOY_Y,
      epochs: 1000,
      logEvery: 100,
    });
    const a = (await fromCsv.json()) as LogisticModelJson;
    expect(a.weights).toEqual(fromJson.weights);
    expect(a.history).toEqual(fromJson.history);
  });

  it("trains a new version each time and keeps the old ones", async () => {
    const v1 = await train("versions", { x: TOY_X, y: TOY_Y, epochs: 5 });
    const v2 = await train("versions", { x: TOY_X, y: TOY_Y, epochs: 50 });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const latest = (await (
      await api("/v1/models/versions")
    ).json()) as LogisticModelJson;
    expect(latest.version).toBe(2);
    expect(latest.weights).toEqual(v2.weights);
    const first = (await (
      await api("/v1/models/versions?version=1")
    ).json()) as LogisticModelJson;
    expect(first.weights).toEqual(v1.weights);
  });

  it("POST /v1/models makes up a name", async () => {
    const response = await api(
      "/v1/models",
      json("POST", { x: TOY_X, y: TOY_Y }),
    );
    expect(response.status).toBe(201);
    const model = (await response.json()) as LogisticModelJson;
    expect(model.name).toMatch(/^m-[0-9a-f-]{36}$/);
    expect((await api(`/v1/models/${model.name}`)).status).toBe(200);
  });
});

describe("listing", () => {
  it("pages through summaries with a cursor", async () => {
    for (const name of ["list-1", "list-2", "list-3"]) await train(name);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor
        ? `&cursor=${encodeURIComponent(cursor)}`
        : "";
      const page = (await (await api(`/v1/models?limit=2${query}`)).json()) as {
        models: {
          name: string;
          version: number;
          features: number;
          samples: number;
          accuracy: number;
        }[];
        cursor: string | null;
      };
      expect(page.models.length).toBeLessThanOrEqual(2);
      names.push(...page.models.map((m) => m.name));
      for (const m of page.models) {
        expect(Object.keys(m).sort()).toEqual([
          "accuracy",
          "classes",
          "createdAt",
          "features",
          "name",
          "samples",
          "version",
        ]);
      }
      cursor = page.cursor;
    } while (cursor);
    expect(names).toEqual(
      expect.arrayContaining(["list-1", "list-2", "list-3"]),
    );
  });
});

describe("prediction", () => {
  it("gives the same answer as JSON, CSV and a query row", async () => {
    const model = await train("predictor", {
      x: TOY_X,
      y: TOY_Y,
      epochs: 1000,
    });
    const z = (row: number[]) =>
      row[0] * model.weights.w[0] +
      row[1] * model.weights.w[1] +
      model.weights.b;
    const expected = [
      [1, 2],
      [5, 3],
    ].map((row) => Math.fround(1 / (1 + Math.exp(-z(row)))));

    const fromJson = await (
      await api(
        "/v1/models/predictor/predict",
        json("POST", {
          x: [
            [1, 2],
            [5, 3],
          ],
        }),
      )
    ).json();
    expect(fromJson).toEqual({
      name: "predictor",
      version: 1,
      classes: [0, 1],
      threshold: 0.5,
      probabilities: expected,
      labels: [0, 1],
    });
    const fromCsv = await (
      await api("/v1/models/predictor/predict", csv("POST", "a,b\n1,2\n5,3\n"))
    ).json();
    expect(fromCsv).toEqual(fromJson);
    const fromQuery = (await (
      await api("/v1/models/predictor/predict?x=5,3")
    ).json()) as { probabilities: number[] };
    expect(fromQuery.probabilities).toEqual([expected[1]]);
  });

  it("predicts with an older version on request", async () => {
    await train("pv", { x: TOY_X, y: TOY_Y, epochs: 0 });
    await train("pv", { x: TOY_X, y: TOY_Y, epochs: 1000 });
    const old = (await (
      await api("/v1/models/pv/predict?x=6,2&version=1")
    ).json()) as { version: number; probabilities: number[] };
    const latest = (await (
      await api("/v1/models/pv/predict?x=6,2")
    ).json()) as { version: number; probabilities: number[] };
    expect(old.version).toBe(1);
    expect(latest.version).toBe(2);
    expect(old.probabilities[0]).not.toBe(latest.probabilities[0]);
  });
});

describe("report", () => {
  it("answers JSON by default and the lab's text for Accept: text/plain", async () => {
    await train("reported", {
      x: TOY_X,
      y: TOY_Y,
      epochs: 1000,
      logEvery: 100,
    });
    const report = (await (
      await api("/v1/models/reported/report")
    ).json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      name: "reported",
      accuracy: 1,
      confusionMatrix: { tp: 3, fp: 0, tn: 3, fn: 0 },
    });
    const text = await (
      await api("/v1/models/reported/report", {
        headers: { accept: "text/plain" },
      })
    ).text();
    expect(text.split("\n")[0]).toBe(
      "Epoch    0/1000 Cost: 0.693147 Accuracy 50.00%",
    );
    expect(text.split("\n")[10]).toBe(
      "Epoch 1000/1000 Cost: 0.019852 Accuracy 100.00%",
    );
    expect(text.split("\n")[11]).toBe(
      "The model has an accuracy of 100.00% for the training set.",
    );
  });
});

describe("deletion", () => {
  it("deletes the model and every version", async () => {
    await train("doomed");
    await train("doomed");
    const response = await api("/v1/models/doomed", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect((await api("/v1/models/doomed")).status).toBe(404);
    expect((await api("/v1/models/doomed?version=1")).status).toBe(404);
    // Version numbers are never reused, so caches keyed by them stay right.
    const again = await train("doomed");
    expect(again.version).toBe(3);
  });
});
