/**
 * The loop that can pause (src/engine/fit.ts): a training run a few epochs
 * at a time, its state cloned between the runs as a Durable Object or a
 * Workflow step would store it, lands on the numbers of the same training
 * run in one go, bit for bit; and rows held in several blocks train as
 * they do in one, up to the order of the sums.
 */
import { describe, expect, it } from "vitest";
import { historyLength, historyLogs } from "../../src/engine/epoch-history";
import { classWeights, sampleWeights } from "../../src/engine/class-weights";
import type { Dataset } from "../../src/engine/dataset";
import { runEpochs } from "../../src/engine/fit";
import {
  startFit,
  type FitBlock,
  type FitOptions,
  type FitState,
} from "../../src/engine/fit-state";
import { stratifiedSplit } from "../../src/engine/split";
import { torchLinearLayer } from "../../src/engine/torch-init";
import { trainLinear } from "../../src/engine/train";
import { paramsOf, zeroWeights } from "../../src/engine/weights";
import { diabetes, zoo } from "../fixtures/options";

const ADAM = {
  kind: "adam",
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
} as const;
const MOMENTUM = {
  kind: "sgd",
  momentum: 0.9,
  nesterov: true,
  weightDecay: 0,
} as const;

/** Trainings that exercise every part of the state. */
const cases: {
  name: string;
  data: () => Dataset;
  outputs: number;
  options: FitOptions;
  held?: number;
}[] = [
  {
    name: "the lab's loop",
    data: diabetes,
    outputs: 1,
    options: { epochs: 100, lr: 1, logEvery: 10 },
  },
  {
    name: "adam, l1 and l2 (the optimizer's moments)",
    data: diabetes,
    outputs: 1,
    options: {
      epochs: 60,
      lr: 0.01,
      logEvery: 5,
      l1: 0.001,
      l2: 0.01,
      optimizer: ADAM,
    },
  },
  {
    name: "mini-batches with Nesterov momentum (the shuffle's generator)",
    data: diabetes,
    outputs: 1,
    options: {
      epochs: 30,
      lr: 0.05,
      logEvery: 3,
      batchSize: 64,
      seed: 11,
      optimizer: MOMENTUM,
    },
  },
  {
    name: "early stopping on held-out rows (its best so far)",
    data: diabetes,
    outputs: 1,
    options: {
      epochs: 400,
      lr: 1,
      logEvery: 10,
      earlyStopping: { patience: 3, minDelta: 0 },
    },
    held: 0.25,
  },
  {
    name: "a softmax over the zoo's 7 classes, mini-batches and adam",
    data: zoo,
    outputs: 7,
    options: {
      epochs: 40,
      lr: 0.05,
      logEvery: 4,
      batchSize: 16,
      seed: 3,
      optimizer: { ...ADAM, weightDecay: 0 },
    },
  },
];

/** The state of `c` before its first epoch, and the rows it runs over. */
function begin(c: (typeof cases)[number]) {
  const all = c.data();
  const { training, validation } =
    c.held === undefined
      ? { training: all, validation: undefined }
      : stratifiedSplit(all, c.held, 1);
  const initial = torchLinearLayer(all.cols, c.outputs, 5);
  const state = startFit(
    paramsOf(initial),
    c.outputs,
    training.rows,
    c.options,
    validation !== undefined,
  );
  const data = { blocks: [{ data: training, weights: null }], validation };
  return { state, data, training, initial, validation };
}

describe("a training that pauses", () => {
  for (const c of cases) {
    it(`${c.name}: in runs of 7 epochs, state cloned between, as in one go`, () => {
      const once = begin(c);
      runEpochs(once.state, once.data, c.options);

      const paused = begin(c);
      let state: FitState = paused.state;
      let runs = 0;
      while (!state.done) {
        // What a Durable Object's storage or a Workflow step's return keeps.
        state = structuredClone(state);
        runEpochs(state, paused.data, c.options, 7);
        runs++;
      }
      expect(runs).toBeGreaterThan(1);
      expect(state).toStrictEqual(once.state);
      expect(historyLength(state.history)).toBeGreaterThan(1);
    });
  }

  it("in one go, is what trainLinear gives a request", () => {
    const c = cases[1];
    const once = begin(c);
    runEpochs(once.state, once.data, c.options);
    const trained = trainLinear(once.training, {
      ...c.options,
      initial: once.initial,
    });
    expect(historyLogs(once.state.history)).toStrictEqual(
      historyLogs(trained.history),
    );
    expect(Array.from(once.state.params)).toEqual([
      ...trained.weights.w,
      ...trained.weights.b,
    ]);
  });

  it("stops where early stopping says and reports it", () => {
    const c = cases[3];
    const { state, data } = begin(c);
    runEpochs(state, data, c.options, 10_000);
    expect(state.done).toBe(true);
    expect(state.stoppedEarly).toBe(true);
    expect(state.epoch).toBeLessThan(400);
    expect(historyLogs(state.history).at(-1)!.epoch).toBe(state.epoch);
  });
});

describe("rows in blocks", () => {
  /** `data` cut into blocks at `cuts`, each with its rows' weights. */
  function blocksOf(
    data: Dataset,
    cuts: number[],
    weights: Float32Array | null,
  ): FitBlock[] {
    const edges = [0, ...cuts, data.rows];
    return edges.slice(1).map((end, k) => {
      const start = edges[k];
      const x = data.x.slice(start * data.cols, end * data.cols);
      const y = data.y.slice(start, end);
      return {
        data: { x, y, rows: end - start, cols: data.cols },
        weights: weights && weights.slice(start, end),
      };
    });
  }

  for (const weighted of [false, true]) {
    it(`train as one block does, up to the order of the sums${weighted ? ", with class weights" : ""}`, () => {
      const data = diabetes();
      const weights = weighted
        ? sampleWeights(
            new Float32Array(data.rows),
            data.y,
            classWeights("balanced", data.y),
          )
        : null;
      const options: FitOptions = { epochs: 100, lr: 1, logEvery: 10 };
      const run = (blocks: FitBlock[]) => {
        const state = startFit(
          paramsOf(zeroWeights(1, 8)),
          1,
          data.rows,
          options,
          false,
        );
        return runEpochs(state, { blocks }, options);
      };
      const one = run(blocksOf(data, [], weights));
      const three = run(blocksOf(data, [100, 400], weights));
      const oneLogs = historyLogs(one.history);
      const threeLogs = historyLogs(three.history);
      expect(threeLogs.map((log) => log.epoch)).toEqual(
        oneLogs.map((log) => log.epoch),
      );
      // The kernel's float32 sums go by blocks of 64 rows from each
      // block's start, so cuts move them: 9.4e-10 apart here, at most.
      threeLogs.forEach((log, i) => {
        expect(Math.abs(log.cost - oneLogs[i].cost)).toBeLessThan(1e-8);
        expect(log.accuracy).toBe(oneLogs[i].accuracy);
      });
      three.params.forEach((p, j) => {
        expect(Math.abs(p - one.params[j])).toBeLessThan(1e-5);
      });
      // One block is the request's pass itself, to the bit.
      expect(oneLogs).toStrictEqual(
        historyLogs(
          trainLinear(data, {
            ...options,
            initial: zeroWeights(1, 8),
            ...(weights && { sampleWeights: weights }),
          }).history,
        ),
      );
    });
  }
});
