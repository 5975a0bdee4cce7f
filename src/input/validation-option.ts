/**
 * The `validation` training option: hold out a stratified, seeded part of
 * the posted rows (engine/split.ts) and report metrics on it. Its shape,
 * bounds and seed default come from `VALIDATION` in schemas.ts; that both
 * parts keep a row is checked here in code (`checkSplit`).
 */
import { rowsByLabel, validationCount } from "../engine/split";
import type { Dataset } from "../engine/dataset";
import type { ValidationOption } from "../engine/model-options";
import { OptionError } from "../errors";
import { jsonOptionValue } from "./json-option";
import { checkMembers, readMemberNumber } from "./json-schema";
import { describe } from "./numbers";
import { VALIDATION } from "./option-schemas";

/**
 * Reads `{"fraction": f, "seed": s}` from JSON, or the same JSON URL-encoded
 * in a query string (`fromText`).
 *
 * @throws OptionError naming the part that is wrong
 */
export function readValidation(
  raw: unknown,
  fromText: boolean,
): ValidationOption | undefined {
  if (raw === undefined) return undefined;
  const value = jsonOptionValue("validation", raw, fromText);
  checkMembers("validation", VALIDATION, value);
  const { fraction, seed } = VALIDATION.properties;
  return {
    fraction: readMemberNumber("validation.fraction", fraction, value.fraction),
    seed: readMemberNumber("validation.seed", seed, value.seed),
  };
}

/**
 * Refuses a split that would leave either part empty.
 *
 * @throws OptionError saying how many rows each part would get
 */
export function checkSplit(option: ValidationOption, data: Dataset): void {
  const counts = rowsByLabel(data.y).map((rows) => rows.length);
  checkSplitCounts(option, counts);
}

/**
 * `checkSplit` from the number of rows of each class alone, for data read
 * in parts (jobs/finish-preparation.ts).
 *
 * @throws OptionError saying how many rows each part would get
 */
export function checkSplitCounts(
  option: ValidationOption,
  counts: readonly number[],
): void {
  let held = 0;
  let rows = 0;
  for (const n of counts) {
    held += validationCount(n, option.fraction);
    rows += n;
  }
  if (held === 0 || held === rows) {
    throw new OptionError(
      `validation.fraction ${option.fraction} of ${rows} rows leaves ${held} for validation and ${rows - held} for training: both need at least one`,
    );
  }
}
