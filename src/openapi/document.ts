/**
 * The OpenAPI 3.1 document of the service, built from the schemas that
 * validate requests (src/input/schemas.ts) and describe answers
 * (response-schemas.ts, metric-schemas.ts, alias-schemas.ts), the operations (operations.ts)
 * the routes attach to their handlers, and the error classes (src/errors.ts), so it says what the code does. Served at
 * `GET /openapi.json`; `/docs` renders it (src/page/docs.ts).
 */
import { name, version } from "../../package.json";
import type { JsonSchema } from "../input/json-schema";
import * as aliases from "./alias-schemas";
import * as datasets from "./dataset-schemas";
import * as requests from "../input/schemas";
import * as jobs from "./job-operations";
import * as metrics from "./metric-schemas";
import { pathsOf, type RouteEntry } from "./documented";
import { INFERENCE_SCHEMAS } from "./inference-operations";
import type { Paths } from "./operation";
import { PREDICTION } from "./prediction-schemas";
import * as answers from "./response-schemas";
import { THRESHOLD_BODY } from "../input/threshold-schemas";
import { UPLOAD_OPTIONS } from "../input/upload-options";
import { THRESHOLDS } from "./threshold-schemas";

/** The service's name and version, as `info` gives them: package.json's. */
export const SERVICE = { name, version } as const;

/** The document, typed as far as this service fills it. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Paths;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, object>;
  };
}

function build(routes: readonly RouteEntry[]): OpenApiDocument {
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
      {
        name: "export",
        description:
          "A version as a file that predicts without the service: ONNX, an ES module.",
      },
      {
        name: "thresholds",
        description:
          "Thresholds a person chooses on a two-class model, and versions at them.",
      },
      {
        name: "datasets",
        description:
          "CSV files in R2 for jobs: stored whole or in parts, listed, read back (a token always), deleted.",
      },
      {
        name: "jobs",
        description:
          "Training on a stored dataset past one request: a Workflow per job, its progress and events.",
      },
      { name: "service", description: "Health, this document, the pages." },
      {
        name: "kserve-v2",
        description:
          'The Open Inference Protocol (KServe V2) under /v2: its errors are {"error": "..."}.',
      },
    ],
    paths: pathsOf(routes),
    components: {
      schemas: {
        TrainingBody: requests.TRAINING_BODY,
        LabelledCsv: requests.LABELLED_CSV,
        PredictionBody: requests.PREDICTION_BODY,
        RowsCsv: requests.ROWS_CSV,
        EvaluationBody: requests.EVALUATION_BODY,
        Model: answers.MODEL,
        ModelList: answers.MODEL_LIST,
        VersionList: aliases.VERSION_LIST,
        AliasBody: requests.ALIAS_BODY,
        Alias: aliases.ALIAS,
        AliasList: aliases.ALIAS_LIST,
        Prediction: PREDICTION,
        Evaluation: metrics.EVALUATION,
        Thresholds: THRESHOLDS,
        ThresholdBody: THRESHOLD_BODY,
        Metrics: metrics.METRICS,
        Report: answers.REPORT,
        Dataset: datasets.DATASET,
        DatasetList: datasets.DATASET_LIST,
        Upload: datasets.UPLOAD,
        UploadOptions: UPLOAD_OPTIONS,
        UploadedPart: datasets.UPLOADED_PART,
        TrainJob: requests.TRAIN_JOB,
        PredictJob: requests.PREDICT_JOB,
        JobStart: jobs.JOB_START,
        Job: jobs.JOB,
        JobList: jobs.JOB_LIST,
        Error: answers.ERROR,
        ...INFERENCE_SCHEMAS,
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "API_TOKEN for writes; for reads, READ_TOKEN or API_TOKEN where READ_TOKEN is set (reads are public otherwise, but a token a public read sends is checked: a wrong or malformed one is a 401), and always for datasets.",
        },
      },
    },
  };
}

let built: OpenApiDocument | undefined;

/**
 * The document of the app whose routes are `routes`, built on first use and
 * kept for the isolate's life.
 */
export function openApiDocument(
  routes: readonly RouteEntry[],
): OpenApiDocument {
  return (built ??= build(routes));
}
