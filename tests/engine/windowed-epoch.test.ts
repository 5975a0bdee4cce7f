/**
 * Rows over the kernel's share of its memory bound go through a window
 * (src/engine/windowed-epoch.ts) instead of a whole copy: the trainings,
 * gradient sums and held-out totals are the held path's to the bit, and
 * a full-batch training request never grows the kernel's memory past the
 * bound (mini-batches, which hold their rows whole, let it go at the end).
 *
 * The bound is lowered with kernel.ts's test hook (`setKernelMemoryBound`)
 * so that small data takes the windowed path, in windows of 64 and of 128
 * rows; the reference is the same work under the service's bound, which
 * holds those rows whole (kernel-rows.ts), checked by `heldRowsIfLoaded`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { historyLogs } from "../../src/engine/epoch-history";
import type { Dataset } from "../../src/engine/dataset";
import { fitModel } from "../../src/engine/fit-model";
import type { ModelOptions } from "../../src/engine/model-options";
import { loggedGradientSums } from "../../src/engine/gradient";
import type { EpochTotals } from "../../src/engine/kernel-layout";
import {
  epochKernel,
  KERNEL_MEMORY_BOUND,
  kernelMemoryBytes,
  releaseKernelMemory,
  setKernelMemoryBound,
} from "../../src/engine/kernel";
import {
  heldRowsIfLoaded,
  holdsWhole,
  windowRows,
} from "../../src/engine/kernel-rows";
import type { Loss } from "../../src/engine/logistic";
import { trainLinear } from "../../src/engine/train";
import { TrainingDivergedError } from "../../src/errors";
import { readOptimizer } from "../../src/input/extended-options";
import { LAB_OPTIONS } from "../fixtures/lab05";
import { generator } from "./seeded";
import { differences } from "./same-bits";

afterEach(() => {
  setKernelMemoryBound();
  releaseKernelMemory(0);
});

/** `rows` × `cols` values in [-2, 2), labels from a noisy linear rule. */
function synthetic(rows: number, cols: number, seed: number): Dataset {
  const next = generator(seed);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = 0.3;
    for (let j = 0; j < cols; j++) {
      x[i * cols + j] = 4 * next() - 2;
      z += x[i * cols + j] * (j % 2 ? -0.7 : 0.5);
    }
    y[i] = z + next() - 0.5 > 0 ? 1 : 0;
  }
  return { x, y, rows, cols };
}

/** The same values in a new Dataset, which no kernel holds. */
function copyOf(data: Dataset): Dataset {
  return { ...data, x: data.x.slice(), y: data.y.slice() };
}

/**
 * What a training gives (history, weights, validation history), or the
 * message it diverges with.
 */
function trained(
  data: Dataset,
  loss: Loss,
  lr: number,
  logEvery: number,
  validation?: Dataset,
): unknown {
  try {
    const fit = trainLinear(data, {
      epochs: 30,
      lr,
      logEvery,
      loss,
      validation,
      initial: { w: new Float32Array(data.cols), b: new Float32Array(1) },
    });
    return {
      history: historyLogs(fit.history),
      w: Array.from(fit.weights.w),
      b: Array.from(fit.weights.b),
    };
  } catch (error) {
    if (error instanceof TrainingDivergedError) return error.message;
    throw error;
  }
}

/** Runs `work` on `data` held whole, then on a copy under `bound`, windowed. */
function heldAndWindowed<T>(
  data: Dataset,
  bound: number,
  work: (data: Dataset) => T,
): { held: T; windowed: T } {
  releaseKernelMemory(0);
  const held = work(data);
  expect(heldRowsIfLoaded(data)).not.toBeNull();
  setKernelMemoryBound(bound);
  const copy = copyOf(data);
  expect(holdsWhole(copy.rows, copy.cols)).toBe(false);
  const windowed = work(copy);
  expect(heldRowsIfLoaded(copy)).toBeNull();
  setKernelMemoryBound();
  return { held, windowed };
}

// 32 KiB: windows of 64 rows of 5 values; 320 KiB: of 128 rows.
const cases = [
  { name: "windows of 64 rows", rows: 1001, bound: 32 * 1024, window: 64 },
  { name: "windows of 128 rows", rows: 15_001, bound: 320 * 1024, window: 128 },
];

describe.each(cases)("a pass in $name", ({ rows, bound, window }) => {
  const data = synthetic(rows, 5, rows);

  it("takes windows of a multiple of the kernel's 64-row block", () => {
    setKernelMemoryBound(bound);
    expect(windowRows(5)).toBe(window);
    expect(rows % window).not.toBe(0);
  });

  it.each(["bce", "lab"] as const)(
    "trains (%s) as the held rows do, to the bit",
    (loss) => {
      for (const logEvery of [1, 7]) {
        const { held, windowed } = heldAndWindowed(data, bound, (d) =>
          trained(d, loss, 0.5, logEvery),
        );
        expect(typeof held).toBe("object");
        expect(windowed).toEqual(held);
        const h = held as { w: number[]; b: number[] };
        const w = windowed as { w: number[]; b: number[] };
        expect(differences(w.w, h.w)).toEqual([]);
        expect(differences(w.b, h.b)).toEqual([]);
      }
    },
  );

  it("trains a softmax, and with sample weights, as the held rows do, to the bit", () => {
    // Their full-batch passes copy 4096 rows a call (softmax-kernel.ts,
    // batch-gradient.ts) where they would hold the rows whole.
    const three = copyOf(data);
    for (let i = 0; i < rows; i++) three.y[i] = (i * 7) % 3;
    const weights = Float32Array.from({ length: rows }, (_, i) => 1 + (i % 3));
    const runs: [Dataset, number, Float32Array | undefined][] = [
      [three, 3, undefined],
      [data, 1, weights],
    ];
    for (const [rowsOf, outputs, sampleWeights] of runs) {
      const { held, windowed } = heldAndWindowed(rowsOf, bound, (d) => {
        const fit = trainLinear(d, {
          epochs: 12,
          lr: 0.5,
          logEvery: 1,
          loss: "bce",
          sampleWeights,
          initial: {
            w: new Float32Array(outputs * d.cols),
            b: new Float32Array(outputs),
          },
        });
        return [
          ...historyLogs(fit.history).flatMap((e) => [e.cost, e.accuracy]),
          ...fit.weights.w,
          ...fit.weights.b,
        ];
      });
      expect(differences(windowed, held)).toEqual([]);
    }
  });

  it("measures held-out rows as the held path does, to the bit", () => {
    // With held-out rows the loop runs an epoch a call, and each logged
    // epoch measures them (gradient.ts's `heldOutTotals`).
    const heldOut = synthetic(rows - 2, 5, rows + 1);
    const { held, windowed } = heldAndWindowed(data, bound, (d) =>
      trained(d, "bce", 0.5, 3, copyOf(heldOut)),
    );
    expect(JSON.stringify(windowed)).toBe(JSON.stringify(held));
  });

  it("gives the held path's gradient sums and totals, to the bit", () => {
    const w = Float32Array.of(0.25, -1.5, 0.75, 2, -0.125);
    const { held, windowed } = heldAndWindowed(data, bound, (d) => {
      const sums = new Float64Array(6);
      const totals: EpochTotals = { cost: 0, correct: 0 };
      loggedGradientSums(sums, totals, d, w, -0.5, "bce");
      return [...sums, totals.cost, totals.correct];
    });
    expect(differences(windowed, held)).toEqual([]);
    expect(held[6]).toBeGreaterThan(0);
  });

  it("stops at the same epoch, on the same number, as the held path when training diverges", () => {
    // Values near 1e19: after epoch 0's step, the weights are near 1e19
    // too, and a row's float32 products overflow to +inf and -inf, whose
    // sum is NaN (as plain-epochs.test.ts's "wild" rows).
    const wild = copyOf(data);
    for (let i = 0; i < wild.x.length; i++) wild.x[i] *= 1e19;
    const cases: [Dataset, Loss, number, number, RegExp][] = [
      [data, "bce", 1e300, 1, /became -?Infinity at epoch 0:/],
      [data, "bce", 1e300, 3, /became -?Infinity at epoch 0:/],
      [wild, "lab", 5, 1, /^cost became NaN at epoch 1:/],
      [wild, "lab", 5, 2, /weight of feature \d became NaN at epoch 1:/],
    ];
    for (const [rows, loss, lr, logEvery, message] of cases) {
      const { held, windowed } = heldAndWindowed(rows, bound, (d) =>
        trained(d, loss, lr, logEvery),
      );
      expect(held).toEqual(expect.stringMatching(message));
      expect(windowed).toBe(held);
    }
  });
});

describe("the kernel's memory under windowed rows", () => {
  it("holds 100,000×32 whole under the service's bound, windows 1,000,000×16", () => {
    expect(holdsWhole(100_000, 32)).toBe(true);
    expect(holdsWhole(1_000_000, 16)).toBe(false);
    // 128 KiB windows: 2048 rows of 16 float32.
    expect(windowRows(16)).toBe(2048);
  });

  // Adam with torch's defaults, as a request's {"adam": {}} reads.
  const adam = readOptimizer({ adam: {} }, false);
  const requests: [string, number, number, Partial<ModelOptions>][] = [
    ["plain, 8 features", 100_000, 8, {}],
    // Its passes after the training copy 128 rows a call, not 4096.
    ["plain, 200 features", 2000, 200, {}],
    [
      "standardized, held out, early stopping, adam",
      100_000,
      8,
      {
        standardize: true,
        validation: { fraction: 0.2, seed: 3 },
        earlyStopping: { patience: 2, minDelta: 1e-4 },
        optimizer: adam,
      },
    ],
    ["class weights", 100_000, 8, { classWeights: "balanced" }],
    ["softmax, 3 classes", 100_000, 8, { classes: 3 }],
  ];

  it("grows past the bound for mini-batches, which hold their rows whole, and lets it go when the request is done", () => {
    const bound = 2 ** 20;
    setKernelMemoryBound(bound);
    releaseKernelMemory(0);
    const kernel = epochKernel();
    const fit = fitModel(
      synthetic(100_000, 8, 3),
      { ...LAB_OPTIONS, epochs: 1, lr: 0.05, logEvery: 1, batchSize: 64 },
      { init: "zeros" },
    );
    expect(fit.history[1].cost).toBeLessThan(fit.history[0].cost);
    // The batches read the 3.2 MB of rows held whole (kernel.ts says why)...
    expect(kernel.memory.buffer.byteLength).toBeGreaterThan(bound);
    // ...and fit-model.ts dropped that kernel and its memory at the end.
    expect(epochKernel()).not.toBe(kernel);
    expect(kernelMemoryBytes()).toBeLessThanOrEqual(bound);
  });

  it.each(requests)(
    "never grows past the bound in a training request over it: %s",
    (_, rows, cols, options) => {
      // 1 MiB: 3.2 MB of rows of 8 features, 1.6 MB of 200.
      const bound = 2 ** 20;
      setKernelMemoryBound(bound);
      releaseKernelMemory(0);
      const kernel = epochKernel();
      const data = synthetic(rows, cols, 3);
      if (options.classes === 3) {
        for (let i = 0; i < rows; i++)
          data.y[i] += data.x[i * cols] > 1 ? 1 : 0;
      }
      const fit = fitModel(
        data,
        { ...LAB_OPTIONS, epochs: 4, lr: 0.05, logEvery: 1, ...options },
        { init: "zeros" },
      );
      expect(fit.history).toHaveLength(5);
      expect(fit.history[4].cost).toBeLessThan(fit.history[0].cost);
      // A WebAssembly memory only grows, and this is the kernel the request
      // ran in from its start: no release dropped it on the way.
      expect(epochKernel()).toBe(kernel);
      expect(kernel.memory.buffer.byteLength).toBeLessThanOrEqual(bound);
      expect(KERNEL_MEMORY_BOUND).toBe(16 * 2 ** 20);
    },
  );
});
