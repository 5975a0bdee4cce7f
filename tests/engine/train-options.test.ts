/**
 * The training loop (fit.ts, through train.ts's `trainLinear`): the lab's
 * numbers bit for bit with every option unset, and
 * PyTorch 1.13's histories and weights with each option set
 * (tests/fixtures/options.py, /usr/bin/python3 tests/fixtures/options.py >
 * tests/fixtures/options.json).
 */
import { describe, expect, it } from "vitest";
import { batchOrder, shuffle } from "../../src/engine/batches";
import { classWeights, sampleWeights } from "../../src/engine/class-weights";
import type { Dataset } from "../../src/engine/dataset";
import { plainSgd } from "../../src/engine/optimizers";
import { penaltyCost } from "../../src/engine/regularize";
import { stratifiedSplit } from "../../src/engine/split";
import { featureStats } from "../../src/engine/standardize";
import { torchLinearLayer } from "../../src/engine/torch-init";
import { type TrainOptions } from "../../src/engine/train";
import { zeroWeights } from "../../src/engine/weights";
import { TrainingDivergedError } from "../../src/errors";
import {
  diabetes,
  expectWeights,
  fixture,
  toy,
  type BinaryCase,
} from "../fixtures/options";
import { kernelSums, plainTrain } from "./plain-train";
import { trainLogs, type LoggedFit } from "./train-logs";

/** The lab's tolerance for a cost, and the weights' where float32 allows. */
const TOLERANCE = 1e-6;

describe("every option unset: the lab's loop around the kernel's sums, bit for bit", () => {
  const runs = [
    { name: "toy", data: toy(), epochs: 1000, logEvery: 100 },
    { name: "diabetes", data: diabetes(), epochs: 100, logEvery: 10 },
  ];
  for (const { name, data, epochs, logEvery } of runs) {
    for (const loss of ["lab", "bce"] as const) {
      it(`${name}, loss ${loss}`, () => {
        const base = {
          epochs,
          lr: 1,
          logEvery,
          loss,
          initial: zeroWeights(1, data.cols),
        };
        const expected = plainTrain(
          data,
          { ...base, initial: oneRow(base) },
          kernelSums,
        );
        const result = trainLogs(data, base);
        expect(plain(result)).toStrictEqual(expected);
        // Options at their neutral values take the same path.
        const neutral = trainLogs(data, {
          ...base,
          optimizer: plainSgd,
          l1: 0,
          l2: 0,
          batchSize: data.rows,
        });
        expect(neutral).toStrictEqual(result);
      });
    }
  }

  it("with validation rows and a seeded start", () => {
    const { training, validation } = stratifiedSplit(diabetes(), 0.2, 3);
    const options = {
      epochs: 50,
      lr: 1,
      logEvery: 5,
      loss: "bce" as const,
      initial: torchLinearLayer(8, 1, 1),
      validation,
    };
    expect(plain(trainLogs(training, options))).toStrictEqual(
      plainTrain(
        training,
        { ...options, initial: oneRow(options) },
        kernelSums,
      ),
    );
  });

  it("a batch as large as the data, or larger, is full batch in row order", () => {
    const data = diabetes();
    const base = {
      epochs: 20,
      lr: 0.5,
      logEvery: 5,
      loss: "bce" as const,
      initial: zeroWeights(1, 8),
      optimizer: {
        kind: "adam",
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0,
      } as const,
    };
    const full = trainLogs(data, base);
    expect(trainLogs(data, { ...base, batchSize: 759, seed: 4 })).toEqual(full);
    expect(trainLogs(data, { ...base, batchSize: 5000 })).toEqual(full);
  });

  it("sample weights all 1 give the unweighted numbers, through other kernels", () => {
    const data = diabetes();
    const base = {
      epochs: 30,
      lr: 1,
      logEvery: 3,
      loss: "bce" as const,
      initial: zeroWeights(1, 8),
    };
    // The weighted pass is float64 JavaScript, the kernel's float32: the
    // lab's tolerance apart.
    const weighted = trainLogs(data, {
      ...base,
      sampleWeights: new Float32Array(759).fill(1),
    });
    const unweighted = trainLogs(data, base);
    weighted.history.forEach((log, i) => {
      expect(log.epoch).toBe(unweighted.history[i].epoch);
      expect(log.accuracy).toBe(unweighted.history[i].accuracy);
      expect(Math.abs(log.cost - unweighted.history[i].cost)).toBeLessThan(
        TOLERANCE,
      );
    });
    const flat = (f: typeof weighted) => [...f.weights.w, ...f.weights.b];
    flat(weighted).forEach((v, j) => {
      expect(Math.abs(v - flat(unweighted)[j])).toBeLessThan(TOLERANCE);
    });
  });
});

describe("against PyTorch", () => {
  for (const c of fixture.binary) {
    it(c.name, () => {
      const data = c.data === "toy" ? toy() : diabetes();
      const { history, weights, standardizedWeights } = trainLogs(
        data,
        optionsOf(c, data),
      );
      expect(history.map((log) => log.epoch)).toEqual(
        c.history.map((log) => log.epoch),
      );
      history.forEach((log, i) => {
        const reference = c.history[i];
        expect(Math.abs(log.cost - reference.cost)).toBeLessThanOrEqual(
          TOLERANCE,
        );
        expect(log.accuracy).toBe(reference.accuracy);
        if (reference.dataCost === undefined) {
          expect(log.dataCost).toBeUndefined();
        } else {
          expect(
            Math.abs(log.dataCost! - reference.dataCost),
          ).toBeLessThanOrEqual(TOLERANCE);
        }
      });
      // PyTorch's float32 weights, in the units it trained in.
      if (c.standardizedWeights === undefined) {
        expectWeights(weights, c.weights, c.float64Weights);
      } else {
        expectWeights(
          standardizedWeights!,
          c.standardizedWeights,
          c.float64StandardizedWeights,
        );
        // In original units, w / scale: scales of 0.2–0.4 magnify by up to 5.
        expectWeights(weights, c.weights, undefined, 5 * TOLERANCE);
      }
    });
  }
});

describe("penalties", () => {
  it("cost is dataCost plus the penalty of the epoch's starting weights", () => {
    const data = diabetes();
    const options: TrainOptions = {
      epochs: 20,
      lr: 1,
      logEvery: 1,
      loss: "bce",
      initial: {
        w: Float32Array.from([1, -1, 0, 2, 0, 0, 0, 0.5]),
        b: Float32Array.of(0),
      },
      l1: 0.01,
      l2: 0.1,
    };
    const penalty = { l1: 0.01, l2: 0.1 };
    const { history } = trainLogs(data, options);
    // Epoch 0 starts at the initial weights: Σ|w| = 4.5, Σw² = 6.25.
    expect(penaltyCost(options.initial.w, penalty)).toBeCloseTo(
      0.01 * 4.5 + 0.05 * 6.25,
      15,
    );
    expect(history[0].cost).toBe(
      history[0].dataCost! + penaltyCost(options.initial.w, penalty),
    );
    // Epoch e's weights are the final ones of a run of e − 1 epochs.
    const e = 7;
    const earlier = trainLogs(data, { ...options, epochs: e - 1 });
    expect(history[e].cost).toBe(
      history[e].dataCost! + penaltyCost(earlier.weights.w, penalty),
    );
  });
});

describe("mini-batches", () => {
  const base: TrainOptions = {
    epochs: 5,
    lr: 0.1,
    logEvery: 1,
    loss: "bce",
    initial: zeroWeights(1, 8),
    batchSize: 50,
    seed: 9,
  };

  it("the same seed gives the same numbers, another seed others", () => {
    const data = diabetes();
    const a = trainLogs(data, base);
    expect(trainLogs(data, base)).toStrictEqual(a);
    expect(trainLogs(data, { ...base, seed: 10 }).weights).not.toEqual(
      a.weights,
    );
  });

  it("log the whole training set's cost before the epoch's batches", () => {
    const data = diabetes();
    const { history } = trainLogs(data, base);
    // Epoch 0: zero weights, every cost ln 2 (float32's: the kernel's log
    // is float32), summed in float64 without rounding; every row predicted 1.
    expect(history[0].cost).toBe(Math.fround(Math.LN2));
    expect(history[0].accuracy).toBe(496 / 759);
    expect(history).toHaveLength(6);
  });

  it("one batch by hand: the mean gradient of the batch's rows", () => {
    // Three rows, batches of 2 (then 1), one epoch, plain SGD with lr 1.
    const data: Dataset = {
      x: new Float32Array([1, 2, 3]),
      y: new Float32Array([1, 0, 1]),
      rows: 3,
      cols: 1,
    };
    const seed = 5;
    const result = trainLogs(data, {
      epochs: 0,
      lr: 1,
      logEvery: 1,
      loss: "lab",
      initial: zeroWeights(1, 1),
      batchSize: 2,
      seed,
    });
    // Replay: shuffle (batches.test.ts checks it against Python), then step
    // on rows [o0, o1], then on [o2].
    const order = Array.from(shuffle(batchOrder(3, 2, seed)));
    let w = 0;
    let b = 0;
    for (const batch of [order.slice(0, 2), order.slice(2)]) {
      let gw = 0;
      let gb = 0;
      for (const i of batch) {
        const g = 1 / (1 + Math.exp(-(w * data.x[i] + b))) - data.y[i];
        gw += g * data.x[i];
        gb += g;
      }
      w = Math.fround(w - (1 / batch.length) * gw);
      b = Math.fround(b - (1 / batch.length) * gb);
    }
    expect(result.weights.w[0]).toBe(w);
    expect(result.weights.b[0]).toBe(b);
  });
});

describe("early stopping", () => {
  const { training, validation } = stratifiedSplit(diabetes(), 0.25, 1);
  const base: TrainOptions = {
    epochs: 300,
    lr: 1,
    logEvery: 10,
    loss: "bce",
    initial: zeroWeights(1, 8),
    validation,
  };
  const patience = 2;
  const minDelta = 0.002;

  it("stops after `patience` logged epochs without a gain of minDelta", () => {
    const full = trainLogs(training, base);
    // The rule, replayed on the validation costs of the unstopped run.
    let best = Infinity;
    let bestEpoch = -1;
    let since = 0;
    let stop = -1;
    for (const log of full.history) {
      if (log.validationCost! < best - minDelta) {
        best = log.validationCost!;
        bestEpoch = log.epoch;
        since = 0;
      } else if (++since >= patience) {
        stop = log.epoch;
        break;
      }
    }
    expect(stop).toBeGreaterThan(0);
    expect(stop).toBeLessThan(300);

    const stopped = trainLogs(training, {
      ...base,
      earlyStopping: { patience, minDelta },
    });
    expect(stopped.stoppedAt).toBe(stop);
    expect(stopped.reason).toBe("no_improvement");
    expect(stopped.bestEpoch).toBe(bestEpoch);
    // The history up to the stop is the unstopped run's.
    expect(stopped.history).toStrictEqual(
      full.history.filter((log) => log.epoch <= stop),
    );
    // The weights are those epoch bestEpoch started from: after bestEpoch
    // updates, the final weights of a run of bestEpoch − 1 epochs.
    const upToBest = trainLogs(training, {
      ...base,
      epochs: bestEpoch - 1,
    });
    expect(stopped.weights).toEqual(upToBest.weights);
  });

  it("a validation cost that only rises keeps the starting weights", () => {
    // The same rows with every label flipped: training makes them worse.
    const flipped: Dataset = {
      ...training,
      y: training.y.map((v) => 1 - v),
    };
    const initial = torchLinearLayer(8, 1, 1);
    const result = trainLogs(training, {
      ...base,
      initial,
      validation: flipped,
      earlyStopping: { patience: 3, minDelta: 0 },
    });
    expect(result.bestEpoch).toBe(0);
    expect(result.stoppedAt).toBe(30);
    expect(result.history.map((log) => log.epoch)).toEqual([0, 10, 20, 30]);
    expect(result.weights).toEqual(initial);
  });

  it("runs to the end when the cost keeps improving", () => {
    const result = trainLogs(training, {
      ...base,
      epochs: 40,
      earlyStopping: { patience: 1, minDelta: 0 },
    });
    expect(result.reason).toBe("completed");
    expect(result.stoppedAt).toBe(40);
    expect(result.bestEpoch).toBe(40);
    expect(result.history).toHaveLength(5);
  });
});

describe("inputs and failures", () => {
  it("leaves the data, weights, validation rows and sample weights unchanged", () => {
    const data = diabetes();
    const { training, validation } = stratifiedSplit(data, 0.2, 5);
    const x = training.x.slice();
    const y = training.y.slice();
    const vx = validation.x.slice();
    const initial = torchLinearLayer(8, 1, 2);
    const w0 = initial.w.slice();
    const weights = sampleWeights(
      new Float32Array(training.rows),
      training.y,
      classWeights("balanced", training.y),
    );
    const sw = weights.slice();
    const stats = featureStats(training.x, training.rows, 8);
    const result = trainLogs(training, {
      epochs: 6,
      lr: 0.05,
      logEvery: 2,
      loss: "bce",
      initial,
      validation,
      standardize: stats,
      l1: 0.001,
      l2: 0.01,
      batchSize: 32,
      seed: 1,
      optimizer: { kind: "sgd", momentum: 0.9, nesterov: true, weightDecay: 0 },
      sampleWeights: weights,
      earlyStopping: { patience: 5, minDelta: 0 },
    });
    expect(training.x).toEqual(x);
    expect(training.y).toEqual(y);
    expect(validation.x).toEqual(vx);
    expect(initial.w).toEqual(w0);
    expect(weights).toEqual(sw);
    expect(result.weights.w).not.toBe(initial.w);
  });

  it("throws TrainingDivergedError when the weights overflow float32", () => {
    const huge: Dataset = {
      x: new Float32Array([3e38, -3e38]),
      y: new Float32Array([0, 1]),
      rows: 2,
      cols: 1,
    };
    expect(() =>
      trainLogs(huge, {
        epochs: 3,
        lr: 1e38,
        logEvery: 1,
        loss: "lab",
        initial: zeroWeights(1, 1),
        optimizer: {
          kind: "sgd",
          momentum: 0.5,
          nesterov: false,
          weightDecay: 0,
        },
      }),
    ).toThrow(TrainingDivergedError);
  });
});

function optionsOf(c: BinaryCase, data: Dataset): TrainOptions {
  const o = c.options;
  return {
    epochs: o.epochs,
    lr: o.lr,
    logEvery: o.logEvery,
    loss: "bce",
    initial: zeroWeights(1, data.cols),
    optimizer: o.optimizer,
    l1: o.l1,
    l2: o.l2,
    batchSize: o.batchSize,
    seed: o.seed,
    standardize: o.standardize
      ? featureStats(data.x, data.rows, data.cols)
      : undefined,
    sampleWeights:
      o.classWeights === undefined
        ? undefined
        : sampleWeights(
            new Float32Array(data.rows),
            data.y,
            classWeights(o.classWeights, data.y),
          ),
  };
}

/** A start of one output as the plain loop takes it: w and a number b. */
function oneRow(options: Pick<TrainOptions, "initial">) {
  return { w: options.initial.w, b: options.initial.b[0] };
}

/** A training's result in the shape of `plainTrain`'s. */
function plain(result: LoggedFit) {
  return {
    history: result.history,
    w: Array.from(result.weights.w),
    b: result.weights.b[0],
  };
}
