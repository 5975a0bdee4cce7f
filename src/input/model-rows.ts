/**
 * Rows sent to a stored model, to predict or to evaluate it: read, then
 * checked against the model (its features, its classes, whether a threshold
 * applies) before any work, in the order a client meets the errors.
 */
import type { Dataset } from "../engine/dataset";
import type { ClassValue } from "../engine/class-values";
import { FeatureMismatchError, OptionError } from "../errors";
import { labelsOfModel } from "./class-index";
import type { JsonMatrix } from "./json-data";
import { checkShape, type Limits } from "./limits";
import { readFlag, readThresholdQuery } from "./model-ref";
import { readLabeled, readPredictionRows, readQueryRow } from "./request-body";
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
}

/** A validated prediction request. */
export interface PredictionRequest {
  readonly rows: JsonMatrix;
  /** The threshold to label at: the one asked for, else the model's. */
  readonly threshold?: number;
  readonly explain: boolean;
}

/**
 * Reads a prediction for `model` whose rows are the body (JSON `{x}` or CSV
 * without labels), with `threshold` and `explain` from `query`.
 *
 * @throws OptionError for a bad threshold or flag, or a threshold given to
 *   a model of many classes
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws the body's errors (request-body.ts)
 */
export async function readPredictionBody(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  model: RowsTarget,
): Promise<PredictionRequest> {
  return prediction(await readPredictionRows(request, limits), query, model);
}

/**
 * Reads a prediction for `model` of the one row `?x=1,2,...`, with
 * `threshold` and `explain` from the same `query`.
 *
 * @throws as `readPredictionBody`, and DatasetError for a bad `x`
 */
export function readPredictionQuery(
  query: Record<string, string>,
  model: RowsTarget,
): PredictionRequest {
  return prediction(readQueryRow(query.x), query, model);
}

/** `rows` and the query's threshold and flag, checked against `model`. */
function prediction(
  rows: JsonMatrix,
  query: Record<string, string>,
  model: RowsTarget,
): PredictionRequest {
  const threshold = readThresholdQuery(query.threshold);
  const explain = readFlag("explain", query.explain);
  checkFeatures(model, rows.cols);
  return { rows, threshold: thresholdFor(model, threshold), explain };
}

/** A validated evaluation request. */
export interface EvaluationRequest {
  readonly dataset: Dataset;
  /** The threshold to label at: the one asked for, else the model's. */
  readonly threshold?: number;
}

/**
 * Reads labelled rows to evaluate `model` on, in the forms training takes;
 * the one option is `threshold` (in the JSON body, or in `query` for CSV).
 *
 * @throws FeatureMismatchError when the rows' width is not the model's
 * @throws DatasetError naming the first row whose label is not a class
 * @throws OptionError for a threshold given to a model of many classes
 */
export async function readEvaluationRequest(
  request: Request,
  query: Record<string, string>,
  limits: Limits,
  model: RowsTarget,
): Promise<EvaluationRequest> {
  const { dataset, options } = await readLabeled(
    request,
    query,
    limits,
    readEvaluationOptions,
  );
  checkShape(limits, dataset.rows, dataset.cols);
  checkFeatures(model, dataset.cols);
  labelsOfModel(dataset, model.classValues, model.name);
  const { x, y, rows, cols } = dataset;
  return {
    dataset: { x, y, rows, cols },
    threshold: thresholdFor(model, options.threshold),
  };
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
