/**
 * Runs of epochs in one kernel call (src/engine/fit.ts's `plainEpochs`,
 * gradient.ts's `plainSgdEpochs`): the lab's plain full-batch training
 * gives the epoch-by-epoch path's numbers to the bit, and every option
 * that needs something done between two epochs keeps that path.
 *
 * The reference is the same `runEpochs` with held-out rows: they are only
 * measured, never trained on, but measuring them happens between two
 * epochs, so that training runs one kernel call an epoch (fit.ts). Its
 * weights, costs and accuracies must then be the fused run's, bit for bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyLogs } from "../../src/engine/epoch-history";
import { sampleWeights } from "../../src/engine/class-weights";
import type { Dataset } from "../../src/engine/dataset";
import { runEpochs } from "../../src/engine/fit";
import { startFit, type FitOptions } from "../../src/engine/fit-state";
import type { Loss } from "../../src/engine/logistic";
import { FUSED_EPOCHS } from "../../src/engine/kernel-layout";
import { TrainingDivergedError } from "../../src/errors";
import { diabetes, toy, zoo } from "../fixtures/options";

/**
 * Trains from zero weights (`outputs` outputs) `step` epochs a call, the
 * state cloned between calls as a paused training stores it; with
 * `heldOut`, each logged epoch also measures those rows.
 */
function train(
  data: Dataset,
  options: FitOptions,
  heldOut: Dataset | undefined,
  step = Infinity,
  outputs = 1,
  weights: Float32Array | null = null,
) {
  const params = new Float32Array(outputs * (data.cols + 1));
  let state = startFit(params, outputs, data.rows, options, !!heldOut);
  const fitData = { blocks: [{ data, weights }], validation: heldOut };
  while (!state.done) {
    state = structuredClone(runEpochs(state, fitData, options, step));
  }
  const history = historyLogs(state.history).map(
    ({ epoch, cost, accuracy }) => ({
      epoch,
      cost,
      accuracy,
    }),
  );
  return { params: Array.from(state.params), history };
}

/** The message of the TrainingDivergedError a training throws, or "". */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof TrainingDivergedError) return error.message;
    throw error;
  }
  return "";
}

const plain: { name: string; data: () => Dataset; options: FitOptions }[] = [
  {
    name: "the lab's toy, 1000 epochs",
    data: toy,
    options: { epochs: 1000, lr: 1, logEvery: 100 },
  },
  {
    name: "the lab's diabetes, 100 epochs",
    data: diabetes,
    options: { epochs: 100, lr: 1, logEvery: 10 },
  },
  {
    name: "diabetes over several runs (logEvery 7), the lab's loss",
    data: diabetes,
    options: {
      epochs: 2 * FUSED_EPOCHS + 100,
      lr: 1,
      logEvery: 7,
      loss: "lab",
    },
  },
  {
    name: "toy, every epoch logged",
    data: toy,
    options: { epochs: FUSED_EPOCHS + 1, lr: 0.1, logEvery: 1 },
  },
];

describe("runs of plain epochs in one kernel call", () => {
  for (const { name, data, options } of plain) {
    it(`${name}: the epoch-by-epoch numbers, bit for bit`, () => {
      const rows = data();
      const fused = train(rows, options, undefined);
      const byEpoch = train(rows, options, rows);
      expect(fused.params).toEqual(byEpoch.params);
      expect(fused.history).toEqual(byEpoch.history);
      // The history is the lab's: every logged epoch, in order.
      const logged = Math.floor(options.epochs / options.logEvery) + 1;
      expect(fused.history.map((h) => h.epoch)).toEqual(
        Array.from({ length: logged }, (_, i) => i * options.logEvery),
      );
      expect(fused.history[0].cost).toBeCloseTo(Math.log(2), 6);
    });
  }

  it("pauses and resumes at any epoch with the same numbers", () => {
    const options = { epochs: FUSED_EPOCHS + 300, lr: 1, logEvery: 9 };
    const whole = train(diabetes(), options, undefined);
    for (const step of [1, 5, 333, FUSED_EPOCHS + 1]) {
      expect(train(diabetes(), options, undefined, step)).toEqual(whole);
    }
  });

  it("diverges at the epoch, and on the number, the epoch-by-epoch path names", () => {
    // Epoch 0 steps w to (5e19, 1.5e20); at epoch 1 the last row's logit
    // is +inf + -inf in float32, NaN: its cost when logged (either loss),
    // else the step's.
    const x = [1e20, 0, 1e20, 0, 0, 1e20, 0, 1e20, 1e20, -1e20];
    const wild: Dataset = {
      x: Float32Array.from(x),
      y: Float32Array.from([1, 1, 1, 1, 0]),
      rows: 5,
      cols: 2,
    };
    const cases: [Dataset, number, number, Loss, RegExp][] = [
      [
        diabetes(),
        1e300,
        1,
        "bce",
        /^the weight of feature 1 became -Infinity at epoch 0:/,
      ],
      [wild, 5, 1, "bce", /^cost became NaN at epoch 1:/],
      [wild, 5, 2, "bce", /^the weight of feature 1 became NaN at epoch 1:/],
      [wild, 5, 1, "lab", /^cost became NaN at epoch 1:/],
      [wild, 5, 2, "lab", /^the weight of feature 1 became NaN at epoch 1:/],
    ];
    for (const [rows, lr, logEvery, loss, message] of cases) {
      const options = { epochs: 50, lr, logEvery, loss };
      const fused = thrown(() => train(rows, options, undefined));
      expect(fused).toMatch(message);
      expect(fused).toBe(thrown(() => train(rows, options, rows)));
    }
  });
});

describe("small sets: the kernel's register-held runs of epochs", () => {
  // Up to 64 rows of up to 4 columns ("bce") run in the kernel's
  // narrow_epochs, everything an epoch hands the next in registers and a
  // logged epoch's cost worked out during the next; the sizes past either
  // bound run the blocks' pass. Values of ±1e20 make logits past float32's
  // range (NaN), so runs diverge too, on a cost or on a weight.
  const sets = fc.record({
    rows: fc.integer({ min: 1, max: 67 }),
    cols: fc.integer({ min: 1, max: 5 }),
    values: fc.array(
      fc.oneof(
        fc.float({ min: -4, max: 4, noNaN: true }),
        fc.constantFrom(0, -0, 1e20, -1e20),
      ),
      { minLength: 67 * 5, maxLength: 67 * 5 },
    ),
    labels: fc.array(fc.constantFrom(0, 1), {
      minLength: 67,
      maxLength: 67,
    }),
    epochs: fc.integer({ min: 1, max: 60 }),
    lr: fc.constantFrom(0.1, 1, 5, 1e4),
    logEvery: fc.integer({ min: 1, max: 5 }),
    loss: fc.constantFrom<Loss>("bce", "bce", "lab"),
  });

  it("give the epoch-by-epoch numbers, or diverge where it does, bit for bit", () => {
    let diverged = 0;
    fc.assert(
      fc.property(sets, (t) => {
        const { rows, cols, epochs, lr, logEvery, loss } = t;
        const data: Dataset = {
          x: Float32Array.from(t.values.slice(0, rows * cols)),
          y: Float32Array.from(t.labels.slice(0, rows)),
          rows,
          cols,
        };
        const options = { epochs, lr, logEvery, loss };
        let fused: unknown;
        const fusedError = thrown(
          () => (fused = train(data, options, undefined)),
        );
        let byEpoch: unknown;
        const byEpochError = thrown(
          () => (byEpoch = train(data, options, data)),
        );
        expect(fusedError).toBe(byEpochError);
        if (fusedError !== "") diverged++;
        else expect(fused).toEqual(byEpoch);
      }),
      { numRuns: 400, seed: 16 },
    );
    // The runs tried both endings.
    expect(diverged).toBeGreaterThan(20);
    expect(diverged).toBeLessThan(380);
  });
});

describe("options that need a step of their own keep the epoch-by-epoch path", () => {
  const sgd = { kind: "sgd", momentum: 0, nesterov: false } as const;
  const cases: {
    name: string;
    options: Partial<FitOptions>;
    weighted?: boolean;
  }[] = [
    {
      name: "momentum",
      options: {
        optimizer: { ...sgd, momentum: 0.9, weightDecay: 0 },
      },
    },
    {
      name: "weight decay",
      options: { optimizer: { ...sgd, weightDecay: 0.1 } },
    },
    { name: "an l2 penalty", options: { l2: 0.05 } },
    { name: "an l1 penalty", options: { l1: 0.01 } },
    { name: "mini-batches", options: { batchSize: 64, seed: 3 } },
    { name: "sample weights", options: {}, weighted: true },
  ];
  for (const { name, options, weighted } of cases) {
    it(`${name}: its own numbers, not the plain step's`, () => {
      const rows = diabetes();
      const all = { epochs: 40, lr: 0.5, logEvery: 4, ...options };
      const weights = weighted
        ? sampleWeights(new Float32Array(rows.rows), rows.y, [1, 3])
        : null;
      const run = (heldOut: Dataset | undefined) =>
        train(rows, all, heldOut, Infinity, 1, weights);
      const result = run(undefined);
      expect(result).toEqual(run(rows));
      const base = { epochs: 40, lr: 0.5, logEvery: 4 };
      expect(result.params).not.toEqual(train(rows, base, undefined).params);
    });
  }

  it("softmax (K outputs): the epoch-by-epoch path", () => {
    const rows = zoo();
    const options = { epochs: 30, lr: 0.1, logEvery: 3 };
    const result = train(rows, options, undefined, Infinity, 7);
    expect(result).toEqual(train(rows, options, rows, Infinity, 7));
  });
});
