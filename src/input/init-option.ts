/**
 * The `init` training option: how the weights start (see engine/init.ts).
 * Its four forms, their members and the words of every refusal come from
 * `INIT` in schemas.ts; float32 range and model names are checked in code.
 */
import type { InitSpec } from "../engine/init";
import { OptionError } from "../errors";
import {
  checkMembers,
  expected,
  readFloat32,
  readMemberNumber,
  type JsonSchema,
} from "./json-schema";
import { jsonOptionValue } from "./json-option";
import { isAliasName, readModelName } from "./model-ref";
import { describe } from "./numbers";
import { INIT } from "./option-schemas";

const [ZEROS, TORCH, WEIGHTS, WARM] = INIT.oneOf;

/**
 * Validates `init` from a JSON body, or from a query string (`fromText`), where
 * it is the word `zeros` or the same JSON, URL-encoded.
 *
 * @throws OptionError naming the part of `init` that is wrong
 */
export function readInit(raw: unknown, fromText: boolean): InitSpec {
  if (raw === undefined || raw === ZEROS.const) return ZEROS.const;
  const value = jsonOptionValue("init", raw, fromText);
  const form = formOf(value);
  if (form === undefined) {
    throw new OptionError(
      `init must be ${expected(INIT)}, got ${describe(value)}`,
    );
  }
  const spec = value as Record<string, unknown>;
  if (form === TORCH) {
    const torch = TORCH.properties.torch;
    checkMembers("init.torch", torch, spec.torch, true);
    const seed = readMemberNumber(
      "init.torch.seed",
      torch.properties.seed,
      spec.torch.seed,
    );
    return { torch: { seed } };
  }
  if (form === WEIGHTS) return readWeights(spec.w, spec.b);
  if (typeof spec.model !== "string") {
    throw new OptionError(
      `init.model must be ${expected(WARM.properties.model)}, got ${describe(spec.model)}`,
    );
  }
  const model = readModelName(spec.model);
  if (spec.version === undefined) return { model };
  const [number, alias] = WARM.properties.version.oneOf;
  if (typeof spec.version === "string") {
    if (!isAliasName(spec.version)) {
      throw new OptionError(
        `init.version must be ${expected(number)} or an alias name (${alias.description}), got ${describe(spec.version)}`,
      );
    }
    return { model, version: spec.version };
  }
  const version = readMemberNumber("init.version", number, spec.version);
  return { model, version };
}

const [ROW, ROWS] = WEIGHTS.properties.w.oneOf;
const [, BIASES] = WEIGHTS.properties.b.oneOf;

/**
 * `{w, b}`: d weights and a bias, or (w's first item an array) K rows of d
 * weights and K biases.
 */
function readWeights(
  w: unknown,
  b: unknown,
): { w: number[]; b: number } | { w: number[][]; b: number[] } {
  if (!Array.isArray(w) || w.length < ROW.minItems) {
    throw new OptionError(
      `init.w must be ${expected(WEIGHTS.properties.w)}, got ${describe(w)}`,
    );
  }
  if (!Array.isArray(w[0])) {
    return {
      w: readRow("init.w", w),
      b: readFloat32("init.b", b),
    };
  }
  if (w.length < ROWS.minItems || w.length > ROWS.maxItems) {
    throw new OptionError(
      `init.w has ${w.length} rows: give one row per class, ${ROWS.minItems} to ${ROWS.maxItems} (or one weight per feature for two classes)`,
    );
  }
  const rows = w.map((row, k) => readRow(`init.w[${k}]`, row));
  const width = rows[0].length;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged !== -1) {
    throw new OptionError(
      `init.w[${ragged}] has ${rows[ragged].length} weights, init.w[0] has ${width}: every row has one per feature`,
    );
  }
  if (!Array.isArray(b) || b.length !== rows.length) {
    throw new OptionError(
      `init.b must be ${expected(BIASES)} with one bias per row of init.w (${rows.length}), got ${describe(b)}`,
    );
  }
  return {
    w: rows,
    b: b.map((value, k) => readFloat32(`init.b[${k}]`, value)),
  };
}

function readRow(path: string, row: unknown): number[] {
  if (!Array.isArray(row) || row.length < ROW.minItems) {
    throw new OptionError(
      `${path} must be ${expected(ROW)}, got ${describe(row)}`,
    );
  }
  return row.map((value, j) => readFloat32(`${path}[${j}]`, value));
}

/**
 * The object form of `INIT.oneOf` whose members `value` has: all it
 * requires, and none it does not know.
 */
function formOf(value: unknown): JsonSchema | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return undefined;
  }
  const keys = Object.keys(value);
  return [TORCH, WEIGHTS, WARM].find(
    (form: JsonSchema) =>
      (form.required ?? []).every((key) => keys.includes(key)) &&
      keys.every((key) => Object.hasOwn(form.properties ?? {}, key)),
  );
}
