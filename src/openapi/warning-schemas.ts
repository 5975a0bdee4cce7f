/**
 * The JSON Schema of a model's warnings, written by hand like the other
 * response schemas, their codes the engine's own (src/engine/warnings.ts).
 */
import { WARNING_CODES } from "../engine/warnings";
import { strict } from "./schema-parts";

const WARNING = strict({
  code: {
    type: "string",
    enum: WARNING_CODES,
  },
  message: {
    type: "string",
    description: "Lower case: what was seen, and where.",
  },
});

/** `warnings`: what the user must be told about a model, `[]` when nothing. */
export const WARNINGS = {
  type: "array",
  description:
    "What the user must be told about the model, computed after training; they change none of its numbers. The README's Warnings section gives each rule and its bound.",
  items: WARNING,
} as const;

/** `warnings` of a prediction or evaluation: what reading its CSV decided. */
export const INPUT_WARNINGS = {
  type: "array",
  description:
    "Only when header=auto took the CSV body's first row of numbers for a header (header_decision).",
  items: WARNING,
} as const;
