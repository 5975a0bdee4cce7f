/**
 * The limits of predictions and evaluations (limits.ts holds their values):
 * the numbers an answer holds and the work of running a model over rows.
 */
import { LimitError } from "../errors";
import type { Limits } from "./limits";

/** What a prediction asks for, as its limits weigh it. */
export interface PredictionShape {
  readonly rows: number;
  readonly features: number;
  /** 1 for a two-class model, K for a softmax model of K classes. */
  readonly outputs: number;
  readonly explain: boolean;
  /** Whether the answer is streamed (CSV, NDJSON) or one JSON document. */
  readonly streamed: boolean;
}

/**
 * How many numbers the JSON answer of a prediction holds per row
 * (reports/prediction.ts): h and the label for two classes, K probabilities
 * and the label for K; with explain, the explanation's bias, one
 * contribution per feature and the logit, and with K classes its class.
 */
export function valuesPerRow(
  features: number,
  outputs: number,
  explain: boolean,
): number {
  const explanation = explain ? features + (outputs === 1 ? 2 : 3) : 0;
  return outputs + 1 + explanation;
}

/**
 * Refuses a prediction whose work or answer is over the limits, saying what
 * was asked, what fits and what to do instead: a streamed answer, fewer rows
 * a request, or no explanations.
 */
export function checkPrediction(limits: Limits, shape: PredictionShape): void {
  const { rows, features, outputs, explain, streamed } = shape;
  checkModelWork(limits, "predicting", rows, features, outputs);
  const perRow = valuesPerRow(features, outputs, explain);
  const values = rows * perRow;
  const max = streamed ? limits.maxStreamedValues : limits.maxPredictionValues;
  if (values <= max) return;
  const ways: string[] = [];
  if (!streamed && values <= limits.maxStreamedValues) {
    ways.push(
      "ask for a streamed answer with Accept: text/csv or application/x-ndjson",
    );
  }
  const fit = Math.floor(max / perRow);
  if (fit > 0) ways.push(`send at most ${rowCount(fit)} a request`);
  if (explain && rows * valuesPerRow(features, outputs, false) <= max) {
    ways.push("drop explain");
  }
  const probabilities =
    outputs === 1 ? "a probability" : `${outputs} probabilities`;
  const parts = explain
    ? `${probabilities}, a label and an explanation of ${perRow - outputs - 1}`
    : `${probabilities} and a label`;
  throw new LimitError(
    `the ${streamed ? "streamed" : "JSON"} answer would hold ${values} numbers ` +
      `(${rowCount(rows)} × ${perRow}: ${parts}), over its limit of ${max}: ` +
      (ways.length > 0 ? ways.join(", or ") : "not one row fits"),
  );
}

/**
 * Refuses an evaluation whose work, rows × cols × outputs, is over the
 * budget, saying by how much and how many rows would fit.
 */
export function checkEvaluation(
  limits: Limits,
  rows: number,
  cols: number,
  outputs: number,
): void {
  checkModelWork(limits, "evaluating", rows, cols, outputs);
}

/** `checkEvaluation`'s check, for `verb` (evaluating or predicting). */
function checkModelWork(
  limits: Limits,
  verb: string,
  rows: number,
  cols: number,
  outputs: number,
): void {
  const max = limits.maxEvaluationWork;
  const work = rows * cols * outputs;
  if (work <= max) return;
  const classes = outputs === 1 ? "" : ` × classes ${outputs}`;
  const fit = Math.floor(max / (cols * outputs));
  throw new LimitError(
    `${verb} needs ${work} multiply-adds (rows ${rows} × features ${cols}${classes}), ` +
      `${(work / max).toFixed(1)}× the budget of ${max}: ` +
      (fit > 0
        ? `send at most ${rowCount(fit)} a request`
        : "not one row fits"),
  );
}

/** "1 row", "2 rows". */
function rowCount(rows: number): string {
  return `${rows} ${rows === 1 ? "row" : "rows"}`;
}
