/**
 * What the service keeps of a trained model: one immutable version of a named
 * model, and the summary a listing shows. Storage stores these, reports
 * render them, and the engine's `fitModel` makes all of a version but its
 * name, number and date.
 */
import type { FittedModel } from "../engine/fit-model";

/** A trained model version, as the rest of the service sees it. */
export interface ModelVersion extends FittedModel {
  readonly name: string;
  /** 1 for the first training of a name; never reused, not even after a delete. */
  readonly version: number;
  /** When it was stored, ISO 8601. */
  readonly createdAt: string;
}

/** A model version before the store has numbered and dated it. */
export type NewModelVersion = Omit<ModelVersion, "version" | "createdAt">;

/** What listing shows of a model without reading its weights. */
export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly features: number;
  /** K for a softmax model; absent for two classes. */
  readonly classes?: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly createdAt: string;
}

/** What the head key's KV metadata holds: the summary but for the name. */
export type HeadMetadata = Omit<ModelSummary, "name">;

/**
 * `{classes: K}` for a model of K ≥ 3 classes, nothing for two: the stored
 * form, the listing and the API's JSON have never carried it for two.
 */
export function classesField(classes: number): { classes?: number } {
  return classes > 2 ? { classes } : {};
}
