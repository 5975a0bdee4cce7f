/**
 * Model and dataset names from the URL, and the query parameters of the
 * reading routes, each checked by its schema in schemas.ts (`MODEL_NAME`,
 * `QUERY`).
 */
import type { VersionRef } from "../engine/init";
import {
  AliasNameError,
  DatasetNameError,
  ModelNameError,
  OptionError,
} from "../errors";
import { expected, inBounds, type JsonSchema } from "./json-schema";
import { describe, isDecimal } from "./numbers";
import { QUERY } from "./schemas";
import { ALIAS_NAME, MODEL_NAME, VERSION } from "./value-schemas";

const NAME = new RegExp(MODEL_NAME.pattern);
const ALIAS = new RegExp(ALIAS_NAME.pattern);

/**
 * A model name: 1-64 of letters, digits, `-`, `_`, `.`.
 *
 * @throws ModelNameError otherwise
 */
export function readModelName(name: string): string {
  return readName(name, "model", ModelNameError);
}

/**
 * A dataset name: the model names' rule, 1-64 of letters, digits, `-`, `_`,
 * `.` (so a dataset may share its model's name). `kind` names it in the
 * message: "dataset", or "output dataset" for the one a job writes.
 *
 * @throws DatasetNameError otherwise
 */
export function readDatasetName(
  name: string,
  kind: "dataset" | "output dataset" = "dataset",
): string {
  return readName(name, kind, DatasetNameError);
}

/** `name` when it follows `MODEL_NAME`'s rule; else throws `Refusal` naming `kind`. */
function readName(
  name: string,
  kind: string,
  Refusal: new (message: string) => Error,
): string {
  if (!NAME.test(name)) {
    throw new Refusal(
      `${kind} name ${describe(name)} must be ${MODEL_NAME.description}`,
    );
  }
  return name;
}

/** True for an alias's name: a model name that is not all digits. */
export function isAliasName(value: string): boolean {
  return ALIAS.test(value);
}

/**
 * An alias name from the URL: a model name that is not all digits.
 *
 * @throws AliasNameError otherwise
 */
export function readAliasName(alias: string): string {
  if (!isAliasName(alias)) {
    throw new AliasNameError(
      `alias ${describe(alias)} must be ${ALIAS_NAME.description}`,
    );
  }
  return alias;
}

/**
 * An optional `version` query value: a positive integer (a version), an
 * alias's name, or undefined.
 *
 * @throws OptionError otherwise
 */
export function readVersion(value: string | undefined): VersionRef | undefined {
  if (value === undefined) return undefined;
  if (isAliasName(value)) return value;
  if (/^\d+$/.test(value) && inBounds(VERSION, Number(value))) {
    return Number(value);
  }
  throw new OptionError(
    `version must be ${expected(QUERY.version)}, got ${describe(value)}`,
  );
}

/**
 * The `cursor` of a listing of versions, as the previous page gave it: the
 * next page lists the versions below it. Undefined (the first page) when
 * absent or empty.
 *
 * @throws OptionError when it is not one a listing gave
 */
export function readVersionCursor(
  value: string | undefined,
): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) {
    throw new OptionError(
      `cursor ${describe(value)} is not one a page of versions gave: send the cursor of the previous page, or none for the first`,
    );
  }
  return Number(value);
}

/**
 * An optional page size for listing, 1-1000 (KV's own limit), default 100.
 *
 * @throws OptionError otherwise
 */
export function readLimit(value: string | undefined): number {
  return queryInteger("limit", QUERY.limit, value) ?? QUERY.limit.default;
}

/**
 * An optional `threshold` query value in [0, 1], or undefined when absent.
 * Text that is no decimal number is quoted back; a number out of range is
 * shown as the number it is.
 *
 * @throws OptionError otherwise
 */
export function readThresholdQuery(
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const schema = QUERY.threshold;
  if (!isDecimal(value.trim())) {
    throw new OptionError(
      `threshold must be ${expected(schema)}, got ${describe(value)}`,
    );
  }
  const number = Number(value);
  if (!inBounds(schema, number)) {
    throw new OptionError(
      `threshold must be ${expected(schema)}, got ${number}`,
    );
  }
  return number;
}

/**
 * An optional boolean query flag: `true` or `false`, default its schema's.
 *
 * @throws OptionError otherwise
 */
export function readFlag(name: "explain", value: string | undefined): boolean {
  const schema = QUERY[name];
  if (value === undefined) return schema.default;
  if (value === "true" || value === "false") return value === "true";
  throw new OptionError(
    `${name} must be ${expected(schema)}, got ${describe(value)}`,
  );
}

/**
 * An integer query value, written in decimal digits, within the bounds of
 * `schema`; undefined when absent. Any refusal quotes the text as sent.
 */
function queryInteger(
  name: string,
  schema: JsonSchema,
  text: string | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !inBounds(schema, value)) {
    throw new OptionError(
      `${name} must be ${expected(schema)}, got ${describe(text)}`,
    );
  }
  return value;
}
