/**
 * Starting and listing jobs: the body of `POST /v1/jobs`, read whole and
 * checked against job-schemas.ts before anything is stored, its training
 * options by the training's own reader (train-options.ts) and its CSV
 * dialect by the dialect's (csv-dialect.ts); a job's id from the path; and
 * the query of `GET /v1/jobs`.
 */
import type { VersionRef } from "../engine/init";
import { JobNotFoundError, OptionError } from "../errors";
import { readCsvDialect } from "./csv-dialect";
import { CSV_DIALECT_OPTIONS } from "./csv-schemas";
import { expected, inBounds, readEnum } from "./json-schema";
import {
  DATASET_NAME,
  JOB_ID,
  JOB_KIND,
  JOB_QUERY,
  JOB_STATE,
  PREDICT_JOB,
  TRAIN_JOB,
} from "./job-schemas";
import type { Limits } from "./limits";
import { readDatasetName, readModelName, readVersion } from "./model-ref";
import { describe } from "./numbers";
import { readJsonValue } from "./request-body";
import { VERSION } from "./value-schemas";
import { readTrainingOptions, type TrainingOptions } from "./train-options";

/** A training job's request, checked. */
export interface TrainJobRequest {
  readonly kind: "train";
  readonly dataset: string;
  readonly model: string;
  /** The training options as the body gave them (the job reads them again). */
  readonly options: Record<string, unknown>;
  /** The CSV dialect options as the body gave them. */
  readonly dialect: Record<string, string>;
  /** The options, read: what the plan of steps needs. */
  readonly read: TrainingOptions;
}

/** A prediction job's request, checked. */
export interface PredictJobRequest {
  readonly kind: "predict";
  readonly dataset: string;
  readonly model: string;
  /** The version asked, a number or an alias; undefined: the default. */
  readonly version: VersionRef | undefined;
  readonly output: string;
  /** The CSV dialect options as the body gave them. */
  readonly dialect: Record<string, string>;
}

const SHAPE =
  '{"kind": "train", "dataset": "...", "model": "...", ...options} or {"kind": "predict", "dataset": "...", "model": "...", "output": "..."}';
const DIALECT_NAMES = Object.keys(CSV_DIALECT_OPTIONS);

/**
 * Reads the body of `POST /v1/jobs`: JSON `{kind: "train", dataset, model,
 * ...options}` or `{kind: "predict", dataset, model, version?, output,
 * ...dialect}`.
 *
 * @throws MalformedBodyError, UnsupportedMediaTypeError for a body that is
 *   not a JSON object
 * @throws OptionError naming the field that is wrong
 * @throws ModelNameError, DatasetNameError for a bad model or dataset name
 */
export async function readJobRequest(
  request: Request,
  limits: Limits,
): Promise<TrainJobRequest | PredictJobRequest> {
  const body = await readJsonValue(request, limits, SHAPE);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new OptionError(`the body must be a JSON object: send ${SHAPE}`);
  }
  const { kind, dataset, model, ...rest } = body as Record<string, unknown>;
  readEnum("kind", JOB_KIND, kind);
  const datasetName = datasetNameOf(dataset, "dataset");
  if (typeof model !== "string") {
    throw new OptionError(
      `model must be ${expected(TRAIN_JOB.properties.model)}, got ${describe(model)}`,
    );
  }
  const { dialect, options } = dialectOf(rest);
  if (kind === "predict") {
    return readPredictJob(datasetName, readModelName(model), dialect, options);
  }
  return {
    kind: "train",
    dataset: datasetName,
    model: readModelName(model),
    options,
    dialect,
    read: readTrainingOptions(options, false),
  };
}

/**
 * The CSV dialect options among `fields` (checked), and the other fields.
 *
 * @throws OptionError for a dialect option that is wrong
 */
function dialectOf(fields: Record<string, unknown>): {
  dialect: Record<string, string>;
  options: Record<string, unknown>;
} {
  const dialectEntries: [string, string][] = [];
  const optionEntries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (!DIALECT_NAMES.includes(name)) optionEntries.push([name, value]);
    else if (typeof value === "string") dialectEntries.push([name, value]);
    else {
      const schema =
        CSV_DIALECT_OPTIONS[name as keyof typeof CSV_DIALECT_OPTIONS];
      throw new OptionError(
        `${name} must be ${expected(schema)}, got ${describe(value)}`,
      );
    }
  }
  // Object.fromEntries defines each key as the object's own: a JSON key
  // "__proto__" stays a field (refused as unknown), where `options[name] =`
  // would set the object's prototype and slip past every check.
  const dialect = Object.fromEntries(dialectEntries);
  const options = Object.fromEntries(optionEntries);
  readCsvDialect(dialect, "json");
  return { dialect, options };
}

/**
 * A prediction job's `version` (a number or an alias, as `?version=`
 * takes them) and `output` (a dataset name other than `dataset`) from
 * `fields`, which holds nothing else.
 *
 * @throws OptionError naming the field that is wrong or unknown
 */
function readPredictJob(
  dataset: string,
  model: string,
  dialect: Record<string, string>,
  fields: Record<string, unknown>,
): PredictJobRequest {
  const { version, output, ...unknown } = fields;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) {
    throw new OptionError(
      `${extra} is not an option of a prediction job: it takes ${Object.keys(PREDICT_JOB.properties).join(", ")}`,
    );
  }
  const name = datasetNameOf(output, "output");
  if (name === dataset) {
    throw new OptionError(
      `output is ${name}, the dataset the job reads: name another dataset to write`,
    );
  }
  return {
    kind: "predict",
    dataset,
    model,
    version: readJobVersion(version),
    output: name,
    dialect,
  };
}

/**
 * A prediction job's `version`: a JSON number that is a version (a positive
 * integer), or a string as `?version=` takes it (a version's digits or an
 * alias's name); undefined when absent. A number is never read as an
 * alias's name: -1 and 1.5 are refused, not looked up as aliases "-1" and
 * "1.5".
 *
 * @throws OptionError otherwise, showing the value as the body sent it
 */
function readJobVersion(version: unknown): VersionRef | undefined {
  if (version === undefined) return undefined;
  if (typeof version === "string") return readVersion(version);
  if (Number.isSafeInteger(version) && inBounds(VERSION, version as number)) {
    return version as number;
  }
  throw new OptionError(
    `version must be ${expected(PREDICT_JOB.properties.version)}, got ${describe(version)}`,
  );
}

/**
 * A dataset name from a job's body (`field`: "dataset" or "output"): a
 * string, else a 400 invalid_option; by the dataset routes' rule, else a
 * 400 invalid_dataset_name (model-ref.ts), as a bad model name is a 400
 * invalid_model_name.
 *
 * @throws OptionError, DatasetNameError
 */
function datasetNameOf(name: unknown, field: "dataset" | "output"): string {
  if (typeof name !== "string") {
    throw new OptionError(
      `${field} must be ${DATASET_NAME.description}, got ${describe(name)}`,
    );
  }
  return readDatasetName(
    name,
    field === "output" ? "output dataset" : "dataset",
  );
}

/**
 * A job's id from the path: what `POST /v1/jobs` gave (a UUID). Any other
 * text names no job.
 *
 * @throws JobNotFoundError otherwise
 */
export function readJobId(id: string): string {
  if (!new RegExp(JOB_ID.pattern).test(id)) throw new JobNotFoundError(id);
  return id;
}

/** What `GET /v1/jobs` asks for. */
export interface JobQuery {
  readonly model?: string;
  readonly state?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * The query of `GET /v1/jobs`: `model`, `state`, `limit` (1-1000, default
 * 100) and `cursor`.
 *
 * @throws OptionError naming the parameter that is wrong
 * @throws ModelNameError, DatasetNameError for a bad model or dataset name
 */
export function readJobQuery(query: Record<string, string>): JobQuery {
  const { model, state, limit, cursor } = query;
  const schema = JOB_QUERY.limit;
  const size = limit === undefined ? schema.default : Number(limit);
  if (
    !/^\d+$/.test(limit ?? "1") ||
    size < schema.minimum ||
    size > schema.maximum
  ) {
    throw new OptionError(
      `limit must be ${expected(schema)}, got ${describe(limit)}`,
    );
  }
  return {
    ...(model !== undefined && { model: readModelName(model) }),
    ...(state !== undefined && {
      state: readEnum<string>("state", JOB_STATE, state),
    }),
    limit: size,
    ...(cursor !== undefined && cursor !== "" && { cursor }),
  };
}

/**
 * The `Last-Event-ID` header: the id of the last event a client saw (0 or
 * absent: from the first).
 *
 * @throws OptionError for anything but a non-negative integer
 */
export function readLastEventId(header: string | undefined): number {
  if (header === undefined || header.trim() === "") return 0;
  const value = header.trim();
  if (!/^\d{1,15}$/.test(value)) {
    throw new OptionError(
      `Last-Event-ID must be the id of an event this stream sent, got ${describe(value)}`,
    );
  }
  return Number(value);
}
