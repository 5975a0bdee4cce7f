/**
 * The JSON Schema of a model's warnings, written by hand like the other
 * response schemas, their codes the engine's own (src/engine/warnings.ts).
 */
import { WARNING_CODES } from "../engine/warnings";
import { strict } from "./schema-parts";

/** `warnings`: what the user must be told about a model, `[]` when nothing. */
export const WARNINGS = {
  type: "array",
  description:
    "What the user must be told about the model, computed after training; they change none of its numbers. The README's Warnings section gives each rule and its bound.",
  items: strict({
    code: {
      type: "string",
      enum: WARNING_CODES,
    },
    message: {
      type: "string",
      description: "Lower case: what was seen, and where.",
    },
  }),
} as const;
