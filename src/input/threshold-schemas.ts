/**
 * The query parameters of the thresholds routes and the body of a threshold
 * chosen, as JSON Schema 2020-12: read by threshold-options.ts and declared
 * in the document (src/openapi) from the same objects.
 */
import type { JsonSchema } from "./json-schema-type";
import { MODEL_THRESHOLD } from "./option-schemas";

const RATE = { type: "number", minimum: 0, maximum: 1 } as const;
const COST = { type: "number", minimum: 0 } as const;

/** What `/thresholds` may be asked to choose besides F1 and Youden's J. */
export const THRESHOLD_CHOICES = {
  precision: {
    ...RATE,
    description:
      "Also the lowest threshold whose precision tp / (tp + fp) is at least this (null when none is).",
  },
  recall: {
    ...RATE,
    description:
      "Also the highest threshold whose recall tp / (tp + fn) is at least this.",
  },
  costFalsePositive: {
    ...COST,
    description:
      "With costFalseNegative: also the threshold of least costFalsePositive·fp + costFalseNegative·fn.",
  },
  costFalseNegative: {
    ...COST,
    description: "With costFalsePositive: see there.",
  },
} as const satisfies Record<string, JsonSchema>;

/** Which of a version's stored rows a read is of. */
export const DATASET = {
  type: "string",
  enum: ["training", "validation"],
  default: "training",
  description:
    "The rows trained on, or the rows held out (with the validation option).",
} as const satisfies JsonSchema;

/** `POST /v1/models/{name}/threshold`'s body. */
export const THRESHOLD_BODY = {
  type: "object",
  required: ["threshold"],
  additionalProperties: false,
  properties: {
    threshold: {
      ...MODEL_THRESHOLD,
      description:
        "The new version labels 1 when h >= threshold; its accuracy and confusion matrices are counted at it from the stored score curves.",
    },
  },
  examples: [{ threshold: 0.35 }],
} as const satisfies JsonSchema;
