/**
 * The values every part of a request shares, as JSON Schema 2020-12: the
 * upper bounds of training, seeds, float32 numbers, model names and
 * versions. The validators in this folder read their bounds and words from
 * these objects (json-schema.ts), and src/openapi publishes them.
 */
import type { JsonSchema } from "./json-schema-type";

/** Upper bound on `epochs`, so one request cannot train without end. */
export const MAX_EPOCHS = 100_000;
/** Upper bound on the number of logged epochs kept in a model's history. */
export const MAX_HISTORY = 10_001;
/** Most classes a model may have: labels are 0..MAX_CLASSES − 1. */
export const MAX_CLASSES = 100;

export const SEED = {
  type: "integer",
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const satisfies JsonSchema;

/** A number stored as float32; its range is checked in code (`readFloat32`). */
export const FLOAT32 = {
  type: "number",
  description:
    "Stored as float32: its float32 rounding must be finite, |x| < 3.4028235677973366e38 (checked in code).",
} as const satisfies JsonSchema;

/** A model name, as paths and `init.model` take it. */
export const MODEL_NAME = {
  type: "string",
  title: "model name",
  pattern: "^[A-Za-z0-9._-]{1,64}$",
  minLength: 1,
  maxLength: 64,
  description: '1-64 of letters, digits, "-", "_", "."',
  examples: ["toy"],
} as const satisfies JsonSchema;

/**
 * An alias of a model's version (as MLflow's registry names them): a model
 * name that is not all digits, so `version=` tells it from a number.
 */
export const ALIAS_NAME = {
  type: "string",
  title: "alias name",
  pattern: "^(?![0-9]+$)[A-Za-z0-9._-]{1,64}$",
  minLength: 1,
  maxLength: 64,
  description: '1-64 of letters, digits, "-", "_", ".", not all digits',
  examples: ["serving"],
} as const satisfies JsonSchema;

/** A version number of a model. */
export const VERSION = {
  type: "integer",
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: "A version of the model: 1 for the first training of a name.",
} as const satisfies JsonSchema;

/** `epochs`: iterations of gradient descent. */
