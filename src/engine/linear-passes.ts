/**
 * The passes over the rows that training runs, one class for each kind of
 * output (linear-model.ts picks one): the fused kernels of gradient.ts and
 * batch-gradient.ts for the lab's sigmoid, softmax.ts's for K outputs.
 * Classes, not closures: a call site that sees one class calls its method
 * directly, and the loop calls them every epoch.
 */
import { batchGradientSums, costTotals } from "./batch-gradient";
import type { Dataset } from "./dataset";
import {
  gradientSums,
  heldOutTotals,
  loggedGradientSums,
  plainSgdEpochs,
} from "./gradient";
import type { EpochTotals } from "./kernel-layout";
import type { Loss } from "./logistic";
import { softmaxPass } from "./softmax";

/**
 * The passes over rows that training needs, for parameters `params` laid out
 * as [W, b]; each reads `params` as it is when called.
 */
export interface LinearPasses {
  /**
   * The whole of `data` in row order, unweighted: the gradient sums into
   * `sums` (divide by the rows) and, with `totals`, the summed cost and the
   * rows labelled right.
   */
  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset): void;
  /**
   * The gradient sums of the rows `order[start..end)` (start..end when
   * `order` is null), each times its weight in `weights` (1 when null).
   */
  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ): void;
  /**
   * Σ_i s_i·cost_i over all of `data`, and the rows labelled right; with
   * `weights` null, the unweighted sums a held-out set is measured by.
   */
  totals(
    totals: EpochTotals,
    data: Dataset,
    weights: Float32Array | null,
  ): void;
  /**
   * Present when the model can run full-batch epochs of the lab's plain
   * step p −= (lr/rows)·Σ over all of `data`, unweighted, `count` in one
   * call from epoch `first`, updating the parameters: gradient.ts's
   * `plainSgdEpochs`, which says what goes into `logs` (the cost and rows
   * right of each epoch e with e % logEvery = 0) and what it returns (the
   * epochs stepped with finite parameters).
   */
  plainEpochs?(
    logs: Float64Array,
    data: Dataset,
    lr: number,
    first: number,
    count: number,
    logEvery: number,
  ): number;
}

/**
 * The lab's model: one output, h = sigmoid(x·w + b), under `loss`. The
 * kernels read the weights w_1..w_d as the first `cols` entries of the
 * array they are given, so `params` ([w, b]) serves as w without a view.
 */
export class SigmoidPasses implements LinearPasses {
  constructor(
    private readonly params: Float32Array,
    private readonly cols: number,
    private readonly loss: Loss,
  ) {}

  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset) {
    const { params, loss } = this;
    const b = params[this.cols];
    if (totals === null) gradientSums(sums, data, params, b, loss);
    else loggedGradientSums(sums, totals, data, params, b, loss);
  }

  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ) {
    const { params, loss } = this;
    const b = params[this.cols];
    batchGradientSums(sums, data, order, start, end, params, b, loss, weights);
  }

  plainEpochs(
    logs: Float64Array,
    data: Dataset,
    lr: number,
    first: number,
    count: number,
    logEvery: number,
  ) {
    const { params, loss } = this;
    return plainSgdEpochs(params, logs, data, lr, loss, first, count, logEvery);
  }

  totals(totals: EpochTotals, data: Dataset, weights: Float32Array | null) {
    const { params, loss } = this;
    const b = params[this.cols];
    // Unweighted (held-out rows, or the training rows of mini-batches):
    // the float32 epoch's totals, so a held-out cost compares with the
    // training cost an epoch logs; with sample weights, batch-gradient.ts's
    // float64 pass.
    if (weights === null) heldOutTotals(totals, data, params, b, loss);
    else costTotals(totals, data, params, b, loss, weights);
  }
}

/** A softmax over K outputs, minimising the cross-entropy. */
export class SoftmaxPasses implements LinearPasses {
  private readonly w: Float32Array;
  private readonly b: Float32Array;

  constructor(params: Float32Array, outputs: number, cols: number) {
    const split = outputs * cols;
    this.w = params.subarray(0, split);
    this.b = params.subarray(split);
  }

  gradient(sums: Float64Array, totals: EpochTotals | null, data: Dataset) {
    softmaxPass(sums, totals, data, this.w, this.b, null, 0, data.rows, null);
  }

  batchGradient(
    sums: Float64Array,
    data: Dataset,
    order: Uint32Array | null,
    start: number,
    end: number,
    weights: Float32Array | null,
  ) {
    const { w, b } = this;
    softmaxPass(sums, null, data, w, b, order, start, end, weights);
  }

  totals(totals: EpochTotals, data: Dataset, weights: Float32Array | null) {
    const { w, b } = this;
    softmaxPass(null, totals, data, w, b, null, 0, data.rows, weights);
  }
}
