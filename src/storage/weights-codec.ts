/**
 * The stored form of a model version: JSON, its weights (final, initial, and
 * standardized with `standardize`) as base64 of float32 little-endian values,
 * 4 bytes a number, exact: W row by row (K × d) then b_1..b_K. For two
 * classes (one output) that is w_1..w_d then b, and the JSON has no
 * `classes`, as versions stored before models of many classes have it.
 * `classValues` is stored only when the classes are not 0..K−1, so a version
 * of classes 0..K−1 is stored as before class values existed, and one stored
 * before reads as classes 0..K−1. `featureNames` is stored only when the
 * training named its features; a version stored before names existed, or
 * trained without them, reads without names.
 */
import { classesField, type ModelVersion } from "../domain/model-version";
import { indexClasses, type ClassValue } from "../engine/class-values";
import { outputsFor, type LinearWeights } from "../engine/weights";
import { decodeFloat32, encodeFloat32 } from "./base64";
import { scoresOf, storedScores, type StoredScores } from "./scores-codec";

/** A version as KV holds it (format 1). */
export type StoredModel = Omit<
  ModelVersion,
  | "classes"
  | "classValues"
  | "weights"
  | "initialWeights"
  | "standardizedWeights"
  | "scores"
  | "warnings"
> & {
  readonly format: 1;
  /** The training's warnings; absent in versions stored before there were any. */
  readonly warnings?: ModelVersion["warnings"];
  /** K ≥ 3 for a softmax model; absent for two classes. */
  readonly classes?: number;
  /** The class values, when they are not 0..K−1. */
  readonly classValues?: readonly ClassValue[];
  /** `encodeWeights` of the final weights. */
  readonly weights: string;
  /** The same for the starting weights. */
  readonly initialWeights: string;
  /** The same for the standardized-unit weights, with standardize. */
  readonly standardizedWeights?: string;
  /** Two classes: the rows' score curves and calibration (absent before them). */
  readonly scores?: StoredScores;
};

/** `model` as KV stores it. */
export function storedForm(model: ModelVersion): StoredModel {
  const { classes, classValues, standardizedWeights, scores, ...others } =
    model;
  const indexed = classValues.every((value, k) => value === k);
  return {
    ...others,
    ...classesField(classes),
    ...(!indexed && { classValues }),
    format: 1,
    weights: encodeWeights(model.weights),
    initialWeights: encodeWeights(model.initialWeights),
    ...(standardizedWeights && {
      standardizedWeights: encodeWeights(standardizedWeights),
    }),
    ...(scores && { scores: storedScores(scores) }),
  };
}

/**
 * The version `stored` holds, its weights decoded; a version stored before
 * warnings existed has none.
 */
export function versionOf(stored: StoredModel): ModelVersion {
  const { format: _format, standardizedWeights, scores, ...model } = stored;
  const classes = stored.classes ?? 2;
  const decode = (encoded: string) =>
    decodeWeights(encoded, outputsFor(classes), stored.features);
  return {
    ...model,
    classes,
    classValues: stored.classValues ?? indexClasses(classes),
    warnings: stored.warnings ?? [],
    weights: decode(stored.weights),
    initialWeights: decode(stored.initialWeights),
    ...(standardizedWeights !== undefined && {
      standardizedWeights: decode(standardizedWeights),
    }),
    ...(scores !== undefined && { scores: scoresOf(scores) }),
  };
}

/** W (K × d) then b (K) as base64 of their float32 little-endian bytes. */
export function encodeWeights(weights: LinearWeights): string {
  const { w, b } = weights;
  const values = new Float32Array(w.length + b.length);
  values.set(w);
  values.set(b, w.length);
  return encodeFloat32(values);
}

/** The inverse of `encodeWeights` for `outputs` outputs over `features` features. */
export function decodeWeights(
  encoded: string,
  outputs: number,
  features: number,
): LinearWeights {
  const values = decodeFloat32(encoded).slice(0, outputs * (features + 1));
  const split = outputs * features;
  return { w: values.slice(0, split), b: values.slice(split) };
}
