/**
 * The last pass of a training: its final weights measured over its rows, a
 * block of rows at a time (a request's one block, or a dataset's shards a
 * group per step), for the metrics, the score curves and the warnings that
 * finish-fit.ts turns into the model.
 *
 * Exact metrics over all rows: with one output, the ROC AUC and the score
 * curve need every row's score sorted, so the pass keeps each row's
 * probability (float32) and label (one byte): 5 bytes a row, training and
 * validation rows alike. That is the exact method, and its bound:
 * `EXACT_SCORE_ROWS` rows a set. Past it (a job's sets), the pass keeps a
 * set's score summary instead (score-summary.ts): a histogram of the
 * scores in 2,080,776 bytes and the exact sums, whatever the rows; the
 * ROC AUC then comes with the bound of its error. With K outputs it keeps
 * what `metricsOf` reads, a K × K confusion matrix and the summed
 * cross-entropy, whatever the rows.
 * The warnings' sums (training-end.ts) are O(K·d). Everything a pass holds
 * is plain data: a job stores it between steps.
 *
 * One set's measures (`rowMeasures`) serve alone too: a prediction job
 * measures its labelled rows with them, adding the predictions it wrote
 * (`measureRows` with `out`), and finishes them as a training finishes a set.
 */
import type { Dataset } from "./dataset";
import type { FitBlock } from "./fit-state";
import {
  predictInto,
  predictProbabilities,
  type Prediction,
} from "./linear-model";
import { addToSummary, scoreSummary, type ScoreSummary } from "./score-summary";
import { softmaxLabelsAndCostSum } from "./softmax";
import {
  addTrainingEnd,
  trainingEndSums,
  type TrainingEndSums,
} from "./training-end-sums";
import type { LinearWeights } from "./weights";

/**
 * Bytes a row of one output may cost at the end of a training, worst case
 * (every score distinct, every vertex a bend of the ROC curve), counted
 * from the allocations (not measured): 5 held (its float32 probability and
 * its label); while scoreCurve sorts, 48 more (float64 copies of all
 * scores and of the positives', the curve's float64 thresholds and two
 * uint32 counts, then their trimmed copies); then, with the curve's 16
 * held, rocCurve's kept indices and three float64 arrays (32) and their
 * JSON arrays (three of 8-byte slots and boxed numbers, about 72): 125,
 * rounded up to 128.
 */
export const EXACT_SCORE_BYTES_PER_ROW = 128;

/**
 * The most rows of one set (training or validation: they are finished one
 * after the other) whose exact metrics a Worker finishes in 128 MB,
 * leaving 32 MB for the rest of the isolate: 96 MiB / 128 bytes, 786,432
 * rows. Past it, `finalPass` keeps the set's score summary instead.
 */
export const EXACT_SCORE_ROWS = Math.floor(
  (96 * 2 ** 20) / EXACT_SCORE_BYTES_PER_ROW,
);

/** What a pass keeps of one set of rows (training or validation). */
export interface RowMeasures {
  /** Rows added so far. */
  rows: number;
  /** One output: each row's probability, in the order added; else null. */
  readonly probabilities: Float32Array | null;
  /** One output: each row's label 0/1; else null. */
  readonly labels: Uint8Array | null;
  /** K outputs: [a][p] rows of class a labelled p; else null. */
  readonly confusion: number[][] | null;
  /** K outputs: Σ of the rows' cross-entropy. */
  cost: number;
  /**
   * One output past the exact bound: the set's sums and score bins
   * (probabilities and labels are then null); else null.
   */
  readonly summary: ScoreSummary | null;
}

/** A final pass under way. */
export interface FinalPass {
  readonly outputs: number;
  readonly training: RowMeasures;
  /** Null without validation rows. */
  readonly validation: RowMeasures | null;
  /** The warnings' sums over the training rows. */
  readonly end: TrainingEndSums;
}

/**
 * An empty pass for a model of `outputs` outputs over `cols` features, with
 * room for `trainingRows` and `validationRows` rows (0: none held out),
 * each set's measures chosen by `rowMeasures` at `threshold`, the model's
 * (finish-fit.ts checks that it is), and `exactRows`.
 */
export function finalPass(
  outputs: number,
  cols: number,
  trainingRows: number,
  validationRows: number,
  threshold = 0.5,
  exactRows = EXACT_SCORE_ROWS,
): FinalPass {
  const set = (rows: number) =>
    rowMeasures(outputs, rows, threshold, exactRows);
  return {
    outputs,
    training: set(trainingRows),
    validation: validationRows === 0 ? null : set(validationRows),
    end: trainingEndSums(outputs, cols),
  };
}

/**
 * The empty measures of one set of up to `rows` rows of a model of
 * `outputs` outputs, for finish-fit.ts's `measures`: with one output, a
 * set of at most `exactRows` rows keeps each row's score for the exact
 * metrics (5 bytes a row), a larger one a score summary at `threshold`
 * (score-summary.ts, its size fixed); with K outputs the K × K confusion
 * counts and the summed cross-entropy. Rows come by `measureRows` or
 * `addPredicted`.
 */
export function rowMeasures(
  outputs: number,
  rows: number,
  threshold = 0.5,
  exactRows = EXACT_SCORE_ROWS,
): RowMeasures {
  const one = outputs === 1;
  if (one && rows > exactRows) {
    return {
      rows: 0,
      probabilities: null,
      labels: null,
      confusion: null,
      cost: 0,
      summary: scoreSummary(threshold),
    };
  }
  return {
    rows: 0,
    probabilities: one ? new Float32Array(rows) : null,
    labels: one ? new Uint8Array(rows) : null,
    confusion: one
      ? null
      : Array.from({ length: outputs }, () =>
          new Array<number>(outputs).fill(0),
        ),
    cost: 0,
    summary: null,
  };
}

/**
 * Adds rows to `pass`, at the final `weights` (original units): `training`
 * (raw rows with their sample weights), then `validation` when given; each
 * set's rows in the order of the rows trained on.
 *
 * @throws RangeError when more rows come than the pass has room for
 */
export function addFinalRows(
  pass: FinalPass,
  weights: LinearWeights,
  training: FitBlock | null,
  validation?: Dataset,
): void {
  if (training !== null) {
    const { data } = training;
    const probabilities = measureRows(pass.training, data, weights, "training");
    const sampleWeights = training.weights ?? undefined;
    addTrainingEnd(pass.end, data, weights, sampleWeights, probabilities);
  }
  if (validation === undefined) return;
  if (pass.validation === null) {
    throw new RangeError("validation rows for a pass without room for them");
  }
  measureRows(pass.validation, validation, weights, "validation");
}

/**
 * What a caller predicted of a block of rows, as `addPredicted` takes it:
 * with one output each row's probability h (float32, `predictProbabilities`'s);
 * with K outputs each row's arg-max class and Σ of the rows' cross-entropy
 * (`softmaxLabelsAndCostSum`'s, from the float64 logits).
 */
export type PredictedRows =
  | { readonly probabilities: Float32Array }
  | { readonly labels: Uint32Array; readonly cost: number };

/**
 * Adds a block of rows to `into`: their labels `y` (0/1 with one output,
 * 0..K−1 with K) and what was `predicted` of them, in the order added. The
 * one way rows enter a set's measures: `measureRows` predicts then adds,
 * and a prediction job adds what it predicted for its output, so no row is
 * predicted twice. Each block is added once: a job keeps `into` in its
 * checkpoint, so a retried step starts from the measures before it.
 *
 * @throws RangeError when more rows come than `into` has room for, naming
 *   them `what`
 * @throws TypeError when `predicted` is not of `into`'s kind of model
 */
export function addPredicted(
  into: RowMeasures,
  y: ArrayLike<number>,
  predicted: PredictedRows,
  what = "labelled",
): void {
  const rows = y.length;
  const at = into.rows;
  const { probabilities, labels, confusion, summary } = into;
  const room = probabilities?.length ?? Infinity;
  if (at + rows > room) {
    throw new RangeError(
      `${at + rows} ${what} rows for a final pass with room for ${room}`,
    );
  }
  if ("probabilities" in predicted) {
    const block = predicted.probabilities;
    if (summary !== null) addToSummary(summary, block, y);
    else if (probabilities !== null && labels !== null) {
      // A no-op copy when `measureRows` predicted into `probabilities`.
      probabilities.set(block, at);
      labels.set(y, at);
    } else throw new TypeError("probabilities of one output for K outputs");
  } else {
    if (confusion === null) {
      throw new TypeError("classes of K outputs for a model of one output");
    }
    const { labels: classes } = predicted;
    for (let i = 0; i < rows; i++) confusion[y[i]][classes[i]]++;
    into.cost += predicted.cost;
  }
  into.rows += rows;
}

/**
 * Predicts the rows of `data` at `weights` and adds them to `into`
 * (`addPredicted`); returns their probabilities with one output. With
 * `out` (arrays of exactly `data.rows` × P probabilities and `data.rows`
 * labels), it also leaves there the rows' prediction as `predictInto` makes
 * it at `threshold`, for a caller that writes it: a prediction job's output.
 *
 * @throws RangeError when more rows come than `into` has room for
 */
export function measureRows(
  into: RowMeasures,
  data: Dataset,
  weights: LinearWeights,
  what: string,
  out?: Prediction,
  threshold?: number,
): Float32Array | undefined {
  const { x, y, rows, cols } = data;
  if (weights.b.length === 1) {
    const { probabilities: held, rows: at } = into;
    // Predicted where the exact path keeps them, so added with no copy.
    const block =
      out?.probabilities ??
      (held !== null && at + rows <= held.length
        ? held.subarray(at, at + rows)
        : new Float32Array(rows));
    if (out === undefined) predictProbabilities(block, x, rows, cols, weights);
    else predictInto(out, weights, x, rows, cols, threshold);
    addPredicted(into, y, { probabilities: block }, what);
    return block;
  }
  const labels = out?.labels ?? new Uint32Array(rows);
  const probabilities = out?.probabilities;
  const cost = softmaxLabelsAndCostSum(labels, data, weights, probabilities);
  addPredicted(into, y, { labels, cost }, what);
  return undefined;
}
