/**
 * Every operation the app serves: its parameters and bodies from the schemas
 * that validate requests (src/input/schemas.ts), its answers by component
 * name (document.ts), and the error classes it may answer with
 * (src/errors.ts). Its path and method are its route's (documented.ts).
 */
import {
  BodyTooLargeError,
  DatasetError,
  FeatureMismatchError,
  IdempotencyKeyError,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  LimitError,
  MalformedBodyError,
  ModelNameError,
  ModelNotFoundError,
  NotAcceptableError,
  OptionError,
  TrainingDivergedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  WriteConflictError,
  WritesDisabledError,
} from "../errors";
import type { JsonSchema } from "../input/json-schema";
import * as requests from "../input/schemas";
import {
  CSV_ONLY,
  DIALECT,
  IDEMPOTENCY_KEY,
  KEYED_ERRORS,
  NAME,
  OPTIONS,
  READ_ERRORS,
  query,
} from "./parameters";
import { JOB_OPERATIONS } from "./job-operations";
import { VERSION_OPERATIONS } from "./version-operations";
import {
  json,
  ok,
  operation,
  page,
  site,
  text,
  type Answer,
  type Content,
  type Parameter,
  type Operation,
  type Spec,
} from "./operation";

/** What a read of a model with a body of rows may answer. */
export const BODY_ERRORS = [
  ...READ_ERRORS,
  MalformedBodyError,
  DatasetError,
  FeatureMismatchError,
  BodyTooLargeError,
  UnsupportedMediaTypeError,
  LimitError,
];
const TRAIN_ERRORS = [
  ...BODY_ERRORS.filter((error) => error !== ModelNotFoundError),
  WritesDisabledError,
  TrainingDivergedError,
  WriteConflictError,
  ...KEYED_ERRORS,
];

const TRAINING: Omit<Spec, "id" | "summary" | "parameters"> = {
  tag: "models",
  description:
    "JSON {x, y, ...options}, or CSV with the label last and the options in the query string. Nothing is stored when training fails.",
  body: ["TrainingBody", "LabelledCsv"],
  ok: {
    "201": {
      description: "The new version; Location is its path.",
      headers: { Location: { description: "/v1/models/{name}", schema: {} } },
      content: json("Model"),
    },
  },
  errors: TRAIN_ERRORS,
};
/** The parameters of a read of one version: the name and `version`. */
export const VERSIONED = [NAME, query("version")];
// Every read of a version says which answered (http/model-param.ts).
const ANSWERED_BY = {
  "X-Model-Version": {
    description:
      "The version that answered: the one version= names (a number or an alias), else the one serving names, else the newest.",
    schema: { type: "integer", minimum: 1 },
  },
} as const;
const PREDICTING = [query("version"), query("threshold"), query("explain")];
// A prediction answers JSON, or streams its rows as CSV or NDJSON when the
// Accept header asks for them (src/input/answer-format.ts).
const PREDICTION: Record<string, Answer> = {
  "200": {
    description:
      "Probabilities and labels: JSON by default, rows streamed as CSV or NDJSON when Accept asks for text/csv or application/x-ndjson. Over MAX_PREDICTION_VALUES numbers a JSON answer is a 422, a streamed one over MAX_STREAMED_VALUES.",
    headers: {
      ...ANSWERED_BY,
      "X-Header-Decision": {
        description:
          "With a streamed answer to a CSV body whose first row of numbers header=auto took for a header: the header_decision warning's message.",
        schema: { type: "string" },
      },
    },
    content: {
      ...json("Prediction"),
      "text/csv": {
        schema: {
          type: "string",
          description:
            "A header line, then a line a row: probability,label (two classes) or probability_0,…,probability_{K−1},label (K classes); with explain=true, then bias,contribution_0,…,contribution_{d−1},logit (of the label's class). Numbers as the JSON answer writes them.",
        },
      },
      "application/x-ndjson": {
        schema: {
          type: "string",
          description:
            'A JSON object a line, a row\'s entries of the JSON answer: {"probability", "label"} (two classes) or {"probabilities", "label"} (K classes), with "explanation" when explain=true.',
        },
      },
    },
  },
};
const PREDICTION_ERRORS = [NotAcceptableError, LimitError];
/** A picture's answer: a standalone SVG. */
export const SVG = text("image/svg+xml");
const HTML = text("text/html");
const ONNX_BYTES: Content = {
  "application/octet-stream": {
    schema: { type: "string", description: "An ONNX ModelProto (protobuf)." },
  },
};

/** A read of one version of a model, as `content`. */
function reading(id: string, tag: string, summary: string, content: Content) {
  return operation({
    id,
    tag,
    summary,
    parameters: VERSIONED,
    ok: { "200": { description: summary, content, headers: ANSWERED_BY } },
    errors: READ_ERRORS,
  });
}

const OBJECT = { "application/json": { schema: { type: "object" } } } as const;

/**
 * Every operation of the app, by its operationId. The routes attach each to
 * its handler (`documented`, documented.ts), which gives it its path and
 * method: no route is listed twice.
 */
export const OPERATIONS = {
  listModels: operation({
    id: "listModels",
    tag: "models",
    summary: "List models in name order, a page at a time",
    parameters: [query("limit"), query("cursor")],
    ok: ok("A page.", json("ModelList")),
    errors: [OptionError, UnauthorizedError],
  }),
  createModel: operation({
    ...TRAINING,
    id: "createModel",
    summary: "Train a model named m-<uuid>",
    description: `${TRAINING.description} With an Idempotency-Key, the name is derived from the key, so a retry trains the same name.`,
    parameters: [IDEMPOTENCY_KEY, ...OPTIONS, ...DIALECT],
  }),
  trainModel: operation({
    ...TRAINING,
    id: "trainModel",
    summary: "Train a new version of a model",
    parameters: [NAME, IDEMPOTENCY_KEY, ...OPTIONS, ...DIALECT],
  }),
  getModel: reading(
    "getModel",
    "models",
    "A version's history and weights",
    json("Model"),
  ),
  deleteModel: operation({
    id: "deleteModel",
    tag: "models",
    summary: "Delete a model and every version",
    description:
      "Recorded first, so no version of the model is served again; its keys are then deleted, and a repeated delete (204) finishes a cleanup left undone.",
    parameters: [NAME, IDEMPOTENCY_KEY],
    ok: { "204": { description: "Deleted." } },
    errors: [
      ModelNameError,
      OptionError,
      UnauthorizedError,
      WritesDisabledError,
      ModelNotFoundError,
      ...KEYED_ERRORS,
    ],
  }),
  predictRows: operation({
    id: "predictRows",
    tag: "predictions",
    summary: "Predict rows sent as JSON or CSV (no labels)",
    parameters: [NAME, ...PREDICTING, ...DIALECT],
    body: ["PredictionBody", "RowsCsv"],
    ok: PREDICTION,
    errors: [...BODY_ERRORS, NotAcceptableError],
  }),
  predictRow: operation({
    id: "predictRow",
    tag: "predictions",
    summary: "Predict one row given in the query string",
    parameters: [NAME, query("x"), ...PREDICTING],
    ok: PREDICTION,
    errors: [
      ...READ_ERRORS,
      DatasetError,
      FeatureMismatchError,
      ...PREDICTION_ERRORS,
    ],
  }),
  evaluateModel: operation({
    id: "evaluateModel",
    tag: "predictions",
    summary: "Metrics of a model on labelled rows",
    description:
      "JSON {x, y, threshold}, or CSV with the label last and threshold in the query string.",
    parameters: [
      ...VERSIONED,
      { ...query("threshold"), description: CSV_ONLY },
      ...DIALECT,
    ],
    body: ["EvaluationBody", "LabelledCsv"],
    ok: {
      "200": {
        description: "The metrics.",
        content: json("Evaluation"),
        headers: ANSWERED_BY,
      },
    },
    errors: BODY_ERRORS,
  }),
  getReport: reading(
    "getReport",
    "reports",
    "The training report (the lab's lines with Accept: text/plain)",
    { ...json("Report"), ...text("text/plain") },
  ),
  getHistorySvg: reading(
    "getHistorySvg",
    "reports",
    "Cost and accuracy per logged epoch",
    SVG,
  ),
  getRocSvg: reading(
    "getRocSvg",
    "reports",
    "The training set's ROC curve",
    SVG,
  ),
  exportOnnx: reading(
    "exportOnnx",
    "export",
    "The version as an ONNX model (opset 13): input x float32 [N, d]; outputs probabilities and label (the class index)",
    ONNX_BYTES,
  ),
  exportModule: reading(
    "exportModule",
    "export",
    "The version as a dependency-free ES module exporting predict(rows), which answers {probabilities, labels} as /predict does",
    text("text/javascript"),
  ),
  ...VERSION_OPERATIONS,
  ...JOB_OPERATIONS,
  getHealth: site("getHealth", "Liveness", ok("ok", text("text/plain"))),
  getOpenApi: site("getOpenApi", "This document", ok("OpenAPI 3.1.", OBJECT)),
  getDocs: page("getDocs", "A reference to try the API in", ok("HTML.", HTML)),
  getPage: page(
    "getPage",
    "The page",
    ok("HTML; with Accept: application/json, {service, endpoints}.", {
      ...HTML,
      ...OBJECT,
    }),
  ),
  getFavicon: page("getFavicon", "No icon", {
    "204": { description: "Nothing." },
  }),
} satisfies Record<string, Operation>;
