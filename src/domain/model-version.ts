/**
 * What the service keeps of a trained model: one immutable version of a named
 * model, and the summary a listing shows. Storage stores these, reports
 * render them, and the engine's `fitModel` makes all of a version but its
 * name, number and date.
 */
import { indexClasses, type ClassValue } from "../engine/class-values";
import type { FittedModel } from "../engine/fit-model";

/** A trained model version, as the rest of the service sees it. */
export interface ModelVersion extends FittedModel {
  readonly name: string;
  /** 1 for the first training of a name; never reused, not even after a delete. */
  readonly version: number;
  /** When it was stored, ISO 8601. */
  readonly createdAt: string;
  /**
   * The features' names, in order, from the training body (a CSV header,
   * JSON `columns`); absent when it gave none (features are then known by
   * position) and in versions stored before names existed.
   */
  readonly featureNames?: readonly string[];
  /**
   * The version this one was made from without training (a threshold
   * chosen on it: `POST /v1/models/{name}/threshold`); absent for a training.
   */
  readonly derivedFrom?: number;
  /**
   * The job that trained this version (`POST /v1/jobs`), and the dataset it
   * trained on; absent for a version a request trained.
   */
  readonly job?: { readonly id: string; readonly dataset: string };
}

/** A model version before the store has numbered and dated it. */
export type NewModelVersion = Omit<ModelVersion, "version" | "createdAt">;

/** What listing shows of a model without reading its weights. */
export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  /**
   * The class values; absent only when they are too long to list (over
   * MAX_LISTED_CLASSES characters as JSON): the model itself has them.
   */
  readonly classes?: readonly ClassValue[];
  readonly samples: number;
  readonly accuracy: number;
  readonly createdAt: string;
}

/** The longest class list, as JSON, a listing carries (KV metadata holds 1024 bytes). */
export const MAX_LISTED_CLASSES = 600;

/**
 * What the head key's KV metadata holds: the summary but for the name, with
 * `classes` as the stored form has it (K ≥ 3, absent for two) and the
 * values only when they are not 0..K−1.
 */
export type HeadMetadata = Omit<ModelSummary, "name" | "classes"> & {
  readonly classes?: number;
  readonly classValues?: readonly ClassValue[];
  /** True when the values were too long to keep here. */
  readonly classesOmitted?: true;
};

/** The head metadata of `model`. */
export function headMetadata(model: ModelVersion): HeadMetadata {
  const { version, features, classes, classValues } = model;
  const { samples, accuracy, createdAt } = model;
  const indexed = classValues.every((value, k) => value === k);
  const long = JSON.stringify(classValues).length > MAX_LISTED_CLASSES;
  return {
    version,
    features,
    ...classesField(classes),
    ...(!indexed && !long && { classValues }),
    ...(long && { classesOmitted: true }),
    samples,
    accuracy,
    createdAt,
  };
}

/** The summary of model `name` from its head metadata (also as older versions wrote it). */
export function summaryOf(name: string, metadata: HeadMetadata): ModelSummary {
  const { classes = 2, classValues, classesOmitted, ...rest } = metadata;
  return {
    name,
    ...rest,
    ...(!classesOmitted && { classes: classValues ?? indexClasses(classes) }),
  };
}

/**
 * `{classes: K}` for a model of K ≥ 3 classes, nothing for two: the stored
 * form, the listing and the API's JSON have never carried it for two.
 */
export function classesField(classes: number): { classes?: number } {
  return classes > 2 ? { classes } : {};
}

/**
 * What a listing of a model's versions shows of one version without
 * reading its weights (the name's Durable Object keeps one per published
 * version).
 */
export interface VersionSummary {
  readonly version: number;
  /** When it was stored, ISO 8601. */
  readonly createdAt: string;
  /** Training-set accuracy (at `threshold` for two classes). */
  readonly accuracy: number;
  /** Two classes only: label 1 when h ≥ threshold. */
  readonly threshold?: number;
}

/** The summary of `model` a listing of its versions shows. */
export function versionSummary(model: ModelVersion): VersionSummary {
  const { version, createdAt, accuracy, threshold } = model;
  return {
    version,
    createdAt,
    accuracy,
    ...(threshold !== undefined && { threshold }),
  };
}
