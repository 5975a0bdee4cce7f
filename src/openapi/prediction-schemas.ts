/**
 * The JSON Schema of a prediction's JSON answer (`GET` and `POST
 * .../predict`), for the document (document.ts).
 */
import type { JsonSchema } from "../input/json-schema";
import { MODEL_NAME, VERSION } from "../input/schemas";
import { INPUT_WARNINGS } from "./warning-schemas";
import {
  classValue,
  classValues,
  fraction,
  number,
  strict,
} from "./schema-parts";

const explanations = (items: Record<string, JsonSchema>, what: string) =>
  ({
    type: "array",
    description: `With \`explain=true\`: ${what}, term by term.`,
    items: strict({
      ...items,
      bias: number,
      contributions: {
        type: "array",
        items: number,
        description: "w_i·x_i, one per feature.",
      },
      logit: number,
    }),
  }) as const;

const PREDICTIONS = {
  type: "array",
  items: classValue,
  description:
    "For rows sent in one of MLflow's forms: the labels again, where MLflow's clients read them.",
} as const satisfies JsonSchema;

const FEATURES = {
  type: "array",
  items: { type: "string" },
  description:
    "With `explain=true`, of a model with featureNames: the feature of each contribution, in order.",
} as const satisfies JsonSchema;

/** Probabilities and labels: `GET` and `POST .../predict`. */
export const PREDICTION = {
  oneOf: [
    strict(
      {
        name: MODEL_NAME,
        version: VERSION,
        classes: classValues,
        threshold: fraction,
        probabilities: {
          type: "array",
          items: fraction,
          description: "Per row, h: the probability of the second class.",
        },
        labels: {
          type: "array",
          items: classValue,
          description:
            "Per row, the second class when h >= threshold, else the first.",
        },
        predictions: PREDICTIONS,
        features: FEATURES,
        explanations: explanations({}, "each row's logit"),
        warnings: INPUT_WARNINGS,
      },
      ["predictions", "features", "explanations", "warnings"],
      "Of a two-class model: h per row, and h >= threshold.",
    ),
    strict(
      {
        name: MODEL_NAME,
        version: VERSION,
        classes: classValues,
        probabilities: {
          type: "array",
          items: { type: "array", items: fraction },
          description:
            "Per row, the probability of each class (F.softmax), in the order of classes.",
        },
        labels: {
          type: "array",
          items: classValue,
          description: "Per row, the most likely class (the first on a tie).",
        },
        predictions: PREDICTIONS,
        features: FEATURES,
        explanations: explanations(
          { class: classValue },
          "the logit of each row's predicted class",
        ),
        warnings: INPUT_WARNINGS,
      },
      ["predictions", "features", "explanations", "warnings"],
      "Of a softmax model: a probability per class, and the arg-max class.",
    ),
  ],
} as const satisfies JsonSchema;
