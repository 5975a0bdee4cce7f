/**
 * The readers of the training options whose values are JSON objects or word
 * forms (`optimizer`, `earlyStopping`, `classWeights`), each against its
 * schema in schemas.ts. Numbers, booleans and words are read by their
 * schemas alone (train-options.ts), which also checks the combinations that
 * need two options.
 */
import type { ClassWeightSpec } from "../engine/class-weights";
import type { EarlyStoppingOptions } from "../engine/early-stopping";
import type { OptimizerOptions } from "../engine/optimizers";
import { OptionError } from "../errors";
import { jsonOptionValue } from "./json-option";
import {
  checkMembers,
  expected,
  readMemberNumber,
  readOptionBoolean,
} from "./json-schema";
import { describe, isDecimal } from "./numbers";
import { CLASS_WEIGHTS, EARLY_STOPPING, OPTIMIZER } from "./extended-schemas";

const [PLAIN, SGD, ADAM] = OPTIMIZER.oneOf;
const [BALANCED, PER_CLASS] = CLASS_WEIGHTS.oneOf;

/**
 * `optimizer`: "sgd", `{"sgd": {...}}` or `{"adam": {...}}`, torch's
 * defaults for omitted fields; undefined when it is plain SGD however
 * spelled, so the lab's path runs. Torch's rule that nesterov needs a
 * momentum above 0 is checked here.
 *
 * @throws OptionError naming the field that is wrong
 */
export function readOptimizer(
  raw: unknown,
  fromText: boolean,
): OptimizerOptions | undefined {
  if (raw === undefined || raw === PLAIN.const) return undefined;
  const value = jsonOptionValue("optimizer", raw, fromText);
  const keys =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value)
      : [];
  if (keys.length !== 1 || (keys[0] !== "sgd" && keys[0] !== "adam")) {
    throw new OptionError(
      `optimizer must be ${expected(OPTIMIZER)}, got ${describe(value)}`,
    );
  }
  const spec = value as Record<string, unknown>;
  if (keys[0] === "sgd") {
    const schema = SGD.properties.sgd;
    checkMembers("optimizer.sgd", schema, spec.sgd);
    const { momentum, nesterov, weightDecay } = schema.properties;
    const options = {
      kind: "sgd",
      momentum: readMemberNumber(
        "optimizer.sgd.momentum",
        momentum,
        spec.sgd.momentum,
      ),
      nesterov: readOptionBoolean(
        "optimizer.sgd.nesterov",
        nesterov,
        spec.sgd.nesterov,
        false,
      ),
      weightDecay: readMemberNumber(
        "optimizer.sgd.weightDecay",
        weightDecay,
        spec.sgd.weightDecay,
      ),
    } as const;
    if (options.nesterov && options.momentum === 0) {
      throw new OptionError(
        "optimizer.sgd.nesterov needs optimizer.sgd.momentum above 0, as torch.optim.SGD does",
      );
    }
    const plain = options.momentum === 0 && options.weightDecay === 0;
    return plain ? undefined : options;
  }
  const schema = ADAM.properties.adam;
  checkMembers("optimizer.adam", schema, spec.adam);
  const { beta1, beta2, eps, weightDecay } = schema.properties;
  const adam = spec.adam;
  return {
    kind: "adam",
    beta1: readMemberNumber("optimizer.adam.beta1", beta1, adam.beta1),
    beta2: readMemberNumber("optimizer.adam.beta2", beta2, adam.beta2),
    eps: readMemberNumber("optimizer.adam.eps", eps, adam.eps),
    weightDecay: readMemberNumber(
      "optimizer.adam.weightDecay",
      weightDecay,
      adam.weightDecay,
    ),
  };
}

/**
 * `earlyStopping`: `{"patience": k, "minDelta": d}`, minDelta 0 by default.
 * That it needs `validation` is checked by the caller, which sees both.
 *
 * @throws OptionError naming the field that is wrong
 */
export function readEarlyStopping(
  raw: unknown,
  fromText: boolean,
): EarlyStoppingOptions | undefined {
  if (raw === undefined) return undefined;
  const value = jsonOptionValue("earlyStopping", raw, fromText);
  checkMembers("earlyStopping", EARLY_STOPPING, value, true);
  const { patience, minDelta } = EARLY_STOPPING.properties;
  return {
    patience: readMemberNumber(
      "earlyStopping.patience",
      patience,
      value.patience,
    ),
    minDelta: readMemberNumber(
      "earlyStopping.minDelta",
      minDelta,
      value.minDelta,
    ),
  };
}

/**
 * `classWeights`: "balanced" or `{"0": a, "1": b}`, each weight above 0 in
 * float32 too (the engine keeps them as float32 sample weights).
 *
 * @throws OptionError naming the field that is wrong
 */
export function readClassWeights(
  raw: unknown,
  fromText: boolean,
): ClassWeightSpec | undefined {
  if (raw === undefined) return undefined;
  if (raw === BALANCED.const) return BALANCED.const;
  const value = jsonOptionValue("classWeights", raw, fromText);
  const labels =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value)
      : [];
  if (
    labels.length < PER_CLASS.minProperties ||
    labels.length > PER_CLASS.maxProperties ||
    labels.includes("")
  ) {
    throw new OptionError(
      `classWeights must be ${expected(CLASS_WEIGHTS)} (a weight for each class), got ${describe(value)}`,
    );
  }
  // Numbers in order of value, other keys by code point: a stable record.
  const numeric = labels.every((label) => isDecimal(label));
  labels.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const weights: [string, number][] = [];
  for (const label of labels) {
    const path = `classWeights[${JSON.stringify(label)}]`;
    const w = readMemberNumber(
      path,
      PER_CLASS.additionalProperties,
      (value as Record<string, unknown>)[label],
    );
    const rounded = Math.fround(w);
    if (!(rounded > 0 && Number.isFinite(rounded))) {
      throw new OptionError(
        `${path} must be above 0 and finite in float32, got ${w}`,
      );
    }
    weights.push([label, w]);
  }
  // Own keys, so a class named "__proto__" keeps its weight.
  return Object.fromEntries(weights);
}
