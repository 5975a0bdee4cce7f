/**
 * The subset of JSON Schema 2020-12 the API's schemas use (src/input/
 * schemas.ts), and the readers those schemas drive: each reader takes its
 * bounds, enum, default and the words of its error message from a schema, so
 * the validators and the OpenAPI document cannot disagree.
 *
 * A `maximum` of `Number.MAX_SAFE_INTEGER` reads as "2^53 - 1" in messages;
 * an integer from 1 up to it is "a positive integer".
 */
import { OptionError } from "../errors";
import { describe, float32Problem, isDecimal } from "./numbers";

export type { JsonSchema, JsonType } from "./json-schema-type";
import type { JsonSchema } from "./json-schema-type";

/**
 * What `schema` accepts, in the words of an error message: "an integer from
 * 0 to 100000", "a finite number above 0", `"bce" or "lab"`, the title of an
 * object form, `one of` its forms for a `oneOf`. The words follow from the
 * keywords, so a schema whose bounds change says so in its messages too.
 */
export function expected(schema: JsonSchema): string {
  const { minimum: min, maximum: max } = schema;
  const { exclusiveMinimum: above, exclusiveMaximum: below } = schema;
  if (schema.oneOf) return `one of ${alternatives(schema.oneOf)}`;
  if ("const" in schema) return JSON.stringify(schema.const);
  if (schema.enum)
    return alternatives(schema.enum.map((v) => JSON.stringify(v)));
  if (schema.type === "boolean") return "true or false";
  if (schema.type === "integer") {
    if (min === 1 && max === Number.MAX_SAFE_INTEGER)
      return "a positive integer";
    if (min === undefined) return "an integer";
    if (max !== undefined) return `an integer from ${min} to ${bound(max)}`;
    return `an integer of at least ${min}`;
  }
  if (schema.type === "number") {
    if (above !== undefined && below !== undefined) {
      return `a number between ${above} and ${below}`;
    }
    if (above !== undefined) return `a finite number above ${above}`;
    if (min !== undefined && max !== undefined) {
      return `a number from ${min} to ${max}`;
    }
    if (min !== undefined && below !== undefined) {
      return `a number from ${min} to below ${below}`;
    }
    if (min !== undefined) return `a finite number of at least ${min}`;
    return "a number";
  }
  if (schema.type === "array") {
    const type = schema.items?.type;
    const items = type === "number" || type === "array" ? `${type}s` : "values";
    return `${schema.minItems ? "a non-empty array" : "an array"} of ${items}`;
  }
  if (schema.type === "string" && schema.title) {
    return `${/^[aeiou]/i.test(schema.title) ? "an" : "a"} ${schema.title}`;
  }
  return schema.title ?? String(schema.type);
}

/** True when the number `value` is within the type and bounds of `schema`. */
export function inBounds(schema: JsonSchema, value: number): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  return (
    Number.isFinite(value) &&
    (schema.type !== "integer" || Number.isInteger(value)) &&
    (minimum === undefined || value >= minimum) &&
    (maximum === undefined || value <= maximum) &&
    (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
    (exclusiveMaximum === undefined || value < exclusiveMaximum)
  );
}

/**
 * A numeric option of a training or evaluation request: a JSON number or,
 * from a query string (`fromText`), decimal text. Absent: the schema's
 * default. Two steps, two messages: "must be a number", then the bounds.
 *
 * @throws OptionError
 */
export function readOptionNumber(
  name: string,
  schema: JsonSchema & { readonly default: number },
  raw: unknown,
  fromText: boolean,
): number;
export function readOptionNumber(
  name: string,
  schema: JsonSchema,
  raw: unknown,
  fromText: boolean,
): number | undefined;
export function readOptionNumber(
  name: string,
  schema: JsonSchema,
  raw: unknown,
  fromText: boolean,
): number | undefined {
  if (raw === undefined) return schema.default as number | undefined;
  let value: number;
  if (typeof raw === "number") value = raw;
  else if (fromText && typeof raw === "string" && isDecimal(raw.trim())) {
    value = Number(raw);
  } else {
    throw new OptionError(`${name} must be a number, got ${describe(raw)}`);
  }
  return checkNumber(name, schema, value, String(value));
}

/**
 * A boolean option: a JSON boolean or, from a query string (`fromText`),
 * `true` or `false`. Absent: the schema's default.
 *
 * @throws OptionError
 */
export function readOptionBoolean(
  name: string,
  schema: JsonSchema,
  raw: unknown,
  fromText: boolean,
): boolean {
  if (raw === undefined) return schema.default as boolean;
  if (typeof raw === "boolean") return raw;
  if (fromText && (raw === "true" || raw === "false")) return raw === "true";
  throw new OptionError(
    `${name} must be ${expected(schema)}, got ${describe(raw)}`,
  );
}

/**
 * A value one of `schema.enum`; absent: the schema's default.
 *
 * @throws OptionError
 */
export function readEnum<T>(name: string, schema: JsonSchema, raw: unknown): T {
  const value = raw === undefined ? schema.default : raw;
  if (!schema.enum?.includes(value)) {
    throw new OptionError(
      `${name} must be ${expected(schema)}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/**
 * A number inside a JSON option (`init.torch.seed`, `validation.fraction`):
 * one message for a wrong type or a value out of bounds. Absent: the
 * schema's default, or a "got missing" refusal where it has none.
 *
 * @throws OptionError
 */
export function readMemberNumber(
  path: string,
  schema: JsonSchema,
  raw: unknown,
): number {
  const value = raw === undefined ? schema.default : raw;
  return checkNumber(path, schema, value, describe(value));
}

/**
 * A number stored as float32 (`init.w[j]`, `init.b`): any JSON number whose
 * float32 rounding is finite. The range is checked in code, not by the schema.
 *
 * @throws OptionError
 */
export function readFloat32(path: string, raw: unknown): number {
  if (typeof raw !== "number") {
    throw new OptionError(`${path} must be a number, got ${describe(raw)}`);
  }
  const problem = float32Problem(raw);
  if (problem) throw new OptionError(`${path} ${problem}`);
  return raw;
}

/**
 * Refuses a value that is not a JSON object with only the properties of
 * `schema` (and, with `all`, every one it requires), quoting its title.
 *
 * @throws OptionError
 */
export function checkMembers(
  path: string,
  schema: JsonSchema,
  value: unknown,
  all = false,
): asserts value is Record<string, unknown> {
  const names = Object.keys(schema.properties ?? {});
  const ok =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((key) => names.includes(key)) &&
    (!all || (schema.required ?? []).every((key) => key in value));
  if (!ok) {
    throw new OptionError(
      `${path} must be ${expected(schema)}, got ${describe(value)}`,
    );
  }
}

/** `value`, or an OptionError quoting `shown`, by the bounds of `schema`. */
function checkNumber(
  name: string,
  schema: JsonSchema,
  value: unknown,
  shown: string,
): number {
  if (typeof value !== "number" || !inBounds(schema, value)) {
    throw new OptionError(`${name} must be ${expected(schema)}, got ${shown}`);
  }
  return value;
}

function alternatives(words: readonly (string | JsonSchema)[]): string {
  const text = words.map((w) => (typeof w === "string" ? w : expected(w)));
  return text.length < 2
    ? text.join("")
    : `${text.slice(0, -1).join(", ")} or ${text[text.length - 1]}`;
}

function bound(value: number): string {
  return value === Number.MAX_SAFE_INTEGER ? "2^53 - 1" : String(value);
}
