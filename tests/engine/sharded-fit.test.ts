/**
 * A training over shards (shard-training.ts), a few shards a step with its
 * checkpoint cloned between steps as a Durable Object stores it, against
 * the lab's table and against `fitModel` on the same rows in one block:
 * full batches give the request's numbers up to the order of the shards'
 * sums (costs within 1e-6, the lab's tolerance; the same accuracy), and
 * at the same weights the final pass over shards gives one block's metrics
 * (within 1e-9); mini-batches follow the documented shard order.
 */
import { describe, expect, it } from "vitest";
import { appendLogs } from "../../src/engine/epoch-history";
import type { Dataset } from "../../src/engine/dataset";
import { fitModel, type FittedModel } from "../../src/engine/fit-model";
import type { ModelOptions } from "../../src/engine/model-options";
import { finalPass } from "../../src/engine/final-pass";
import {
  finishShardTraining,
  nextShards,
  startShardTraining,
  type ShardCheckpoint,
} from "../../src/engine/shard-training";
import { plannedSteps } from "../../src/engine/shard-plan";
import { paramsOf } from "../../src/engine/weights";
import {
  splitPart,
  stratifiedSplit,
  validationMembership,
} from "../../src/engine/split";
import {
  COST_TOLERANCE,
  DIABETES_ACCURACY,
  DIABETES_BCE_COSTS,
  DIABETES_LAB_COSTS,
  LAB_OPTIONS as LAB,
  diabetesDataset as diabetes,
} from "../fixtures/lab05";
import { zoo } from "../fixtures/options";
import { prepare, runJob, shardsOf, step } from "./shard-job";

/** `options` trained on `data` by a job of `size`-row shards, `perStep` a step. */
function job(
  data: Dataset,
  options: ModelOptions,
  size = 100,
  perStep = 3,
): { model: FittedModel; steps: number; widest: number } {
  const { plan, rows } = prepare(data, options, size);
  let widest = 0;
  const result = runJob(plan, rows, perStep, (checkpoint) => {
    widest = Math.max(widest, nextShards(plan, checkpoint, perStep).length);
  });
  if (!options.earlyStopping) {
    expect(result.steps).toBe(plannedSteps(plan, perStep));
  }
  return { ...result, widest };
}

/**
 * Asserts `actual` equals `expected` leaf by leaf: strings and booleans
 * exactly, numbers within `tolerance` relative (absolute below 1).
 */
function expectClose(
  actual: unknown,
  expected: unknown,
  tolerance: number,
  path = "model",
): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    if (Number.isNaN(expected)) expect(actual, path).toBeNaN();
    else {
      expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(
        tolerance * scale,
      );
    }
    return;
  }
  if (
    expected === null ||
    typeof expected !== "object" ||
    actual === null ||
    typeof actual !== "object"
  ) {
    expect(actual, path).toEqual(expected);
    return;
  }
  const keys = Object.keys(expected);
  expect(Object.keys(actual).sort(), path).toEqual([...keys].sort());
  for (const key of keys) {
    expectClose(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      tolerance,
      `${path}.${key}`,
    );
  }
}

/**
 * The job's model against fitModel's: weights and costs within 1e-6, the
 * same accuracy, and every other number within 1e-6 too: the weights
 * differ in their last float32 bits (the order of the shards' sums), so a
 * probability, and a ROC threshold, may differ by a float32 ulp (6e-8).
 * At the same weights the final pass gives the same metrics (below).
 */
function expectSameModel(model: FittedModel, request: FittedModel): void {
  const { weights, history, initialWeights, standardizedWeights, ...rest } =
    model;
  expectClose(weights, request.weights, 1e-6, "weights");
  expectClose(standardizedWeights, request.standardizedWeights, 1e-6);
  expectClose(initialWeights, request.initialWeights, 0, "initialWeights");
  expectClose(history, request.history, COST_TOLERANCE, "history");
  const {
    weights: _w,
    history: _h,
    initialWeights: _i,
    standardizedWeights: _s,
    ...expected
  } = request;
  expectClose(rest, expected, 1e-6);
  expect(model.accuracy).toBe(request.accuracy);
}

describe("the lab's diabetes data in shards of 100 rows, 3 a step", () => {
  const tables = { bce: DIABETES_BCE_COSTS, lab: DIABETES_LAB_COSTS };
  for (const loss of ["bce", "lab"] as const) {
    it(`gives the lab's table and 76.68% (loss ${loss})`, () => {
      const options = { ...LAB, loss };
      const { model, steps, widest } = job(diabetes(), options);
      // 8 shards, 3 a step: 3 steps an epoch, 101 epochs, 3 final.
      expect(steps).toBe(3 * 101 + 3);
      expect(widest).toBe(3);
      expect(model.history).toHaveLength(11);
      model.history.forEach((log, i) => {
        expect(Math.abs(log.cost - tables[loss].lab[i])).toBeLessThanOrEqual(
          COST_TOLERANCE,
        );
      });
      expect(model.accuracy).toBe(DIABETES_ACCURACY);
      expectSameModel(model, fitModel(diabetes(), options, { init: "zeros" }));
    });
  }

  it("is the request's model with standardize, validation 0.2, early stopping and adam", () => {
    const options: ModelOptions = {
      ...LAB,
      epochs: 300,
      lr: 0.05,
      standardize: true,
      validation: { fraction: 0.2, seed: 3 },
      earlyStopping: { patience: 2, minDelta: 1e-4 },
      optimizer: {
        kind: "adam",
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0,
      },
    };
    const request = fitModel(diabetes(), options, { init: "zeros" });
    const { model } = job(diabetes(), options);
    expect(model.stopping).toEqual(request.stopping);
    expect(model.stopping?.reason).toBe("no_improvement");
    expect(model.validation?.samples).toBe(request.validation?.samples);
    expectSameModel(model, request);
  });

  it("is the request's model with balanced class weights and l2", () => {
    const options: ModelOptions = {
      ...LAB,
      classWeights: "balanced",
      l2: 0.01,
    };
    const { model } = job(diabetes(), options, 100, 2);
    expectSameModel(model, fitModel(diabetes(), options, { init: "zeros" }));
  });
});

describe("the zoo's 7 classes, a softmax", () => {
  it("full batch in shards of 10 rows, 4 a step, is the request's model", () => {
    const options: ModelOptions = {
      ...LAB,
      epochs: 200,
      lr: 0.1,
      logEvery: 20,
      loss: "bce",
      classes: 7,
      validation: { fraction: 0.2, seed: 1 },
    };
    const { model } = job(zoo(), options, 10, 4);
    expect(model.classes).toBe(7);
    expectSameModel(model, fitModel(zoo(), options, { init: "zeros" }));
  });
});

describe("mini-batches over shards", () => {
  const options: ModelOptions = {
    ...LAB,
    epochs: 30,
    lr: 0.1,
    logEvery: 5,
    batchSize: 32,
    seed: 11,
  };

  it("are the same numbers for the same seed, other numbers for another", () => {
    const once = job(diabetes(), options).model;
    const again = job(diabetes(), options).model;
    const other = job(diabetes(), { ...options, seed: 12 }).model;
    expect(again.weights).toEqual(once.weights);
    expect(again.history).toEqual(once.history);
    expect(other.weights).not.toEqual(once.weights);
    // Near the request's all the same: the same data, other batches.
    const request = fitModel(diabetes(), options, { init: "zeros" });
    const last = once.history[once.history.length - 1].cost;
    expect(Math.abs(last - request.cost)).toBeLessThan(0.01);
  });

  it("with one shard of every row are the request's numbers exactly", () => {
    const request = fitModel(diabetes(), options, { init: "zeros" });
    const { model } = job(diabetes(), options, 759, 1);
    expect(model.history).toEqual(request.history);
    expect(model.weights).toEqual(request.weights);
    expect(model.metrics).toEqual(request.metrics);
  });
});

describe("a step", () => {
  it("repeated from the same checkpoint gives the same checkpoint", () => {
    const options: ModelOptions = {
      ...LAB,
      epochs: 20,
      logEvery: 2,
      batchSize: 50,
      seed: 4,
      validation: { fraction: 0.25, seed: 2 },
      earlyStopping: { patience: 5, minDelta: 0 },
    };
    const { plan, rows } = prepare(diabetes(), options, 100);
    const seen: ShardCheckpoint[] = [];
    runJob(plan, rows, 3, (checkpoint) => {
      seen.push(structuredClone(checkpoint));
    });
    // Every 7th step, and steps of every phase among them.
    const some = seen.filter((_, k) => k % 7 === 0 || k === seen.length - 1);
    const phases = new Set(some.map(({ phase }) => phase));
    expect([...phases].sort()).toEqual(["batches", "epochs", "final"]);
    for (const c of some) {
      const first = step(plan, c, rows, 3);
      const second = step(plan, c, rows, 3);
      expect(second).toEqual(first);
      expect(first).not.toEqual(c);
    }
  });
});

describe("the final pass", () => {
  for (const [name, data, options] of [
    [
      "diabetes, validation 0.25",
      diabetes,
      { ...LAB, validation: { fraction: 0.25, seed: 1 } },
    ],
    [
      "zoo, 7 classes, class weights",
      zoo,
      { ...LAB, classes: 7, lr: 0.1, classWeights: "balanced" },
    ],
  ] as const) {
    it(`over shards at the request's weights gives its metrics (${name})`, () => {
      const request = fitModel(data(), options, { init: "zeros" });
      const { plan, rows } = prepare(data(), options, 10);
      // The request's final weights, as a job's last state.
      const checkpoint = startShardTraining(plan);
      const { params } = checkpoint.state;
      params.set(paramsOf(request.weights));
      checkpoint.state.epoch = options.epochs + 1;
      checkpoint.state.done = true;
      appendLogs(checkpoint.state.history, request.history);
      checkpoint.phase = "final";
      checkpoint.pass = finalPass(
        request.weights.b.length,
        plan.cols,
        plan.trainingRows,
        plan.validationRows,
      );
      let c = structuredClone(checkpoint);
      while (c.phase !== "done") c = structuredClone(step(plan, c, rows, 4));
      const model = finishShardTraining(plan, c);
      expectClose(model.metrics, request.metrics, 1e-9, "metrics");
      expectClose(model.validation, request.validation, 1e-9, "validation");
      expectClose(model.scores, request.scores, 1e-9, "scores");
      expectClose(model.warnings, request.warnings, 0, "warnings");
      expect(model.accuracy).toBe(request.accuracy);
    });
  }
});

describe("the preparation pass's parts", () => {
  it("the membership from the labels alone is stratifiedSplit's", () => {
    const data = diabetes();
    const membership = validationMembership(data.y, 0.2, 3);
    const { training, validation } = stratifiedSplit(data, 0.2, 3);
    expect(splitPart(data, membership, 0)).toEqual(training);
    expect(splitPart(data, membership, 1)).toEqual(validation);
  });
});
