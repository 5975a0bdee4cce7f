/**
 * What the thresholds routes read: which stored rows (`dataset`), what to
 * choose besides F1 and Youden's J (`precision`, `recall`, the two costs),
 * and the body of a threshold chosen, `{"threshold": t}`.
 */
import type { ModelScores, RowScores } from "../engine/row-scores";
import { classTotals } from "../engine/score-curve";
import type { ThresholdRequest } from "../engine/threshold-choice";
import { DatasetError, OptionError, ReportNotFoundError } from "../errors";
import { readOptionNumber } from "./json-schema";
import type { Limits } from "./limits";
import { describe } from "./numbers";
import {
  DATASET,
  THRESHOLD_BODY,
  THRESHOLD_CHOICES,
} from "./threshold-schemas";
import { readJsonValue } from "./request-body";

/** A version's stored rows: the ones trained on, or the ones held out. */
export type DatasetName = (typeof DATASET.enum)[number];

/**
 * `dataset` from the query: `training` (the default) or `validation`.
 *
 * @throws OptionError otherwise
 */
export function readDataset(value: string | undefined): DatasetName {
  if (value === undefined) return DATASET.default;
  const found = DATASET.enum.find((name) => name === value);
  if (found === undefined) {
    throw new OptionError(
      `dataset must be one of ${DATASET.enum.join(", ")}, got ${describe(value)}`,
    );
  }
  return found;
}

/** What `readStoredScores` needs to know of a version. */
export interface ScoredVersion {
  readonly name: string;
  readonly version: number;
  readonly classes: number;
  readonly scores?: ModelScores;
}

/**
 * The rows' scores `dataset` (from the query) names on `model`.
 *
 * @throws OptionError for a dataset that is neither name
 * @throws ReportNotFoundError for a model of many classes (thresholds are
 *   for two), a version stored before scores were kept, or validation rows
 *   of a version that held none out
 */
export function readStoredScores(
  model: ScoredVersion,
  dataset: string | undefined,
): { dataset: DatasetName; scores: RowScores } {
  const name = readDataset(dataset);
  const { scores } = model;
  const which = `model ${model.name} version ${model.version}`;
  if (model.classes !== 2) {
    throw new ReportNotFoundError(
      `${which} has ${model.classes} classes: thresholds, precision-recall and calibration are for two-class models`,
    );
  }
  if (scores === undefined) {
    throw new ReportNotFoundError(
      `${which} was stored before score curves were kept: train a new version to choose thresholds`,
    );
  }
  const rows = scores[name];
  if (rows === undefined) {
    throw new ReportNotFoundError(
      `${which} held no rows out: dataset=validation needs a training with the validation option`,
    );
  }
  const { positives, negatives } = classTotals(rows.curve);
  if (positives === 0 || negatives === 0) {
    throw new ReportNotFoundError(
      `the ${name} rows of ${which} are all of one class: thresholds need both`,
    );
  }
  return { dataset: name, scores: rows };
}

/**
 * Refuses a model of more than two classes for a route that sets or chooses
 * its threshold (`what`, as the message says it): a model of many classes
 * predicts the most likely class, with no threshold.
 *
 * @throws OptionError
 */
export function checkTwoClasses(
  model: { name: string; classes: number },
  what: string,
): void {
  if (model.classes !== 2) {
    throw new OptionError(
      `${what} to two-class models, and model ${model.name} has ${model.classes} classes: it predicts the most likely one`,
    );
  }
}

/**
 * Refuses labelled rows (0/1 labels `y`) of one class: a threshold sorts
 * rows of two.
 *
 * @throws DatasetError
 */
export function checkBothClasses(y: ArrayLike<number>): void {
  let positives = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) positives++;
  if (positives === 0 || positives === y.length) {
    throw new DatasetError(
      `every row is labelled ${positives === 0 ? "with the negative" : "with the positive"} class: choosing a threshold needs rows of both`,
    );
  }
}

/**
 * The choices asked for in `query` (text): `precision`, `recall` in [0, 1],
 * and `costFalsePositive` with `costFalseNegative`, both or neither, at
 * least 0 and not both 0. Other names are left to the caller.
 *
 * @throws OptionError for a value out of its bounds, or one cost without
 *   the other
 */
export function readThresholdChoices(
  query: Record<string, string>,
): ThresholdRequest {
  const number = (name: keyof typeof THRESHOLD_CHOICES) =>
    readOptionNumber(name, THRESHOLD_CHOICES[name], query[name], true);
  const precision = number("precision");
  const recall = number("recall");
  const falsePositive = number("costFalsePositive");
  const falseNegative = number("costFalseNegative");
  if ((falsePositive === undefined) !== (falseNegative === undefined)) {
    const given = falsePositive === undefined ? "Negative" : "Positive";
    const missing = falsePositive === undefined ? "Positive" : "Negative";
    throw new OptionError(
      `costFalse${given} needs costFalse${missing}: a cost is chosen from both`,
    );
  }
  if (falsePositive === 0 && falseNegative === 0) {
    throw new OptionError(
      "costFalsePositive and costFalseNegative are both 0: every threshold would cost nothing",
    );
  }
  return {
    ...(precision !== undefined && { precision }),
    ...(recall !== undefined && { recall }),
    ...(falsePositive !== undefined &&
      falseNegative !== undefined && {
        cost: { falsePositive, falseNegative },
      }),
  };
}

/** `query` without the names `readThresholdChoices` reads (and `version`). */
export function withoutChoices(
  query: Record<string, string>,
): Record<string, string> {
  // Object.fromEntries keeps a "__proto__" name an own key, to be refused.
  return Object.fromEntries(
    Object.entries(query).filter(
      ([name]) => name !== "version" && !Object.hasOwn(THRESHOLD_CHOICES, name),
    ),
  );
}

/**
 * The threshold of `POST /v1/models/{name}/threshold`: a JSON body
 * `{"threshold": t}`, t in [0, 1], nothing else.
 *
 * @throws UnsupportedMediaTypeError for a body that is not JSON
 * @throws MalformedBodyError for JSON that does not parse
 * @throws OptionError for another shape or a threshold out of [0, 1]
 * @throws BodyTooLargeError over `limits.maxBodyBytes`
 */
export async function readThresholdBody(
  request: Request,
  limits: Limits,
): Promise<number> {
  const body = await readJsonValue(request, limits, '{"threshold": t}');
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new OptionError(
      `the body must be an object {"threshold": t}, got ${describe(body)}`,
    );
  }
  const raw = body as Record<string, unknown>;
  const other = Object.keys(raw).find((name) => name !== "threshold");
  if (other !== undefined) {
    throw new OptionError(
      `unknown field ${describe(other)} in the body: expected threshold only`,
    );
  }
  const schema = THRESHOLD_BODY.properties.threshold;
  const threshold = readOptionNumber("threshold", schema, raw.threshold, false);
  if (threshold === undefined) {
    throw new OptionError('the body has no threshold: send {"threshold": t}');
  }
  return threshold;
}
