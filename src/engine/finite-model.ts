/**
 * The guarantee that a trained model holds no NaN and no infinity. JSON has
 * neither (`JSON.stringify` writes null), so a stored model with one would
 * show null for a weight or a cost and predict null; `fitModel` refuses it
 * before anything is stored. The check walks the whole of what a training
 * returns, whatever its fields, so a field added later is covered too, and
 * names the first such number in the words of the model.
 */
import { TrainingDivergedError } from "../errors";

/** A key on the way from a value's root to one of its numbers. */
type Key = string | number;

/** A number that is not finite, and where it sits. */
export interface NonFinite {
  /** Its keys from the root, such as `["history", 3, "validationCost"]`. */
  readonly path: readonly Key[];
  readonly value: number;
}

/**
 * The first number in `value` that is not finite, walking objects in key
 * order and arrays and typed arrays in index order, or null when every
 * number is finite. Nulls are JSON's own markers of "none" (a ROC curve's
 * first threshold, the AUC of one class) and are not numbers.
 */
export function firstNonFinite(value: unknown): NonFinite | null {
  const path: Key[] = [];
  const found = walk(value, path);
  return found === null ? null : { path, value: found };
}

/**
 * The first non-finite number in `value`, with its keys pushed onto `path`
 * (which holds the keys down to `value`), or null, `path` as it was.
 */
function walk(value: unknown, path: Key[]): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : value;
  if (value === null || typeof value !== "object") return null;
  if (ArrayBuffer.isView(value)) {
    // Integer arrays hold no NaN and no infinity; float arrays are read by
    // a loop of their own, not the generic one below (whose reads of many
    // kinds of array V8 cannot specialise).
    if (!(value instanceof Float32Array || value instanceof Float64Array)) {
      return null;
    }
    const i = nonFiniteIndex(value);
    if (i < 0) return null;
    path.push(i);
    return value[i];
  }
  if (Array.isArray(value)) {
    const items = value as unknown as ArrayLike<unknown>;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // Numbers, the most of any model, are checked without a step down.
      if (typeof item === "number" && Number.isFinite(item)) continue;
      path.push(i);
      const found = walk(item, path);
      if (found !== null) return found;
      path.pop();
    }
    return null;
  }
  // for-in, not Object.keys: no array of keys made for each of the
  // objects (a training logged every epoch returns 1,001 history entries).
  // A model's objects are plain data, whose enumerable keys are their own.
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === "number" && Number.isFinite(item)) continue;
    path.push(key);
    const found = walk(item, path);
    if (found !== null) return found;
    path.pop();
  }
  return null;
}

/** The index of the first number of `values` that is not finite, or -1. */
function nonFiniteIndex(values: Float32Array | Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

/**
 * `model` (a trained model as `fitModel` returns it), once every number in
 * it is finite.
 *
 * @throws TrainingDivergedError naming the first number that is not
 */
export function finiteModel<T extends object>(model: T): T {
  const found = firstNonFinite(model);
  if (found === null) return model;
  throw new TrainingDivergedError(
    `${numberName(model, found.path)} is ${found.value}, and a stored model holds finite numbers only`,
  );
}

/** What the history's fields are, in words. */
const HISTORY: Record<string, string> = {
  cost: "the cost",
  dataCost: "the cost without the penalty",
  accuracy: "the accuracy",
  validationCost: "the validation cost",
  validationAccuracy: "the validation accuracy",
};

/** What the three sets of weights are, in words. */
const WEIGHTS: Record<string, [before: string, after: string]> = {
  weights: ["", ""],
  standardizedWeights: ["", " in standardized units"],
  initialWeights: ["starting ", ""],
};

/**
 * The number at `path` in `model`, in words: "the weight of feature 2 of
 * class 1", "the validation cost at epoch 30", "the training rows' logLoss";
 * a field this does not know by its path (`stopping.bestEpoch`).
 */
export function numberName(model: object, path: readonly Key[]): string {
  const [head, second, third, ...rest] = path;
  const at = (key: Key) => (model as Record<Key, unknown>)[key];
  if (typeof head === "string" && Object.hasOwn(WEIGHTS, head)) {
    const { w, b } = at(head) as Record<"w" | "b", ArrayLike<number>>;
    return weightName(WEIGHTS[head], b.length, w.length, path.slice(1));
  }
  if (head === "history" && typeof second === "number") {
    const entry = (at("history") as { epoch?: number }[])[second];
    const what = HISTORY[third as string] ?? `the ${String(third)}`;
    return `${what} at epoch ${entry?.epoch ?? second}`;
  }
  if (head === "metrics") {
    return `the training rows' ${dotted(path.slice(1))}`;
  }
  if (head === "validation" && second === "metrics") {
    return `the held-out rows' ${dotted(path.slice(2))}`;
  }
  if (head === "standardization" && typeof third === "number") {
    return `the ${String(second)} of feature ${third + 1}`;
  }
  return dotted([head, second, third, ...rest].filter((k) => k !== undefined));
}

/**
 * A weight (`["w", q]`) or bias (`["b", k]`) of a model of `outputs`
 * outputs and `size` weights: W_kj = w[k·d + j], one row per class when
 * there are many.
 */
function weightName(
  [before, after]: [string, string],
  outputs: number,
  size: number,
  [part, index]: readonly Key[],
): string {
  if (part !== "w" && part !== "b") return `the ${before}weights${after}`;
  const q = Number(index) + (part === "b" ? size : 0);
  return parameterName(q, outputs, size + outputs, before) + after;
}

/**
 * Parameter `q` of [W, b], the `size` parameters of a model of `outputs`
 * outputs as training lays them out, in words: "the weight of feature 2",
 * "the bias of class 3"; `before` goes before "weight" or "bias".
 */
export function parameterName(
  q: number,
  outputs: number,
  size: number,
  before = "",
): string {
  const d = (size - outputs) / outputs;
  const of = (k: number) => (outputs > 1 ? ` of class ${k}` : "");
  if (q >= size - outputs) {
    return `the ${before}bias${of(q - (size - outputs))}`;
  }
  return `the ${before}weight of feature ${(q % d) + 1}${of(Math.floor(q / d))}`;
}

/** `a.b[3].c`. */
function dotted(path: readonly Key[]): string {
  return path
    .map((key, i) =>
      typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`,
    )
    .join("");
}
