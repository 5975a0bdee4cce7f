/**
 * JSON Schemas of the metrics the API answers with, in reports and
 * evaluations, written by hand after the shapes src/engine/metrics.ts and
 * src/engine/multiclass-metrics.ts build; tests/http/openapi.test.ts checks
 * real answers against them. Each is self-contained (no `$ref`).
 */
import type { JsonSchema } from "../input/json-schema";
import { MODEL_NAME, VERSION } from "../input/schemas";
import { INPUT_WARNINGS } from "./warning-schemas";
import {
  classCount,
  classValues,
  count,
  fraction,
  number,
  strict,
} from "./schema-parts";

const rates = { type: "array", items: { type: ["number", "null"] } } as const;

/** The binary confusion matrix. */
export const CONFUSION = strict(
  { tp: count, fp: count, tn: count, fn: count },
  [],
  "Counts at the threshold, positive = label 1.",
);

const METRIC_PROPERTIES = {
  samples: count,
  positives: count,
  negatives: count,
  threshold: fraction,
  confusionMatrix: CONFUSION,
  accuracy: fraction,
  precision: fraction,
  recall: fraction,
  f1: fraction,
  specificity: fraction,
  logLoss: number,
  rocAuc: {
    type: ["number", "null"],
    description:
      "Null when the labels hold one class. Exact, as sklearn's roc_auc_score, up to 786,432 rows a set (every request); past that (a job's set), the area under the curve of a score histogram (bins of 2^12 float32 values), with rocAucError.",
  },
  rocAucError: {
    type: "number",
    minimum: 0,
    maximum: 0.5,
    description:
      "Only where rocAuc comes from a score histogram: |rocAuc − exact AUC| ≤ rocAucError = Σ_b pos_b·neg_b / (2·P·N) over the bins b (P, N: rows labelled 1 and 0), a pair of rows in one bin counting one half where the exact AUC counts 0, ½ or 1.",
  },
  roc: {
    type: ["object", "null"],
    description:
      "fpr, tpr and thresholds as sklearn's roc_curve; the first threshold (Infinity) is null. Null when the labels hold one class.",
    properties: { fpr: rates, tpr: rates, thresholds: rates },
    required: ["fpr", "tpr", "thresholds"],
    additionalProperties: false,
  },
} as const satisfies Record<string, JsonSchema>;

/** Binary classification metrics, as scikit-learn defines them. */
export const METRICS = strict(METRIC_PROPERTIES, ["rocAucError"]);

const perClass = (what: string) =>
  ({
    type: "array",
    items: number,
    description: `${what}, one per class.`,
  }) as const;

const AVERAGES = strict({
  precision: fraction,
  recall: fraction,
  f1: fraction,
});

/** What softmax metrics say; `confusionMatrix` is the report's too. */
export const CLASS_METRIC_PROPERTIES = {
  samples: count,
  classes: classCount,
  accuracy: {
    ...fraction,
    description: "Rows whose arg-max class is the label.",
  },
  cost: { ...number, description: "Mean cross-entropy, F.cross_entropy." },
  confusionMatrix: {
    type: "array",
    items: { type: "array", items: count },
    description:
      "K × K: row a, column p counts rows of class a predicted as p (sklearn's confusion_matrix).",
  },
  precision: perClass("Precision (0 where nothing is predicted as the class)"),
  recall: perClass("Recall (0 where the class has no row)"),
  f1: perClass("F1"),
  support: { type: "array", items: count, description: "Rows per class." },
  macro: { ...AVERAGES, description: "Unweighted means over the classes." },
  weighted: { ...AVERAGES, description: "Means weighted by support." },
} as const satisfies Record<string, JsonSchema>;

/** Metrics of a softmax model: per class, as scikit-learn defines them. */
export const CLASS_METRICS = strict(CLASS_METRIC_PROPERTIES);

// Posted rows are a request's: their AUC is exact, never with an error.
const { rocAucError: _binned, ...binary } = METRIC_PROPERTIES;
const EVALUATED_PROPERTIES = {
  ...binary,
  rocAuc: {
    type: ["number", "null"],
    description: "Null when the labels hold one class.",
  },
} as const satisfies Record<string, JsonSchema>;

/** The metrics of a model on posted rows: `POST .../evaluate`. */
export const EVALUATION = {
  oneOf: [
    strict(
      {
        name: MODEL_NAME,
        version: VERSION,
        classes: classValues,
        ...EVALUATED_PROPERTIES,
        warnings: INPUT_WARNINGS,
      },
      ["warnings"],
      "Of a two-class model.",
    ),
    strict(
      {
        name: MODEL_NAME,
        version: VERSION,
        ...CLASS_METRIC_PROPERTIES,
        classes: classValues,
        warnings: INPUT_WARNINGS,
      },
      ["warnings"],
      "Of a softmax model.",
    ),
  ],
} as const satisfies JsonSchema;
