/**
 * The operations on jobs (src/http/jobs.ts), part of OPERATIONS
 * (operations.ts), and the schemas of their answers. Every one needs a
 * token, reads too: a job names its dataset, and training data is never
 * public.
 */
import {
  DatasetNameError,
  BodyTooLargeError,
  DatasetNotFoundError,
  JobConflictError,
  JobNotFoundError,
  LimitError,
  MalformedBodyError,
  ModelNameError,
  ModelNotFoundError,
  OptionError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  WritesDisabledError,
} from "../errors";
import {
  DATASET_NAME,
  JOB_ID,
  JOB_KIND,
  JOB_QUERY,
  JOB_STATE,
  MODEL_NAME,
  VERSION,
} from "../input/schemas";
import type { JsonSchema } from "../input/json-schema";
import { json, operation, type Operation, type Parameter } from "./operation";
import { IDEMPOTENCY_KEY, KEYED_ERRORS } from "./parameters";
import { EPOCH_LOG } from "./response-schemas";
import { count, fraction, strict } from "./schema-parts";

const ID: Parameter = {
  name: "id",
  in: "path",
  required: true,
  schema: JOB_ID,
};

const time = { type: "string", format: "date-time" } as const;
const nullable = (schema: JsonSchema): JsonSchema => ({
  oneOf: [schema, { type: "null" }],
});

/** A job, as `POST /v1/jobs` and `GET /v1/jobs/{id}` answer it. */
export const JOB = strict(
  {
    id: JOB_ID,
    kind: JOB_KIND,
    state: JOB_STATE,
    dataset: DATASET_NAME,
    model: MODEL_NAME,
    version: {
      ...VERSION,
      description:
        "A prediction job: the version it scores with, pinned when it started.",
    },
    output: {
      ...DATASET_NAME,
      title: "output dataset name",
      description: "A prediction job: the dataset it writes.",
      examples: ["diabetes-scored"],
    },
    options: {
      type: "object",
      description:
        "The training options and CSV dialect, as the start gave them (a prediction job: its CSV dialect).",
    },
    createdAt: time,
    updatedAt: time,
    progress: strict(
      {
        epoch: {
          ...nullable(count),
          description:
            "The last iteration run (the lab's Epoch e/epochs); null before the first.",
        },
        epochs: count,
        rowsRead: {
          ...count,
          description:
            "Rows read so far: from the CSV while preparing; a prediction job's, once its rows are known, rows scored.",
        },
        rowsTotal: {
          ...nullable(count),
          description: "The dataset's rows, once read; null before.",
        },
        fraction: {
          ...fraction,
          description:
            "Share done: reading the dataset a tenth, the iterations 0..epochs the rest (a prediction job: rows scored over rows); 1 once succeeded.",
        },
      },
      [],
      "How far the job has come.",
    ),
    history: {
      type: "array",
      items: EPOCH_LOG,
      description: "The logged epochs so far, as the model's history.",
    },
    error: nullable(
      strict(
        { code: { type: "string" }, message: { type: "string" } },
        [],
        "Why it failed: the code and message the same fault gives as a request's error.",
      ),
    ),
    result: {
      oneOf: [
        strict(
          { model: MODEL_NAME, version: VERSION },
          [],
          "A training job: the version it stored.",
        ),
        strict(
          {
            dataset: DATASET_NAME,
            rows: count,
            metrics: {
              type: "object",
              description:
                "With labelled rows: the metrics POST /v1/models/{name}/evaluate gives for them (without its name, version and classes).",
            },
          },
          ["metrics"],
          "A prediction job: the dataset it wrote and its rows.",
        ),
        { type: "null" },
      ],
    },
  },
  ["version", "output"],
  "A job.",
);

/** The body of `POST /v1/jobs`: a training job or a prediction job. */
export const JOB_START: JsonSchema = {
  oneOf: [
    { $ref: "#/components/schemas/TrainJob" },
    { $ref: "#/components/schemas/PredictJob" },
  ],
};

/** A page of `GET /v1/jobs`. */
export const JOB_LIST = strict({
  jobs: {
    type: "array",
    items: strict({
      id: JOB_ID,
      kind: JOB_KIND,
      state: JOB_STATE,
      dataset: DATASET_NAME,
      model: MODEL_NAME,
      createdAt: time,
      updatedAt: time,
    }),
  },
  cursor: {
    ...nullable({ type: "string" }),
    description: "The next page's cursor; null on the last page.",
  },
});

/**
 * A read of jobs needs a token as a write does (http/access.ts,
 * `privateReadAccess`): with no token set it is refused as writes are, so
 * the document gives it a write's security.
 */
const PRIVATE_READ = [UnauthorizedError, WritesDisabledError];

const JOB_ANSWER = {
  description: "The job; Location is its path.",
  headers: { Location: { description: "/v1/jobs/{id}", schema: {} } },
  content: json("Job"),
};

export const JOB_OPERATIONS = {
  startJob: operation({
    id: "startJob",
    tag: "jobs",
    summary: "Start a training or prediction job on a stored dataset",
    description:
      "A Workflow trains `model` on dataset `dataset` (the CSV of PUT /v1/datasets/{name}) as PUT /v1/models/{name} trains on a body, and stores the version with `job: {id, dataset}`; or, with kind \"predict\", scores every row of `dataset` with a version of `model` and writes dataset `output` (as the text/csv answer of POST /v1/models/{name}/predict), with the metrics of /evaluate when the rows are labelled. 202 at once, state queued. With an Idempotency-Key, the id is derived from the key: a retry answers the same job and starts none. The job reads the dataset into shards of JOB_SHARD_ROWS rows, then works a few shards a step (JOB_STEP_VALUES values, rows × features); a training plan over MAX_JOB_STEPS (counted from the file's bytes and its first 64 KiB's rows) is refused with 400 saying how many epochs fit, shards over a step's bound with 422, and a model or dataset that does not exist with 404, before anything is stored.",
    parameters: [IDEMPOTENCY_KEY],
    body: ["JobStart"],
    ok: { "202": JOB_ANSWER },
    errors: [
      MalformedBodyError,
      OptionError,
      ModelNameError,
      DatasetNameError,
      UnauthorizedError,
      WritesDisabledError,
      DatasetNotFoundError,
      ModelNotFoundError,
      BodyTooLargeError,
      UnsupportedMediaTypeError,
      LimitError,
      ...KEYED_ERRORS,
    ],
  }),
  listJobs: operation({
    id: "listJobs",
    tag: "jobs",
    summary: "List jobs, newest first, a page at a time",
    parameters: Object.entries(JOB_QUERY).map(
      ([name, schema]: [string, JsonSchema]): Parameter => ({
        name,
        in: "query",
        schema,
      }),
    ),
    ok: { "200": { description: "A page.", content: json("JobList") } },
    errors: [OptionError, ModelNameError, ...PRIVATE_READ],
  }),
  getJob: operation({
    id: "getJob",
    tag: "jobs",
    summary: "A job: its state, progress, logged epochs, error or result",
    parameters: [ID],
    ok: { "200": { description: "The job.", content: json("Job") } },
    errors: [...PRIVATE_READ, JobNotFoundError],
  }),
  jobEvents: operation({
    id: "jobEvents",
    tag: "jobs",
    summary: "A job's events as Server-Sent Events",
    description:
      "Each event has an `id:`; `state` when the state changes, `progress` when progress does (with the epochs logged since), and `end` last (state, result, error), after which the stream ends. With Last-Event-ID, the events after that id. A stream stays open at most 10 minutes; resume it with Last-Event-ID.",
    parameters: [
      ID,
      {
        name: "Last-Event-ID",
        in: "header",
        description: "The id of the last event seen.",
        schema: count,
      },
    ],
    ok: {
      "200": {
        description: "The events.",
        content: { "text/event-stream": { schema: { type: "string" } } },
      },
    },
    errors: [OptionError, ...PRIVATE_READ, JobNotFoundError],
  }),
  cancelJob: operation({
    id: "cancelJob",
    tag: "jobs",
    summary: "Cancel a job",
    description:
      "Queued, it ends cancelled at once; preparing or running, it is cancelling and stops at its next step boundary, storing no version. A job already cancelling or cancelled answers 202 again. Once finalizing, or succeeded or failed, 409 job_conflict.",
    parameters: [ID],
    ok: { "202": { description: "The job.", content: json("Job") } },
    errors: [
      UnauthorizedError,
      WritesDisabledError,
      JobNotFoundError,
      JobConflictError,
    ],
  }),
} satisfies Record<string, Operation>;
