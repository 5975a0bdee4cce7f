/**
 * Where training starts: PyTorch's seeded nn.Linear initialisation (the lab's
 * nn.Module table), explicit weights, and warm starts from a stored model.
 */
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import torchInit from "../fixtures/torch-init.json";
import {
  COST_TOLERANCE,
  NN_MODULE_ACCURACIES,
  NN_MODULE_COSTS,
  NN_MODULE_INIT_TORCH,
  TOY_X,
  TOY_Y,
} from "../fixtures/lab05";
import { api, csv, expectError, json, storeSnapshot } from "./api";
import type { LogisticModelJson } from "../../src/reports/model-json";

const bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];

async function put(
  path: string,
  init: RequestInit,
): Promise<LogisticModelJson> {
  const response = await api(path, init);
  expect(response.status).toBe(201);
  return (await response.json()) as LogisticModelJson;
}

describe("the lab's nn.Module table", () => {
  const query = encodeURIComponent(JSON.stringify({ torch: { seed: 1 } }));

  it("starts from torch.manual_seed(1)'s nn.Linear(8, 1), bit for bit", async () => {
    const trained = await put(
      `/v1/models/nn-init?epochs=100&init=${query}`,
      csv("PUT", diabetesCsv),
    );
    expect(trained.init).toEqual({ torch: { seed: 1 } });
    expect(trained.initialWeights.w.map(bits)).toEqual(
      NN_MODULE_INIT_TORCH.w.map(bits),
    );
    expect(bits(trained.initialWeights.b)).toBe(bits(NN_MODULE_INIT_TORCH.b));
  });

  it("prints the lab's 11 costs within 1e-6 and its 11 accuracies exactly", async () => {
    const trained = await put(
      `/v1/models/nn-module?epochs=100&logEvery=10&loss=bce&init=${query}`,
      csv("PUT", diabetesCsv),
    );
    expect(trained.history.map((log) => log.epoch)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
    ]);
    trained.history.forEach((log, i) => {
      expect(Math.abs(log.cost - NN_MODULE_COSTS.lab[i])).toBeLessThanOrEqual(
        COST_TOLERANCE,
      );
      expect(Math.abs(log.cost - NN_MODULE_COSTS.torch[i])).toBeLessThanOrEqual(
        COST_TOLERANCE,
      );
    });
    expect(
      trained.history.map((log) => (log.accuracy * 100).toFixed(2)),
    ).toEqual(NN_MODULE_ACCURACIES);
    expect(trained.warnings).toEqual([]);

    const text = await (
      await api("/v1/models/nn-module/report", {
        headers: { accept: "text/plain" },
      })
    ).text();
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("Epoch    0/100 Cost: 0.704829 Accuracy 45.72%");
    expect(lines[10]).toBe("Epoch  100/100 Cost: 0.481234 Accuracy 76.81%");
    lines.slice(0, 11).forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(
          `^Epoch ${String(10 * i).padStart(4)}/100 Cost: \\d\\.\\d{6} Accuracy ${NN_MODULE_ACCURACIES[i]}%$`,
        ),
      );
    });
  });

  it("reproduces other seeds and sizes, as real PyTorch makes them", async () => {
    // Seed 2^32 + 1 keeps only the low 32 bits in PyTorch: the same as seed 1.
    for (const seed of [0, 42, 2 ** 32 + 1, 2 ** 53 - 1]) {
      const expected = torchInit.cases.find(
        (c) => c.seed === seed && c.features === 2,
      );
      expect(expected).toBeDefined();
      const trained = await put(
        `/v1/models/seeded-${seed}`,
        json("PUT", {
          x: TOY_X,
          y: TOY_Y,
          epochs: 0,
          init: { torch: { seed } },
        }),
      );
      expect(trained.initialWeights.w.map(bits)).toEqual(expected?.wBits);
      expect(bits(trained.initialWeights.b)).toBe(expected?.bBits);
    }
  });
});

describe("explicit starting weights", () => {
  it("starts from {w, b} and records them", async () => {
    const trained = await put(
      "/v1/models/explicit",
      json("PUT", {
        x: TOY_X,
        y: TOY_Y,
        epochs: 0,
        logEvery: 1,
        init: { w: [0.5, -0.25], b: 1 },
      }),
    );
    expect(trained.initialWeights).toEqual({ w: [0.5, -0.25], b: 1 });
    // Epoch 0's cost is that of the starting weights.
    const cost =
      TOY_X.map((row, i) => {
        const h = 1 / (1 + Math.exp(-(0.5 * row[0] - 0.25 * row[1] + 1)));
        return TOY_Y[i][0] === 1 ? -Math.log(h) : -Math.log(1 - h);
      }).reduce((a, b) => a + b) / 6;
    expect(trained.history[0].cost).toBeCloseTo(cost, 6);
  });
});

describe("warm starts", () => {
  it("50 epochs and then 50 more land where one training of 101 epochs lands", async () => {
    // epochs: N makes N + 1 updates (iterations 0..N). 50 then 50 more is
    // 51 + 51 = 102 updates, which one training makes with epochs: 101. The
    // second training's iteration e is the single one's iteration 51 + e.
    const body = { x: TOY_X, y: TOY_Y, lr: 1, logEvery: 1 };
    const first = await put(
      "/v1/models/warm",
      json("PUT", { ...body, epochs: 50 }),
    );
    const second = await put(
      "/v1/models/warm",
      json("PUT", { ...body, epochs: 50, init: { model: "warm" } }),
    );
    const whole = await put(
      "/v1/models/whole",
      json("PUT", { ...body, epochs: 101 }),
    );

    expect(second.version).toBe(2);
    expect(second.init).toEqual({ model: "warm", version: 1 });
    expect(second.initialWeights).toEqual(first.weights);
    second.weights.w.forEach((w, j) =>
      expect(Math.abs(w - whole.weights.w[j])).toBeLessThanOrEqual(1e-6),
    );
    expect(Math.abs(second.weights.b - whole.weights.b)).toBeLessThanOrEqual(
      1e-6,
    );
    second.history.forEach((log) => {
      expect(
        Math.abs(log.cost - whole.history[51 + log.epoch].cost),
      ).toBeLessThanOrEqual(1e-6);
    });
    // The float32 state carries over exactly, so in fact they are identical.
    expect(second.weights).toEqual(whole.weights);
  });

  it("starts from the version asked for", async () => {
    const v1 = await put(
      "/v1/models/pinned",
      json("PUT", { x: TOY_X, y: TOY_Y, epochs: 3 }),
    );
    await put(
      "/v1/models/pinned",
      json("PUT", { x: TOY_X, y: TOY_Y, epochs: 30 }),
    );
    const from1 = await put(
      "/v1/models/other",
      json("PUT", {
        x: TOY_X,
        y: TOY_Y,
        init: { model: "pinned", version: 1 },
      }),
    );
    expect(from1.init).toEqual({ model: "pinned", version: 1 });
    expect(from1.initialWeights).toEqual(v1.weights);
  });
});

describe("bad init values store nothing", () => {
  async function rejects(
    body: unknown,
    status: number,
    code: string,
    message: string,
  ) {
    await put(
      "/v1/models/three",
      json("PUT", {
        x: [
          [1, 2, 3],
          [3, 2, 1],
        ],
        y: [0, 1],
      }),
    );
    const before = await storeSnapshot();
    await expectError(
      await api("/v1/models/target", json("PUT", body)),
      status,
      code,
      message,
    );
    expect(await storeSnapshot()).toBe(before);
  }
  const data = { x: TOY_X, y: TOY_Y };

  it("wrong length", () =>
    rejects(
      { ...data, init: { w: [1, 2, 3], b: 0 } },
      400,
      "invalid_option",
      "init.w has 3 values, the data has 2 features",
    ));
  it("non-finite", () =>
    rejects(
      { ...data, init: { w: [1, 2], b: 1e39 } },
      400,
      "invalid_option",
      "init.b is outside the float32 range",
    ));
  it("unknown model", () =>
    rejects(
      { ...data, init: { model: "ghost" } },
      400,
      "invalid_option",
      "init.model: no model named ghost",
    ));
  it("unknown version", () =>
    rejects(
      { ...data, init: { model: "three", version: 7 } },
      400,
      "invalid_option",
      "model three has no version 7",
    ));
  it("feature mismatch", () =>
    rejects(
      { ...data, init: { model: "three" } },
      400,
      "feature_mismatch",
      "model three has 3 features, the data has 2",
    ));
  it("negative seed", () =>
    rejects(
      { ...data, init: { torch: { seed: -1 } } },
      400,
      "invalid_option",
      "init.torch.seed",
    ));
  it("non-integer seed", () =>
    rejects(
      { ...data, init: { torch: { seed: 0.5 } } },
      400,
      "invalid_option",
      "init.torch.seed",
    ));
  it("unknown form", () =>
    rejects(
      { ...data, init: { xavier: true } },
      400,
      "invalid_option",
      "init must be one of",
    ));
});
