/**
 * Warnings about a trained model: a model that learned nothing useful is
 * still stored, and these tell the user why it should not be trusted. They
 * are read from what the training has at its end (training-end.ts: one
 * pass over its rows) and from its logged history; they change no number of
 * the model. Each rule has one named bound, stated in the README's
 * "Warnings" section, and says in its message what it saw and where.
 */
import type { ClassValue } from "./class-values";
import { parameterName } from "./finite-model";
import type { EpochLog } from "./epoch-history";
import { LOG_CLAMP, type TrainingEnd } from "./training-end";

/** The stable code of each warning. */
export type WarningCode =
  | "header_decision"
  | "saturated_probabilities"
  | "not_converged"
  | "unscaled_features"
  | "perfect_separation"
  | "below_majority";

/** Every code, in the order the warnings come in. */
export const WARNING_CODES: readonly WarningCode[] = [
  "header_decision",
  "saturated_probabilities",
  "not_converged",
  "unscaled_features",
  "perfect_separation",
  "below_majority",
];

/** One warning: a stable code and a lower-case message saying what and where. */
export interface TrainingWarning {
  readonly code: WarningCode;
  readonly message: string;
}

/**
 * The largest gradient component (of the mean cost, in the units trained
 * in) that counts as small: scikit-learn's default `tol` of
 * `LogisticRegression`, which its lbfgs solver takes as the bound on the
 * largest gradient component (scipy's `pgtol`) before it gives up with a
 * `ConvergenceWarning`.
 */
export const GRADIENT_TOLERANCE = 1e-4;

/**
 * How many of the last logged epochs `not_converged` reads the cost at: it
 * compares the last logged cost with the one two logged epochs before, so a
 * cost that swings up and down from one logged epoch to the next (lr a
 * little too large) is judged by its trend, not by its swing.
 */
export const STALL_WINDOW = 3;

/**
 * The relative fall of the cost over those logged epochs, (c_first −
 * c_last) / c_first, at or below which the cost has stopped falling: 0, no
 * fall at all. Gradient descent that is getting somewhere lowers the cost
 * at every step, however slowly near a minimum; a training stuck at the
 * log clamp repeats its cost exactly, and one whose lr is too large raises it.
 */
export const STALL_FALL = 0;

/**
 * The ratio of the widest feature's range (max − min) to the narrowest's
 * beyond which features are unscaled: one lr cannot suit both (the cost's
 * curvature along a feature grows with the square of its scale), a
 * thousandfold being the income-against-age case.
 */
export const SCALE_RATIO = 1000;

/**
 * The least fall of the training cost J, relative to J, for each relative
 * growth of all the parameters θ, −(θ·∇J) / J, that counts as weights still
 * growing: at 0.01, growing every parameter by 1% lowers J by 0.01%. On
 * separated classes with no penalty it is about the rows' mean margin,
 * and grows as training goes on; at a penalised minimum it is 0.
 */
export const GROWTH_ELASTICITY = 0.01;

/** What the rules read. */
export interface WarningInputs {
  /** The end of training, as `measureTrainingEnd` measures it. */
  readonly end: TrainingEnd;
  readonly history: readonly EpochLog[];
  /** Training-set accuracy of the final weights (at the model's threshold). */
  readonly accuracy: number;
  /** Whether training standardized the features. */
  readonly standardize: boolean;
  /** What each class index stands for, to name a class; 0..K−1 when absent. */
  readonly classValues?: readonly ClassValue[];
}

/**
 * The warnings of one training: `inputWarnings` (what reading the request
 * decided, such as whether a CSV's first row was a header) first, then one
 * for each rule that holds, in the order of `WARNING_CODES`.
 */
export function trainingWarnings(
  inputs: WarningInputs,
  inputWarnings: readonly TrainingWarning[] = [],
): TrainingWarning[] {
  const found = [
    saturation(inputs),
    notConverged(inputs),
    unscaledFeatures(inputs),
    perfectSeparation(inputs),
    belowMajority(inputs),
  ];
  return [
    ...inputWarnings,
    ...found.filter((w): w is TrainingWarning => w !== null),
  ];
}

/** `saturated_probabilities`: any row's own class at the log clamp. */
function saturation({ end }: WarningInputs): TrainingWarning | null {
  const { saturated, classCounts } = end;
  if (saturated === 0) return null;
  const rows = classCounts.reduce((a, b) => a + b, 0);
  return {
    code: "saturated_probabilities",
    message:
      `${saturated} of ${rows} training rows give their own class a probability of at most e^${LOG_CLAMP} (0 included), ` +
      `where binary cross-entropy clamps its log: the model is certain and wrong about them; lower lr or set standardize`,
  };
}

/**
 * `not_converged`: over the last `STALL_WINDOW` logged epochs the cost fell
 * by no more than `STALL_FALL` of itself (or rose), while a gradient
 * component is above `GRADIENT_TOLERANCE`.
 */
function notConverged({ end, history }: WarningInputs): TrainingWarning | null {
  if (history.length < 2) return null;
  const first = history[Math.max(0, history.length - STALL_WINDOW)];
  const last = history[history.length - 1];
  if (first.cost - last.cost > STALL_FALL * first.cost) return null;
  const { value, index } = largestComponent(end.gradient);
  if (value <= GRADIENT_TOLERANCE) return null;
  const how = last.cost > first.cost ? "rose" : "stopped falling";
  const outputs = end.gradient.length / (end.ranges.length + 1);
  const where = parameterName(index, outputs, end.gradient.length);
  const [from, to] = shortPair(first.cost, last.cost);
  return {
    code: "not_converged",
    message:
      `the cost ${how} from ${from} at epoch ${first.epoch} to ${to} at epoch ${last.epoch} ` +
      `while the gradient is ${short(value)} for ${where} (above ${GRADIENT_TOLERANCE}): training has not reached a minimum; ` +
      `lower lr, set standardize, or train longer`,
  };
}

/**
 * `unscaled_features`: with standardize off, the widest feature's range is
 * over `SCALE_RATIO` times the narrowest's (constant features aside).
 */
function unscaledFeatures({
  end,
  standardize,
}: WarningInputs): TrainingWarning | null {
  if (standardize) return null;
  const { ranges } = end;
  let wide = -1;
  let narrow = -1;
  for (let j = 0; j < ranges.length; j++) {
    if (!(ranges[j] > 0)) continue;
    if (wide === -1 || ranges[j] > ranges[wide]) wide = j;
    if (narrow === -1 || ranges[j] < ranges[narrow]) narrow = j;
  }
  if (wide === -1 || ranges[wide] <= SCALE_RATIO * ranges[narrow]) return null;
  const ratio = ranges[wide] / ranges[narrow];
  return {
    code: "unscaled_features",
    message:
      `feature ${wide + 1} spans ${short(ranges[wide])} and feature ${narrow + 1} spans ${short(ranges[narrow])}, ` +
      `${short(ratio)} times as wide (over ${SCALE_RATIO}) with standardize off: one lr cannot suit both; set standardize`,
  };
}

/**
 * `perfect_separation`: every training row is classified right and the
 * weights are still growing, −(θ·∇J) > `GROWTH_ELASTICITY`·J.
 */
function perfectSeparation({
  end,
  accuracy,
}: WarningInputs): TrainingWarning | null {
  if (accuracy !== 1) return null;
  const { radial, cost, penalised } = end;
  if (!(radial > GROWTH_ELASTICITY * cost)) return null;
  const why = penalised
    ? "the classes are perfectly separated and the penalty has not stopped the weights yet; train longer or raise l2"
    : "the classes are perfectly separated, so without a penalty the weights grow without bound and the probabilities tend to 0 and 1; set l2 to keep them finite";
  return {
    code: "perfect_separation",
    message:
      `training accuracy is 1 and the weights are still growing: each 1% they grow lowers the cost by ${short(radial / cost)}% ` +
      `(over ${GROWTH_ELASTICITY}%); ${why}`,
  };
}

/** `below_majority`: fewer rows right than always predicting the largest class. */
function belowMajority({
  end,
  accuracy,
  classValues,
}: WarningInputs): TrainingWarning | null {
  const { classCounts } = end;
  const rows = classCounts.reduce((a, b) => a + b, 0);
  let majority = 0;
  for (let k = 1; k < classCounts.length; k++) {
    if (classCounts[k] > classCounts[majority]) majority = k;
  }
  const right = Math.round(accuracy * rows);
  if (right >= classCounts[majority]) return null;
  const [ours, theirs] = shortPair(accuracy, classCounts[majority] / rows);
  return {
    code: "below_majority",
    message:
      `training accuracy ${ours} (${right} of ${rows} rows) is below the ${theirs} ` +
      `of always predicting class ${JSON.stringify(classValues?.[majority] ?? majority)} (${classCounts[majority]} rows)`,
  };
}

/** The largest |g_q| and its index q. */
function largestComponent(g: Float64Array): { value: number; index: number } {
  let index = 0;
  for (let q = 1; q < g.length; q++) {
    if (Math.abs(g[q]) > Math.abs(g[index])) index = q;
  }
  return { value: Math.abs(g[index]), index };
}

/** A number to 4 significant digits, as messages show it. */
function short(x: number): string {
  return toDigits(x, 4);
}

/**
 * Two numbers a message compares, as `short` shows them, or with as many
 * more significant digits as tell them apart when they differ: a message
 * must not say a cost rose from 0.4662 to 0.4662.
 */
function shortPair(a: number, b: number): [string, string] {
  for (let digits = 4; digits < 17; digits++) {
    const pair: [string, string] = [toDigits(a, digits), toDigits(b, digits)];
    if (pair[0] !== pair[1] || a === b) return pair;
  }
  return [String(a), String(b)];
}

/** `x` to `digits` significant digits, without trailing zeros. */
function toDigits(x: number, digits: number): string {
  return String(Number(x.toPrecision(digits)));
}
