/**
 * The JSON Schema of a model's warnings (src/engine/warnings.ts), written by
 * hand like the other response schemas: the codes are listed here again,
 * and tests/http/openapi.test.ts checks they are the engine's.
 */
import { strict } from "./schema-parts";

/** `warnings`: what the user must be told about a model, `[]` when nothing. */
export const WARNINGS = {
  type: "array",
  description:
    "What the user must be told about the model, computed after training; they change none of its numbers. The README's Warnings section gives each rule and its bound.",
  items: strict({
    code: {
      type: "string",
      enum: [
        "header_decision",
        "saturated_probabilities",
        "not_converged",
        "unscaled_features",
        "perfect_separation",
        "below_majority",
      ],
    },
    message: {
      type: "string",
      description: "Lower case: what was seen, and where.",
    },
  }),
} as const;
