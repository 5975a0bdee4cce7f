/**
 * The one Hono environment type of the app.
 *
 * `Env` (KV binding and the vars of wrangler.toml) is generated into
 * worker-configuration.d.ts by `npm run types`. Secrets and the optional
 * limit vars are not in wrangler.toml, so they are declared here.
 */
import type { ModelVersion } from "./domain/model-version";
import type { Limits } from "./input/limits";
import type { IdempotencyScope } from "./storage/idempotency-records";

/**
 * The secrets and limit vars this file declares itself. `npm run types`
 * adds to `Env` whatever .dev.vars sets (API_TOKEN: string, say), which an
 * optional declaration here would contradict; so they are left out of
 * `Env` first, and generating the types never breaks the build.
 */
type Declared =
  | "API_TOKEN"
  | "READ_TOKEN"
  | "MAX_BODY_BYTES"
  | "MAX_ROWS"
  | "MAX_COLS"
  | "MAX_WORK"
  | "STORE_LEASE_SECONDS"
  | "MAX_PREDICTION_VALUES"
  | "MAX_STREAMED_VALUES"
  | "MAX_EVALUATION_WORK"
  | "JOB_RANGE_BYTES"
  | "MAX_JOB_ROWS"
  | "JOB_STEP_VALUES"
  | "MAX_SPLIT_ROWS"
  | "MAX_DATASET_BYTES"
  | "DATASET_PART_BYTES"
  | "MAX_JOB_STEPS"
  | "JOB_SHARD_ROWS"
  | "JOB_STEP_YIELD";

export interface Bindings extends Omit<Env, Declared> {
  /** Secret: the bearer token writes need (`wrangler secret put API_TOKEN`). */
  API_TOKEN?: string;
  /** Secret: when set, reads need it (or API_TOKEN) too. */
  READ_TOKEN?: string;
  MAX_BODY_BYTES?: string;
  MAX_ROWS?: string;
  MAX_COLS?: string;
  MAX_WORK?: string;
  /** Seconds after which the store takes an unfinished write for dead (storage/store-timing.ts). */
  STORE_LEASE_SECONDS?: string;
  MAX_PREDICTION_VALUES?: string;
  MAX_STREAMED_VALUES?: string;
  MAX_EVALUATION_WORK?: string;
  JOB_RANGE_BYTES?: string;
  MAX_JOB_ROWS?: string;
  JOB_STEP_VALUES?: string;
  MAX_SPLIT_ROWS?: string;
  /** Largest dataset one PUT takes, in bytes (input/limits.ts). */
  MAX_DATASET_BYTES?: string;
  /** The size of every part of an upload in parts but the last, in bytes. */
  DATASET_PART_BYTES?: string;
  MAX_JOB_STEPS?: string;
  JOB_SHARD_ROWS?: string;
  /**
   * "true": a job lets the runtime read and write its sockets before each
   * step (jobs/job-run.ts). For `wrangler dev` only, where a running job
   * otherwise holds every request; .dev.vars.example sets it.
   */
  JOB_STEP_YIELD?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    secureHeadersNonce?: string;
    /** The limits in force, read once by the body-limit middleware. */
    limits: Limits;
    /** The model version a route reads, found by the model-param middleware. */
    model: ModelVersion;
    /** A keyed write's name and key, set by the idempotency middleware. */
    idempotency?: { name: string; scope: IdempotencyScope };
  };
}
