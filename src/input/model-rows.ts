/**
 * Rows sent to a stored model, to predict or to evaluate it: read, then
 * checked against the model (its features, its classes, whether a threshold
 * applies) before any work, in the order a client meets the errors.
 */
import type { Dataset, FeatureRows } from "../engine/dataset";
import type { ClassValue } from "../engine/class-values";
import { outputsFor } from "../engine/weights";
import { FeatureMismatchError, OptionError } from "../errors";
import { readAnswerFormat, type AnswerFormat } from "./answer-format";
import { labelsOfModel } from "./class-index";
import {
  columnOrder,
  readFeatureNames,
  reorderColumns,
  type GivenNames,
} from "./feature-names";
import type { JsonMatrix } from "./json-data";
import { checkShape, type Limits } from "./limits";
import { checkEvaluation, checkPrediction } from "./prediction-limits";
import { readFlag, readThresholdQuery } from "./model-ref";
import { readFormRows } from "./named-rows";
import {
  readLabeled,
  readPredictionRows,
  readQueryRow,
  type InputWarnings,
} from "./request-body";
import { readEvaluationOptions } from "./train-options";

/** What the checks need to know of the model the rows are for. */
export interface RowsTarget {
  readonly name: string;
  readonly features: number;
  /** 2, or K ≥ 3 for a softmax model. */
  readonly classes: number;
  /** The class each index stands for. */
  readonly classValues: readonly ClassValue[];
  /** The two-class model's threshold; absent for many classes. */
  readonly threshold?: number;
  /** The features' names, when the model has them: rows may then be by name. */
  readonly featureNames?: readonly string[];
}

/** A validated prediction request. */
export interface PredictionRequest {
  readonly rows: JsonMatrix;
  /** The threshold to label at: the one asked for, else the model's. */
  readonly threshold?: number;
  readonly explain: boolean;
  /** The form of the answer, from the Accept header. */
  readonly format: AnswerFormat;
  /**
   * True when the rows came in one of MLflow's forms: its clients then read
   * `predictions` from the answer.
   */
  readonly mlflow: boolean;
  /** What `header=auto` decided about a CSV body, for the answer to say. */
  readonly warnings: InputWarnings;
}

/**
 * Reads a prediction for `model` whose rows are the body (JSON `{x}` or CSV
 * without labels), with `threshold` and `explain` from `query` and the form
 * of the answer from the Accept header, and checks it against `limits`
 * before any prediction is made.
 *
 * @throws OptionError for a bad threshold or flag, or a threshold given to
 *   a model of many classes
 * @throws NotAcceptableError for an Accept header that allows no answer
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws LimitError for an answer or work over the limits
 * @throws the body's errors (request-body.ts)
 */
export async function readPredictionBody(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  model: RowsTarget,
): Promise<PredictionRequest> {
  const format = readAnswerFormat(request.headers.get("accept"));
  const body = await readPredictionRows(request, limits, query);
  const { warnings } = body;
  if ("members" in body) {
    const { rows, form } = readFormRows(body.members, model, limits);
    const mlflow = form !== "records";
    return prediction(rows, query, format, limits, model, mlflow, warnings);
  }
  const rows = rowsByName(body.rows, body.names, model);
  return prediction(rows, query, format, limits, model, false, warnings);
}

/**
 * Reads a prediction for `model` of the one row `?x=1,2,...`, with
 * `threshold` and `explain` from the same `query` and the form of the
 * answer from `accept`.
 *
 * @throws as `readPredictionBody`, and DatasetError for a bad `x`
 */
export function readPredictionQuery(
  query: Record<string, string>,
  accept: string | null,
  limits: Limits,
  model: RowsTarget,
): PredictionRequest {
  const format = readAnswerFormat(accept);
  const row = readQueryRow(query.x);
  checkShape(limits, row.rows, row.cols);
  return prediction(row, query, format, limits, model, false, []);
}

/**
 * A prediction for `model` of `rows` read from a body of another form (an
 * Open Inference Protocol tensor): labelled at the model's threshold,
 * without explanations, answered as one JSON document, and checked as
 * `readPredictionBody` checks its rows.
 *
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws LimitError for an answer or work over the limits
 */
export function predictionOf(
  rows: JsonMatrix,
  limits: Limits,
  model: RowsTarget,
): PredictionRequest {
  checkShape(limits, rows.rows, rows.cols);
  return prediction(rows, {}, "json", limits, model, false, []);
}

/**
 * `rows` and the query's threshold and flag, checked against `model`, and
 * what answering them in `format` takes against `limits`.
 */
function prediction(
  rows: JsonMatrix,
  query: Record<string, string>,
  format: AnswerFormat,
  limits: Limits,
  model: RowsTarget,
  mlflow: boolean,
  warnings: InputWarnings,
): PredictionRequest {
  const threshold = readThresholdQuery(query.threshold);
  const explain = readFlag("explain", query.explain);
  checkFeatures(model, rows.cols);
  const labelAt = thresholdFor(model, threshold);
  checkPrediction(limits, {
    rows: rows.rows,
    features: rows.cols,
    outputs: outputsFor(model.classes),
    explain,
    streamed: format !== "json",
  });
  return { rows, threshold: labelAt, explain, format, mlflow, warnings };
}

/**
 * Positional `rows` whose columns a body named (`names`: a CSV header, JSON
 * `columns`), in the order of `model`'s features when it has names; a
 * model without names takes them by position, as before names existed.
 *
 * @throws DatasetError for names that are not one per column, or a
 *   feature missing from them, or a column that is not a feature
 */
function rowsByName(
  rows: FeatureRows,
  names: GivenNames | null,
  model: RowsTarget,
): FeatureRows {
  if (names === null) return rows;
  // JSON `columns` are checked whatever the model; a header, as before
  // names existed, only when the model matches columns by name.
  if (names.source === "columns") {
    readFeatureNames(names.raw, rows.cols, names.where);
  }
  const features = model.featureNames;
  if (features === undefined) return rows;
  const given = names.raw as readonly string[];
  const order = columnOrder(given, features, model.name, names.where);
  return reorderColumns(rows, order);
}

/** A validated evaluation request. */
export interface EvaluationRequest {
  readonly dataset: Dataset;
  /** The threshold to label at: the one asked for, else the model's. */
  readonly threshold?: number;
  /** What `header=auto` decided about a CSV body, for the answer to say. */
  readonly warnings: InputWarnings;
}

/**
 * Reads labelled rows to evaluate `model` on, in the forms training takes;
 * the one option is `threshold` (in the JSON body, or in `query` for CSV,
 * beside the CSV dialect options).
 *
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws DatasetError naming the first row whose label is not a class
 * @throws OptionError for a threshold given to a model of many classes
 * @throws LimitError for rows × features × classes over the work budget
 */
export async function readEvaluationRequest(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  model: RowsTarget,
): Promise<EvaluationRequest> {
  const { dataset, options, names, warnings } = await readLabeled(
    request,
    query,
    limits,
    readEvaluationOptions,
  );
  checkShape(limits, dataset.rows, dataset.cols);
  const x = rowsByName(
    { values: dataset.x, rows: dataset.rows, cols: dataset.cols },
    names,
    model,
  ).values;
  checkFeatures(model, dataset.cols);
  labelsOfModel(dataset, model.classValues, model.name);
  const threshold = thresholdFor(model, options.threshold);
  checkEvaluation(
    limits,
    dataset.rows,
    dataset.cols,
    outputsFor(model.classes),
  );
  const { y, rows, cols } = dataset;
  return { dataset: { x, y, rows, cols }, threshold, warnings };
}

/**
 * The threshold to label at: `given`, else the model's; a model of many
 * classes takes none.
 *
 * @throws OptionError for a threshold given to a model of many classes
 */
function thresholdFor(
  model: RowsTarget,
  given: number | undefined,
): number | undefined {
  if (model.classes === 2) return given ?? model.threshold;
  if (given === undefined) return undefined;
  throw new OptionError(
    `threshold applies to two-class models, and model ${model.name} has ${model.classes} classes: it predicts the most likely one`,
  );
}

/**
 * Refuses rows whose feature count is not the model's.
 *
 * @throws FeatureMismatchError
 */
function checkFeatures(model: RowsTarget, cols: number): void {
  if (cols !== model.features) {
    throw new FeatureMismatchError(
      `rows have ${cols} features, model ${model.name} expects ${model.features}`,
    );
  }
}
