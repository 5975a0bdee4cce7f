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
import { readModelName } from "./model-ref";
import { describe } from "./numbers";
import { INIT } from "./schemas";

const [ZEROS, TORCH, WEIGHTS, WARM] = INIT.oneOf;

/**
 * Validates `init` from a JSON body, or from a query string (`fromText`), where
 * it is the word `zeros` or the same JSON, URL-encoded.
 *
 * @throws OptionError naming the part of `init` that is wrong
 */
export function readInit(raw: unknown, fromText: boolean): InitSpec {
  if (raw === undefined || raw === ZEROS.const) return ZEROS.const;
  let value = raw;
  if (fromText && typeof raw === "string" && raw.trim().startsWith("{")) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new OptionError(`init is not valid JSON: ${describe(raw)}`);
    }
  }
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
  if (form === WEIGHTS) {
    const { w } = spec;
    if (!Array.isArray(w) || w.length < WEIGHTS.properties.w.minItems) {
      throw new OptionError(
        `init.w must be ${expected(WEIGHTS.properties.w)}, got ${describe(w)}`,
      );
    }
    return {
      w: w.map((value, j) => readFloat32(`init.w[${j}]`, value)),
      b: readFloat32("init.b", spec.b),
    };
  }
  if (typeof spec.model !== "string") {
    throw new OptionError(
      `init.model must be ${expected(WARM.properties.model)}, got ${describe(spec.model)}`,
    );
  }
  const model = readModelName(spec.model);
  if (spec.version === undefined) return { model };
  const version = readMemberNumber(
    "init.version",
    WARM.properties.version,
    spec.version,
  );
  return { model, version };
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
