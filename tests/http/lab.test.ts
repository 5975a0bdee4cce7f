/**
 * The lab's tables, reproduced over HTTP: train through the Worker, read the
 * costs back, compare with what the lab and real PyTorch print.
 */
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import {
  COST_TOLERANCE,
  DIABETES_ACCURACY,
  DIABETES_ACCURACY_LINE,
  DIABETES_BCE_COSTS,
  DIABETES_FIRST_FIVE,
  DIABETES_LAB_COSTS,
  TOY_COSTS,
  TOY_X,
  TOY_Y,
} from "../fixtures/lab05";
import { api, csv, json } from "./api";
import type { LogisticModelJson } from "../../src/reports/model-json";

function expectCosts(
  trained: LogisticModelJson,
  table: { lab: number[]; torch: number[] },
) {
  const costs = trained.history.map((log) => log.cost);
  expect(costs).toHaveLength(table.lab.length);
  costs.forEach((cost, i) => {
    expect(Math.abs(cost - table.lab[i])).toBeLessThanOrEqual(COST_TOLERANCE);
    expect(Math.abs(cost - table.torch[i])).toBeLessThanOrEqual(COST_TOLERANCE);
  });
}

describe("toy data, 1000 epochs, logEvery 100", () => {
  for (const loss of ["lab", "bce"] as const) {
    it(`prints the lab's costs with loss ${loss}`, async () => {
      const response = await api(
        `/v1/models/toy-${loss}`,
        json("PUT", {
          x: TOY_X,
          y: TOY_Y,
          epochs: 1000,
          logEvery: 100,
          loss,
          lr: 1,
        }),
      );
      expect(response.status).toBe(201);
      const trained = (await response.json()) as LogisticModelJson;
      expect(trained.history.map((log) => log.epoch)).toEqual([
        0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
      ]);
      expectCosts(trained, TOY_COSTS);
      expect(trained.cost).toBe(trained.history[10].cost);
      expect(trained.accuracy).toBe(1);
      // Six students split by a line, weights still growing: one warning.
      expect(trained.warnings.map((w) => w.code)).toEqual([
        "perfect_separation",
      ]);
    });
  }
});

describe("diabetes data as CSV, 100 epochs, logEvery 10", () => {
  const tables = { lab: DIABETES_LAB_COSTS, bce: DIABETES_BCE_COSTS };
  for (const loss of ["lab", "bce"] as const) {
    it(`prints the lab's costs with loss ${loss}`, async () => {
      const response = await api(
        `/v1/models/diabetes-${loss}?epochs=100&logEvery=10&loss=${loss}`,
        csv("PUT", diabetesCsv),
      );
      expect(response.status).toBe(201);
      const trained = (await response.json()) as LogisticModelJson;
      expect(trained).toMatchObject({
        version: 1,
        features: 8,
        samples: 759,
        epochs: 100,
        logEvery: 10,
        loss,
      });
      expectCosts(trained, tables[loss]);
      expect(trained.accuracy).toBe(DIABETES_ACCURACY);
      expect(trained.warnings).toEqual([]);
    });
  }

  it("predicts the lab's first five probabilities and labels", async () => {
    await api("/v1/models/diabetes?epochs=100", csv("PUT", diabetesCsv));
    const firstFive = diabetesCsv
      .trim()
      .split("\n")
      .slice(0, 5)
      .map((line) => line.split(",").slice(0, 8).map(Number));
    const response = await api(
      "/v1/models/diabetes/predict",
      json("POST", { x: firstFive }),
    );
    expect(response.status).toBe(200);
    const { probabilities, labels } = (await response.json()) as {
      probabilities: number[];
      labels: number[];
    };
    expect(probabilities.map((p) => Number(p.toFixed(4)))).toEqual(
      DIABETES_FIRST_FIVE,
    );
    expect(labels).toEqual([0, 1, 0, 1, 0]);
  });

  it("reports 76.68% and the lab's lines as text", async () => {
    await api(
      "/v1/models/diabetes-report?epochs=100&logEvery=10",
      csv("PUT", diabetesCsv),
    );
    const response = await api("/v1/models/diabetes-report/report", {
      headers: { accept: "text/plain" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    // One newline ends the last line, so curl's output ends before the prompt.
    expect(text).toMatch(/[^\n]\n$/);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(12);
    // The cost column, as real PyTorch prints it (../shared/reference/README.md).
    expect(
      lines.slice(0, 11).map((line) => line.replace(/ Accuracy .*$/, "")),
    ).toEqual(
      DIABETES_BCE_COSTS.torch.map(
        (cost, i) =>
          `Epoch ${String(i * 10).padStart(4)}/100 Cost: ${cost.toFixed(6)}`,
      ),
    );
    expect(lines[0]).toBe("Epoch    0/100 Cost: 0.693147 Accuracy 65.35%");
    expect(lines[10]).toBe("Epoch  100/100 Cost: 0.480661 Accuracy 76.68%");
    expect(lines[11]).toBe(DIABETES_ACCURACY_LINE);
  });

  it("reports the confusion matrix as JSON", async () => {
    await api("/v1/models/diabetes-json?epochs=100", csv("PUT", diabetesCsv));
    const response = await api("/v1/models/diabetes-json/report");
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      accuracy: number;
      confusionMatrix: { tp: number; fp: number; tn: number; fn: number };
    };
    const { tp, fp, tn, fn } = report.confusionMatrix;
    expect(tp + fp + tn + fn).toBe(759);
    expect(tp + tn).toBe(582);
    // 496 of the 759 rows are labelled 1 (65.35% of rows at epoch 0, where every h is 0.5).
    expect(tp + fn).toBe(496);
    expect(report.accuracy).toBe(DIABETES_ACCURACY);
  });
});
