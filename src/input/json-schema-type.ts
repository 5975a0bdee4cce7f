/**
 * The subset of JSON Schema 2020-12 the API's schemas use: types only, so
 * the schema declarations need nothing else (json-schema.ts has the readers
 * these schemas drive).
 */

/** The JSON types a schema may name. */
export type JsonType =
  "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

/** A JSON Schema 2020-12 object, as far as this service uses the keywords. */
export interface JsonSchema {
  readonly type?: JsonType | readonly JsonType[];
  /** For an object or a string: the form error messages quote it by. */
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  readonly contentMediaType?: string;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly oneOf?: readonly JsonSchema[];
  readonly $ref?: string;
}
