/**
 * The operations of the thresholds routes (src/http/thresholds.ts) and of
 * the pictures of a two-class version's score curves (src/http/reports.ts):
 * as operations.ts declares the others, from the same parts.
 */
import {
  BodyTooLargeError,
  MalformedBodyError,
  ReportNotFoundError,
  UnsupportedMediaTypeError,
  WriteConflictError,
  WritesDisabledError,
} from "../errors";
import { json, ok, operation, type Operation } from "./operation";
import { BODY_ERRORS, SVG, VERSIONED } from "./operations";
import {
  CHOICES,
  DATASET_PARAMETER,
  DIALECT,
  IDEMPOTENCY_KEY,
  KEYED_ERRORS,
  READ_ERRORS,
} from "./parameters";

/** A picture of a version's stored rows' scores (`?dataset=`). */
function picture(id: string, summary: string): Operation {
  return operation({
    id,
    tag: "reports",
    summary,
    parameters: [...VERSIONED, DATASET_PARAMETER],
    ok: ok("An SVG picture.", SVG),
    errors: [...READ_ERRORS, ReportNotFoundError],
  });
}

/** Each operation by its operationId, attached to its route by `documented`. */
export const THRESHOLD_OPERATIONS = {
  getPrSvg: picture(
    "getPrSvg",
    "The precision–recall curve with its average precision",
  ),
  getCalibrationSvg: picture(
    "getCalibrationSvg",
    "The reliability diagram (10 bins) with the Brier score",
  ),
  getThresholds: operation({
    id: "getThresholds",
    tag: "thresholds",
    summary: "Thresholds by F1, Youden's J, precision, recall or cost",
    description:
      "Chosen on the exact score curve the version stored at training (training rows, or the held-out ones with dataset=validation). Two-class models only; versions stored before the curves were kept answer 404 report_not_found.",
    parameters: [...VERSIONED, DATASET_PARAMETER, ...CHOICES],
    ok: ok("The thresholds.", json("Thresholds")),
    errors: [...READ_ERRORS, ReportNotFoundError],
  }),
  chooseThresholds: operation({
    id: "chooseThresholds",
    tag: "thresholds",
    summary: "Thresholds chosen on labelled rows",
    description:
      "The rows as /evaluate takes them (JSON {x, y}, or CSV with the label last); what to choose in the query string.",
    parameters: [...VERSIONED, ...CHOICES, ...DIALECT],
    body: ["EvaluationBody", "LabelledCsv"],
    ok: ok("The thresholds.", json("Thresholds")),
    errors: BODY_ERRORS,
  }),
  setThreshold: operation({
    id: "setThreshold",
    tag: "thresholds",
    summary: "Store a new version at another threshold",
    description:
      "The same weights and record as the version read (?version=, else the newest), the threshold given, and its accuracy and confusion matrices at it counted from the stored score curves; derivedFrom names the version it came from. Versions stored before the curves were kept answer 404 report_not_found.",
    parameters: [...VERSIONED, IDEMPOTENCY_KEY],
    body: ["ThresholdBody"],
    ok: {
      "201": {
        description: "The new version.",
        headers: {
          Location: { description: "/v1/models/{name}", schema: {} },
        },
        content: json("Model"),
      },
    },
    errors: [
      ...READ_ERRORS,
      MalformedBodyError,
      BodyTooLargeError,
      UnsupportedMediaTypeError,
      WritesDisabledError,
      ReportNotFoundError,
      WriteConflictError,
      ...KEYED_ERRORS,
    ],
  }),
} satisfies Record<string, Operation>;
