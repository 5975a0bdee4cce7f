/**
 * The OpenAPI 3.1 document of the service, built from the schemas that
 * validate requests (src/input/schemas.ts) and describe answers
 * (src/input/response-schemas.ts), so it says what the code does. Served at
 * `GET /openapi.json`; `/docs` renders it (src/page/docs.ts).
 */
import type { JsonSchema } from "../input/json-schema";
import {
  BodyTooLargeError,
  DatasetError,
  FeatureMismatchError,
  InternalError,
  LimitError,
  MalformedBodyError,
  ModelNameError,
  ModelNotFoundError,
  OptionError,
  TrainingDivergedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  WritesDisabledError,
  type ErrorClass,
} from "../errors";
import * as answers from "../input/response-schemas";
import * as requests from "../input/schemas";

/** The service's name and version, as `info` gives them. */
export const SERVICE = { name: "edge-logreg", version: "0.1.0" } as const;

/** A parameter: its value described by a schema, or by JSON content. */
export interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  content?: Content;
}

/** Media types and their schemas. */
export type Content = Record<string, { schema: JsonSchema }>;

/** A response: what it means, and its body by media type. */
export interface Answer {
  description: string;
  content?: Content;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** One operation, as the document and the /docs page use it. */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: Content };
  responses: Record<string, Answer>;
}

/** The HTTP methods the service uses, lower case as OpenAPI keys them. */
export type Method = "get" | "put" | "post" | "delete";

/** The document, typed as far as this service fills it. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, object>;
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string): Content => ({
  "application/json": { schema: ref(name) },
});
const text = (type: string): Content => ({
  [type]: { schema: { type: "string" } },
});
const ok = (description: string, content: Content) => ({
  "200": { description, content },
});

const NAME: Parameter = {
  name: "name",
  in: "path",
  required: true,
  schema: requests.MODEL_NAME,
};

const query = (key: keyof typeof requests.QUERY): Parameter => ({
  name: key,
  in: "query",
  ...(key === "x" && { required: true }),
  schema: requests.QUERY[key],
});

const CSV_ONLY = "With a text/csv body only: a JSON body carries its options.";

// Training options in the query string; init and validation are JSON there.
const OPTIONS = Object.entries(requests.TRAINING_OPTIONS).map(
  ([key, schema]: [string, JsonSchema]): Parameter => ({
    name: key,
    in: "query",
    description: CSV_ONLY,
    ...(schema.type === "object" || schema.oneOf
      ? { content: { "application/json": { schema } } }
      : { schema }),
  }),
);

const READ_ERRORS = [
  ModelNameError,
  OptionError,
  UnauthorizedError,
  ModelNotFoundError,
];
const BODY_ERRORS = [
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
];

/** What an operation of the API is: all but its security and error bodies. */
interface Spec {
  id: string;
  tag: string;
  summary: string;
  description?: string;
  parameters: Parameter[];
  body?: [json: string, csv: string];
  ok: Record<string, Answer>;
  /** Its errors; a write is an operation that may answer WritesDisabledError. */
  errors: readonly ErrorClass[];
}

/** An operation from its spec: bearer security, each error under its status. */
function operation(spec: Spec): Operation {
  const { id, tag, summary, description, parameters, body, ok } = spec;
  const responses = { ...ok };
  for (const { code, status, meaning } of [...spec.errors, InternalError]) {
    const line = `\`${code}\`: ${meaning}`;
    const seen = responses[status];
    responses[status] = seen
      ? { ...seen, description: `${seen.description}; ${line}` }
      : { description: line, content: json("Error") };
  }
  // Writes need API_TOKEN; reads need a token only where READ_TOKEN is set.
  const write = spec.errors.includes(WritesDisabledError);
  return {
    operationId: id,
    summary,
    ...(description && { description }),
    tags: [tag],
    security: write ? [{ bearer: [] }] : [{}, { bearer: [] }],
    parameters,
    ...(body && {
      requestBody: {
        required: true,
        content: { ...json(body[0]), "text/csv": { schema: ref(body[1]) } },
      },
    }),
    responses,
  };
}

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
const VERSIONED = [NAME, query("version")];
const PREDICTING = [query("version"), query("threshold"), query("explain")];
const PREDICTION = ok("Probabilities and labels.", json("Prediction"));
const SVG = text("image/svg+xml");
const HTML = text("text/html");

/** A read of one version of a model, as `content`. */
function reading(id: string, tag: string, summary: string, content: Content) {
  return operation({
    id,
    tag,
    summary,
    parameters: VERSIONED,
    ok: ok(summary, content),
    errors: READ_ERRORS,
  });
}

/** A route outside the API: no token, no errors of its own. */
function site(
  id: string,
  summary: string,
  ok: Record<string, Answer>,
): Operation {
  return {
    operationId: id,
    summary,
    tags: ["service"],
    security: [],
    responses: ok,
  };
}

const OBJECT = { "application/json": { schema: { type: "object" } } } as const;

/** Every route the app serves, by OpenAPI path and method. */
const PATHS: OpenApiDocument["paths"] = {
  "/v1/models": {
    get: operation({
      id: "listModels",
      tag: "models",
      summary: "List models in name order, a page at a time",
      parameters: [query("limit"), query("cursor")],
      ok: ok("A page.", json("ModelList")),
      errors: [OptionError, UnauthorizedError],
    }),
    post: operation({
      ...TRAINING,
      id: "createModel",
      summary: "Train a model named m-<uuid>",
      parameters: OPTIONS,
    }),
  },
  "/v1/models/{name}": {
    put: operation({
      ...TRAINING,
      id: "trainModel",
      summary: "Train a new version of a model",
      parameters: [NAME, ...OPTIONS],
    }),
    get: reading(
      "getModel",
      "models",
      "A version's history and weights",
      json("Model"),
    ),
    delete: operation({
      id: "deleteModel",
      tag: "models",
      summary: "Delete a model and every version",
      parameters: [NAME],
      ok: { "204": { description: "Deleted." } },
      errors: [
        ModelNameError,
        UnauthorizedError,
        WritesDisabledError,
        ModelNotFoundError,
      ],
    }),
  },
  "/v1/models/{name}/predict": {
    post: operation({
      id: "predictRows",
      tag: "predictions",
      summary: "Predict rows sent as JSON or CSV (no labels)",
      parameters: [NAME, ...PREDICTING],
      body: ["PredictionBody", "RowsCsv"],
      ok: PREDICTION,
      errors: BODY_ERRORS,
    }),
    get: operation({
      id: "predictRow",
      tag: "predictions",
      summary: "Predict one row given in the query string",
      parameters: [NAME, query("x"), ...PREDICTING],
      ok: PREDICTION,
      errors: [...READ_ERRORS, DatasetError, FeatureMismatchError],
    }),
  },
  "/v1/models/{name}/evaluate": {
    post: operation({
      id: "evaluateModel",
      tag: "predictions",
      summary: "Metrics of a model on labelled rows",
      description:
        "JSON {x, y, threshold}, or CSV with the label last and threshold in the query string.",
      parameters: [
        ...VERSIONED,
        { ...query("threshold"), description: CSV_ONLY },
      ],
      body: ["EvaluationBody", "LabelledCsv"],
      ok: ok("The metrics.", json("Evaluation")),
      errors: BODY_ERRORS,
    }),
  },
  "/v1/models/{name}/report": {
    get: reading(
      "getReport",
      "reports",
      "The training report (the lab's lines with Accept: text/plain)",
      { ...json("Report"), ...text("text/plain") },
    ),
  },
  "/v1/models/{name}/history.svg": {
    get: reading(
      "getHistorySvg",
      "reports",
      "Cost and accuracy per logged epoch",
      SVG,
    ),
  },
  "/v1/models/{name}/roc.svg": {
    get: reading("getRocSvg", "reports", "The training set's ROC curve", SVG),
  },
  "/health": {
    get: site("getHealth", "Liveness", ok("ok", text("text/plain"))),
  },
  "/openapi.json": {
    get: site("getOpenApi", "This document", ok("OpenAPI 3.1.", OBJECT)),
  },
  "/docs": {
    get: site("getDocs", "A reference to try the API in", ok("HTML.", HTML)),
  },
  "/": {
    get: site(
      "getPage",
      "The page",
      ok("HTML; with Accept: application/json, {service, endpoints}.", {
        ...HTML,
        ...OBJECT,
      }),
    ),
  },
  "/favicon.ico": {
    get: site("getFavicon", "No icon", { "204": { description: "Nothing." } }),
  },
};

function build(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: SERVICE.name,
      version: SERVICE.version,
      description:
        'Logistic regression as a service: train on posted data, store in KV, predict, report. Every error is {"error": {"code", "message", "requestId"}}.',
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "models", description: "Train, list, read and delete models." },
      { name: "predictions", description: "Use a model on new rows." },
      { name: "reports", description: "How training went." },
      { name: "service", description: "Health, this document, the pages." },
    ],
    paths: PATHS,
    components: {
      schemas: {
        TrainingBody: requests.TRAINING_BODY,
        LabelledCsv: requests.LABELLED_CSV,
        PredictionBody: requests.PREDICTION_BODY,
        RowsCsv: requests.ROWS_CSV,
        EvaluationBody: requests.EVALUATION_BODY,
        Model: answers.MODEL,
        ModelList: answers.MODEL_LIST,
        Prediction: answers.PREDICTION,
        Evaluation: answers.EVALUATION,
        Metrics: answers.METRICS,
        Report: answers.REPORT,
        Error: answers.ERROR,
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "API_TOKEN for writes; for reads, READ_TOKEN or API_TOKEN where READ_TOKEN is set (reads are public otherwise).",
        },
      },
    },
  };
}

let built: OpenApiDocument | undefined;

/** The document, built on first use and kept for the isolate's life. */
export function openApiDocument(): OpenApiDocument {
  return (built ??= build());
}
