/**
 * epoch-history.ts: a training's history as one array of numbers, and the `EpochLog`
 * objects made from it, as the API has always written them; a checkpoint
 * keeps it bit for bit, and one written before (an object an iteration)
 * still reads.
 */
import { describe, expect, it } from "vitest";
import {
  appendIteration,
  appendPlainIterations,
  emptyHistory,
  storedHistory,
  historyLogs,
  lastCost,
  historyLength,
  type EpochLog,
} from "../../src/engine/epoch-history";
import { fitModel } from "../../src/engine/fit-model";
import { unpackShardCheckpoint } from "../../src/engine/shard-training";
import {
  decodeCheckpoint,
  encodeCheckpoint,
} from "../../src/storage/checkpoint-codec";
import { trainLinear } from "../../src/engine/train";
import { zeroWeights } from "../../src/engine/weights";
import { LAB_OPTIONS, toyDataset } from "../fixtures/lab05";

describe("a history of numbers", () => {
  it("gives each iteration's fields in the API's order, the optional ones only when held", () => {
    const plain = emptyHistory();
    appendIteration(plain, 0, 0.7, 0.5);
    appendIteration(plain, 10, 0.6, 2 / 3);
    expect(historyLogs(plain)).toStrictEqual([
      { epoch: 0, cost: 0.7, accuracy: 0.5 },
      { epoch: 10, cost: 0.6, accuracy: 2 / 3 },
    ]);
    const all = emptyHistory();
    appendIteration(all, 5, 0.9, 0.25, 0.8, 1.5, 0.75);
    const [log] = historyLogs(all);
    expect(Object.keys(log)).toEqual([
      "epoch",
      "cost",
      "accuracy",
      "dataCost",
      "validationCost",
      "validationAccuracy",
    ]);
    expect(log).toStrictEqual({
      epoch: 5,
      cost: 0.9,
      accuracy: 0.25,
      dataCost: 0.8,
      validationCost: 1.5,
      validationAccuracy: 0.75,
    });
    const held = emptyHistory();
    appendIteration(held, 0, 0.9, 0.25, undefined, 1.5, 0.75);
    expect(Object.keys(historyLogs(held)[0])).toEqual([
      "epoch",
      "cost",
      "accuracy",
      "validationCost",
      "validationAccuracy",
    ]);
  });

  it("keeps every number's bits, and refuses an iteration of other numbers than the first's", () => {
    const history = emptyHistory();
    const costs = Array.from({ length: 37 }, (_, i) => Math.PI / (i + 1));
    costs.forEach((cost, i) => appendIteration(history, i * 3, cost, i / 37));
    expect(historyLength(history)).toBe(37);
    expect(lastCost(history)).toBe(costs[36]);
    expect(historyLogs(history, 35)).toStrictEqual([
      { epoch: 105, cost: costs[35], accuracy: 35 / 37 },
      { epoch: 108, cost: costs[36], accuracy: 36 / 37 },
    ]);
    expect(lastCost(emptyHistory())).toBeUndefined();
    expect(() => appendIteration(history, 111, 0.5, 1, 0.4)).toThrow(
      "iteration 111 gives other numbers than the history's first",
    );
    expect(historyLength(history)).toBe(37);
  });

  it("appends a run of plain steps up to the first cost that is not finite", () => {
    const history = emptyHistory();
    // Σ cost and rows right of 4 rows, for epochs 10, 15, 20 and 25.
    const logs = Float64Array.of(2.8, 2, 2.4, 3, Infinity, 3, 1, 4);
    expect(appendPlainIterations(history, logs, 10, 5, 4, 4)).toBe(2);
    expect(historyLogs(history)).toStrictEqual([
      { epoch: 10, cost: 2.8 / 4, accuracy: 0.5 },
      { epoch: 15, cost: 0.6, accuracy: 0.75 },
    ]);
    expect(history.values).toHaveLength(6);
    expect(appendPlainIterations(history, logs.subarray(6), 25, 5, 1, 4)).toBe(
      1,
    );
    expect(lastCost(history)).toBe(0.25);
  });

  it("holds every iteration a training logs, 0..epochs, three numbers each", () => {
    const fit = trainLinear(toyDataset(), {
      epochs: 1000,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: zeroWeights(1, 2),
    });
    expect(historyLength(fit.history)).toBe(1001);
    expect(fit.history.values).toHaveLength(3 * 1001);
    expect(historyLogs(fit.history).map((log) => log.epoch)).toEqual(
      Array.from({ length: 1001 }, (_, i) => i),
    );
  });

  it("is what a request's model gives, and a checkpoint keeps it bit for bit", () => {
    const data = toyDataset();
    const options = { epochs: 1000, lr: 1, logEvery: 100, l2: 0.01 };
    const fit = trainLinear(data, {
      ...options,
      loss: "bce",
      initial: zeroWeights(1, 2),
    });
    const model = fitModel(
      data,
      { ...LAB_OPTIONS, ...options },
      { init: "zeros" },
    );
    expect(historyLogs(fit.history)).toStrictEqual(model.history);
    expect(model.history[0]).toHaveProperty("dataCost");
    const again = decodeCheckpoint<typeof fit.history>(
      encodeCheckpoint(fit.history),
    );
    expect(historyLogs(again)).toStrictEqual(model.history);
  });

  it("reads a checkpoint written before, one object an iteration", () => {
    const logs: EpochLog[] = [
      { epoch: 0, cost: 0.69, accuracy: 0.5, dataCost: 0.68 },
      { epoch: 1, cost: 0.61, accuracy: 0.75, dataCost: 0.6 },
    ];
    const history = storedHistory(logs);
    expect(historyLogs(history)).toStrictEqual(logs);
    expect(storedHistory(history)).toBe(history);
    // As a job's stored checkpoint holds it: the state's history.
    const stored = {
      phase: "epochs",
      pass: null,
      state: { epoch: 2, history: logs },
    } as unknown as Parameters<typeof unpackShardCheckpoint>[0];
    const { state } = unpackShardCheckpoint(stored);
    expect(historyLogs(state.history)).toStrictEqual(logs);
    appendIteration(state.history, 2, 0.5, 1, 0.49);
    expect(historyLogs(state.history, 2)).toStrictEqual([
      { epoch: 2, cost: 0.5, accuracy: 1, dataCost: 0.49 },
    ]);
  });
});
