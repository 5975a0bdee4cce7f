/**
 * Model names and version numbers from the URL.
 */
import { ModelNameError, OptionError } from "../errors";
import { describe, isDecimal } from "./numbers";
import { readThreshold } from "./train-options";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A model name: 1-64 of letters, digits, `-`, `_`, `.`.
 *
 * @throws ModelNameError otherwise
 */
export function readModelName(name: string): string {
  if (!NAME.test(name)) {
    throw new ModelNameError(
      `model name ${describe(name)} must be 1-64 of letters, digits, "-", "_", "."`,
    );
  }
  return name;
}

/**
 * An optional `version` query value: a positive integer, or undefined.
 *
 * @throws OptionError otherwise
 */
export function readVersion(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(value)) {
    throw new OptionError(
      `version must be a positive integer, got ${describe(value)}`,
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
  if (value === undefined) return 100;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 1000) {
    throw new OptionError(
      `limit must be an integer from 1 to 1000, got ${describe(value)}`,
    );
  }
  return limit;
}

/**
 * An optional `threshold` query value in [0, 1], or undefined when absent.
 *
 * @throws OptionError otherwise
 */
export function readThresholdQuery(
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (!isDecimal(value.trim())) {
    throw new OptionError(
      `threshold must be a number from 0 to 1, got ${describe(value)}`,
    );
  }
  return readThreshold(Number(value));
}

/**
 * An optional boolean query flag: `true` or `false`, default false.
 *
 * @throws OptionError otherwise
 */
export function readFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new OptionError(
    `${name} must be true or false, got ${describe(value)}`,
  );
}
