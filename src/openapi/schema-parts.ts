/**
 * The pieces the response schemas (response-schemas.ts, metric-schemas.ts)
 * are built from: plain numbers, counts, fractions, and strict objects.
 */
import type { JsonSchema } from "../input/json-schema";

/** Any number. */
export const number = { type: "number" } as const;
/** A count: an integer, 0 or more. */
export const count = { type: "integer", minimum: 0 } as const;
/** A number from 0 to 1. */
export const fraction = { type: "number", minimum: 0, maximum: 1 } as const;

/** One class as labels name it. */
export const classValue = {
  type: ["integer", "string", "boolean"],
} as const satisfies JsonSchema;

/** A model's classes: the class each index stands for. */
export const classValues = {
  type: "array",
  items: classValue,
  minItems: 2,
  maxItems: 100,
  description:
    "The class each index stands for: the labels' values, sorted (numbers ascending, strings by code point, false before true); with two, the positive class second.",
} as const satisfies JsonSchema;

/** K, a number of classes. */
export const classCount = {
  type: "integer",
  minimum: 2,
  maximum: 100,
  description: "K, the number of classes.",
} as const satisfies JsonSchema;

/** An object schema that requires every property it lists, and no other. */
export function strict(
  properties: Record<string, JsonSchema>,
  optional: readonly string[] = [],
  description?: string,
): JsonSchema {
  return {
    type: "object",
    ...(description && { description }),
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}
