/**
 * The JSON Schema of `/thresholds`' answer, written by hand after the shape
 * src/engine/threshold-choice.ts's `chooseThresholds` builds;
 * tests/http/openapi.test.ts checks real answers against it.
 */
import type { JsonSchema } from "../input/json-schema";
import { MODEL_NAME, VERSION } from "../input/schemas";
import { DATASET } from "../input/threshold-schemas";
import { CONFUSION } from "./metric-schemas";
import { INPUT_WARNINGS } from "./warning-schemas";
import { count, fraction, number, strict } from "./schema-parts";

const CHOICE = {
  threshold: {
    ...fraction,
    description: "A distinct score of the rows: predicted 1 when h >= it.",
  },
  confusionMatrix: CONFUSION,
  precision: fraction,
  recall: fraction,
  f1: fraction,
  specificity: fraction,
  accuracy: fraction,
} as const satisfies Record<string, JsonSchema>;

const TARGET = { ...fraction, description: "The value asked for." } as const;

/** The thresholds chosen on a version's stored rows or on posted ones. */
export const THRESHOLDS = strict(
  {
    name: MODEL_NAME,
    version: VERSION,
    dataset: DATASET,
    samples: count,
    positives: count,
    negatives: count,
    vertices: {
      ...count,
      description:
        "Distinct scores the choices were made among (at most 16,384 stored a set of rows; more are thinned).",
    },
    maxCountError: {
      ...count,
      description:
        "0 on an exact curve; on a thinned one, the most rows by which the counts at a threshold may be short of the exact ones.",
    },
    averagePrecision: {
      ...fraction,
      description: "sklearn's average_precision_score.",
    },
    maxF1: strict(CHOICE, [], "The threshold of highest F1 (lowest of ties)."),
    maxYoudenJ: strict(
      { ...CHOICE, youdenJ: number },
      [],
      "The threshold of highest TPR − FPR (highest of ties).",
    ),
    atPrecision: {
      type: ["object", "null"],
      description:
        "With precision=: the lowest threshold reaching it; null when none does.",
      properties: { target: TARGET, ...CHOICE },
      required: ["target", ...Object.keys(CHOICE)],
      additionalProperties: false,
    },
    atRecall: {
      type: ["object", "null"],
      description:
        "With recall=: the highest threshold reaching it; null when none does.",
      properties: { target: TARGET, ...CHOICE },
      required: ["target", ...Object.keys(CHOICE)],
      additionalProperties: false,
    },
    minCost: strict(
      {
        costFalsePositive: number,
        costFalseNegative: number,
        ...CHOICE,
        cost: number,
      },
      [],
      "With both costs: the threshold of least costFalsePositive·fp + costFalseNegative·fn (lowest of ties).",
    ),
    warnings: INPUT_WARNINGS,
  },
  ["dataset", "atPrecision", "atRecall", "minCost", "warnings"],
  "F1's and Youden's J's thresholds, and those asked for, each with its confusion matrix and metrics as scikit-learn's precision_recall_curve and roc_curve define them.",
);
