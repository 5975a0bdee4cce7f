/**
 * The `init` training option: how the weights start (see engine/init.ts).
 */
import type { InitSpec } from "../engine/init";
import { OptionError } from "../errors";
import { readModelName } from "./model-ref";
import { describe, float32Problem } from "./numbers";

const FORMS =
  '"zeros", {"torch": {"seed": S}}, {"w": [...], "b": n} or {"model": "name", "version": n}';

/**
 * Validates `init` from a JSON body, or from a query string (`fromText`), where
 * it is the word `zeros` or the same JSON, URL-encoded.
 *
 * @throws OptionError naming the part of `init` that is wrong
 */
export function readInit(raw: unknown, fromText: boolean): InitSpec {
  if (raw === undefined || raw === "zeros") return "zeros";
  let value = raw;
  if (fromText && typeof raw === "string" && raw.trim().startsWith("{")) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new OptionError(`init is not valid JSON: ${describe(raw)}`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OptionError(
      `init must be one of ${FORMS}, got ${describe(value)}`,
    );
  }
  const spec = value as Record<string, unknown>;
  const keys = Object.keys(spec).sort().join(",");
  if (keys === "torch") return { torch: { seed: readSeed(spec.torch) } };
  if (keys === "b,w")
    return { w: readWeights(spec.w), b: readNumber(spec.b, "init.b") };
  if (keys === "model" || keys === "model,version") {
    if (typeof spec.model !== "string") {
      throw new OptionError(
        `init.model must be a model name, got ${describe(spec.model)}`,
      );
    }
    const model = readModelName(spec.model);
    if (spec.version === undefined) return { model };
    const version = spec.version;
    if (
      typeof version !== "number" ||
      !Number.isSafeInteger(version) ||
      version < 1
    ) {
      throw new OptionError(
        `init.version must be a positive integer, got ${describe(version)}`,
      );
    }
    return { model, version };
  }
  throw new OptionError(`init must be one of ${FORMS}, got ${describe(value)}`);
}

function readSeed(torch: unknown): number {
  const keys =
    typeof torch === "object" && torch !== null ? Object.keys(torch) : [];
  if (keys.length !== 1 || keys[0] !== "seed") {
    throw new OptionError(
      `init.torch must be {"seed": S}, got ${describe(torch)}`,
    );
  }
  const seed = (torch as { seed: unknown }).seed;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new OptionError(
      `init.torch.seed must be an integer from 0 to 2^53 - 1, got ${describe(seed)}`,
    );
  }
  return seed;
}

function readWeights(w: unknown): number[] {
  if (!Array.isArray(w) || w.length === 0) {
    throw new OptionError(
      `init.w must be a non-empty array of numbers, got ${describe(w)}`,
    );
  }
  return w.map((value, j) => readNumber(value, `init.w[${j}]`));
}

function readNumber(value: unknown, path: string): number {
  if (typeof value !== "number") {
    throw new OptionError(`${path} must be a number, got ${describe(value)}`);
  }
  const problem = float32Problem(value);
  if (problem) throw new OptionError(`${path} ${problem}`);
  return value;
}
