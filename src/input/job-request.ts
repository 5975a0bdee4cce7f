/**
 * Starting and listing jobs: the body of `POST /v1/jobs`, read whole and
 * checked against job-schemas.ts before anything is stored, its training
 * options by the training's own reader (train-options.ts) and its CSV
 * dialect by the dialect's (csv-dialect.ts); a job's id from the path; and
 * the query of `GET /v1/jobs`.
 */
import { JobNotFoundError, OptionError } from "../errors";
import { readCsvDialect } from "./csv-dialect";
import { CSV_DIALECT_OPTIONS } from "./csv-schemas";
import { expected, readEnum } from "./json-schema";
import {
  DATASET_NAME,
  JOB_ID,
  JOB_KIND,
  JOB_QUERY,
  JOB_STATE,
  TRAIN_JOB,
} from "./job-schemas";
import type { Limits } from "./limits";
import { readModelName } from "./model-ref";
import { describe } from "./numbers";
import { readJsonValue } from "./request-body";
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

const SHAPE = '{"kind": "train", "dataset": "...", "model": "...", ...options}';
const DIALECT_NAMES = Object.keys(CSV_DIALECT_OPTIONS);
const NAME = new RegExp(DATASET_NAME.pattern);

/**
 * Reads the body of `POST /v1/jobs`: JSON `{kind, dataset, model,
 * ...options}`.
 *
 * @throws MalformedBodyError, UnsupportedMediaTypeError for a body that is
 *   not a JSON object
 * @throws OptionError naming the field that is wrong
 * @throws ModelNameError for a bad model name
 */
export async function readJobRequest(
  request: Request,
  limits: Limits,
): Promise<TrainJobRequest> {
  const body = await readJsonValue(request, limits, SHAPE);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new OptionError(`the body must be a JSON object: send ${SHAPE}`);
  }
  const { kind, dataset, model, ...rest } = body as Record<string, unknown>;
  readEnum("kind", JOB_KIND, kind);
  const datasetName = readDatasetName(dataset);
  if (typeof model !== "string") {
    throw new OptionError(
      `model must be ${expected(TRAIN_JOB.properties.model)}, got ${describe(model)}`,
    );
  }
  const dialect: Record<string, string> = {};
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (!DIALECT_NAMES.includes(name)) options[name] = value;
    else if (typeof value === "string") dialect[name] = value;
    else {
      const schema =
        CSV_DIALECT_OPTIONS[name as keyof typeof CSV_DIALECT_OPTIONS];
      throw new OptionError(
        `${name} must be ${expected(schema)}, got ${describe(value)}`,
      );
    }
  }
  readCsvDialect(dialect);
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
 * A dataset's name: 1-64 of letters, digits, `-`, `_`, `.`.
 *
 * @throws OptionError otherwise
 */
export function readDatasetName(name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new OptionError(
      `dataset must be ${DATASET_NAME.description}, got ${describe(name)}`,
    );
  }
  return name;
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
 * @throws ModelNameError for a bad model name
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
