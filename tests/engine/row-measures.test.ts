/**
 * One set's measures (final-pass.ts's `rowMeasures`, `measureRows`,
 * `addPredicted`; finish-fit.ts's `measures`) as a training's final pass
 * and a prediction job fill them: rows predicted then added in one block,
 * or predicted by the caller and added a block at a time with the
 * measures packed and cloned between blocks (a job's checkpoint), give
 * `/evaluate`'s metrics (`metricsOf`) on the lab's diabetes rows, on the
 * score-summary path and with seven classes; what `measureRows` leaves in
 * `out` is `predict`'s answer to the bit; and rows past the room, or of the
 * other kind of model, are refused with nothing added.
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/engine/dataset";
import {
  addPredicted,
  measureRows,
  rowMeasures,
  type RowMeasures,
} from "../../src/engine/final-pass";
import {
  packRowMeasures,
  unpackRowMeasures,
} from "../../src/engine/final-pass-codec";
import { fitModel } from "../../src/engine/fit-model";
import { measures } from "../../src/engine/finish-fit";
import {
  metricsOf,
  predict,
  type Prediction,
} from "../../src/engine/linear-model";
import type { BinaryMetrics } from "../../src/engine/metrics";
import type { MulticlassMetrics } from "../../src/engine/multiclass-metrics";
import { softmaxLabelsAndCostSum } from "../../src/engine/softmax";
import type { LinearWeights } from "../../src/engine/weights";
import {
  DIABETES_ACCURACY,
  LAB_OPTIONS as LAB,
  diabetesDataset,
} from "../fixtures/lab05";
import { zoo } from "../fixtures/options";

const diabetes = diabetesDataset();
const lab = fitModel(diabetes, LAB, { init: "zeros" });

/** Rows [from, to) of `data`. */
function rowsOf(data: Dataset, from: number, to: number): Dataset {
  const { x, y, cols } = data;
  return {
    x: x.subarray(from * cols, to * cols),
    y: y.subarray(from, to),
    rows: to - from,
    cols,
  };
}

/**
 * `into` filled as a prediction job fills it: blocks of `size` rows, each
 * predicted by `measureRows` into an `out` the caller keeps (for its
 * lines), the measures packed and structured-cloned between blocks.
 */
function byBlocks(
  into: RowMeasures,
  data: Dataset,
  weights: LinearWeights,
  size: number,
): RowMeasures {
  let kept = into;
  const outputs = weights.b.length;
  for (let from = 0; from < data.rows; from += size) {
    const block = rowsOf(data, from, Math.min(data.rows, from + size));
    const out: Prediction = {
      probabilities: new Float32Array(block.rows * outputs),
      labels: new Uint32Array(block.rows),
    };
    measureRows(kept, block, weights, "labelled", out, 0.5);
    kept = unpackRowMeasures(structuredClone(packRowMeasures(kept)));
  }
  return kept;
}

describe("one set's measures of the lab's diabetes model", () => {
  const { weights } = lab;
  const evaluated = metricsOf(diabetes, weights, 0.5);

  it("gives /evaluate's metrics whole, by blocks, and by the caller's own probabilities", () => {
    const whole = rowMeasures(1, diabetes.rows);
    measureRows(whole, diabetes, weights, "training");
    const blocks = byBlocks(
      rowMeasures(1, diabetes.rows),
      diabetes,
      weights,
      200,
    );
    // A caller that predicted the rows itself adds its probabilities.
    const given = rowMeasures(1, diabetes.rows);
    const { probabilities } = predict(weights, diabetes.x, 759, 8);
    addPredicted(given, diabetes.y, { probabilities });
    for (const set of [whole, blocks, given]) {
      expect(set.rows).toBe(759);
      expect(measures(set, 0.5).metrics).toEqual(evaluated);
    }
    expect(evaluated.accuracy).toBe(DIABETES_ACCURACY);
    // The training's own final pass measured the same way.
    expect(lab.metrics).toEqual(evaluated);
  });

  it("past the exact bound keeps a summary: sums exact, the AUC within its bound", () => {
    const summed = byBlocks(
      rowMeasures(1, 759, 0.5, 0),
      diabetes,
      weights,
      200,
    );
    expect(summed.probabilities).toBeNull();
    expect(summed.summary).not.toBeNull();
    const { metrics } = measures(summed, 0.5);
    expect(metrics.accuracy).toBe(evaluated.accuracy);
    const { logLoss, rocAuc, rocAucError } = metrics as BinaryMetrics;
    const exact = evaluated as BinaryMetrics;
    expect(logLoss).toBeCloseTo(exact.logLoss, 12);
    expect(rocAucError).toBeGreaterThan(0);
    expect(Math.abs(rocAuc! - exact.rocAuc!)).toBeLessThanOrEqual(rocAucError!);
  });

  it("leaves predict's answer in out, to the bit", () => {
    const out: Prediction = {
      probabilities: new Float32Array(759),
      labels: new Uint32Array(759),
    };
    measureRows(rowMeasures(1, 759), diabetes, weights, "labelled", out, 0.4);
    expect(out).toEqual(predict(weights, diabetes.x, 759, 8, 0.4));
  });

  it("refuses rows past its room, or classes of K outputs, adding nothing", () => {
    const set = rowMeasures(1, 100);
    measureRows(set, rowsOf(diabetes, 0, 60), weights, "labelled");
    const before = structuredClone(set);
    expect(() =>
      measureRows(set, rowsOf(diabetes, 60, 120), weights, "labelled"),
    ).toThrow(
      new RangeError("120 labelled rows for a final pass with room for 100"),
    );
    expect(() =>
      addPredicted(set, [0], { labels: Uint32Array.of(0), cost: 1 }),
    ).toThrow(TypeError);
    expect(set).toEqual(before);
  });
});

describe("one set's measures of seven classes", () => {
  const data = zoo();
  // Fixed weights: the measures must be /evaluate's whatever they are.
  const weights: LinearWeights = {
    w: Float32Array.from({ length: 7 * 16 }, (_, i) => Math.sin(i + 1)),
    b: Float32Array.from({ length: 7 }, (_, k) => 0.1 * k),
  };

  it("gives /evaluate's metrics in one block, and its counts by blocks", () => {
    const evaluated = metricsOf(data, weights);
    const whole = rowMeasures(7, data.rows);
    measureRows(whole, data, weights, "training");
    expect(measures(whole, 0.5).metrics).toEqual(evaluated);
    const { cost, ...counted } = measures(
      byBlocks(rowMeasures(7, data.rows), data, weights, 32),
      0.5,
    ).metrics as MulticlassMetrics;
    const { cost: once, ...counts } = evaluated as MulticlassMetrics;
    expect(counted).toEqual(counts);
    expect(cost).toBeCloseTo(once, 12);
  });

  it("leaves predict's answer in out, to the bit, with the same summed cost", () => {
    const out: Prediction = {
      probabilities: new Float32Array(data.rows * 7),
      labels: new Uint32Array(data.rows),
    };
    const set = rowMeasures(7, data.rows);
    measureRows(set, data, weights, "labelled", out);
    expect(out).toEqual(predict(weights, data.x, data.rows, 16));
    const labels = new Uint32Array(data.rows);
    expect(set.cost).toBe(softmaxLabelsAndCostSum(labels, data, weights));
    expect(() =>
      addPredicted(set, [0], { probabilities: Float32Array.of(0.5) }),
    ).toThrow(TypeError);
  });
});
