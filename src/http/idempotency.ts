/**
 * Middleware for writes that may carry `Idempotency-Key` (training, delete,
 * setting or deleting an alias): a retry of a request that already answered
 * gets that answer again and changes nothing; the same key with another request is refused
 * (422), as is a retry while the first still runs (409). Records live in
 * the Durable Object of the model name the write touches, scoped to the
 * route, for 24 hours (storage/idempotency-records.ts).
 *
 * The body is read here, within the body limit, to digest it; the handler
 * gets the same bytes. It finds the key's scope in `c.var.idempotency` and
 * passes it to the store, which records a stored version's answer in the
 * same step as the version. An error the handler answers is recorded here:
 * a 4xx for good, while a 5xx releases the key so that a retry runs.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import {
  AppError,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  JobNotFoundError,
  ModelNotFoundError,
} from "../errors";
import {
  keyedModelName,
  readIdempotencyKey,
  requestDigest,
} from "../input/idempotency-key";
import { readModelName } from "../input/model-ref";
import { aliasJson } from "../reports/alias-json";
import { jobJson } from "../reports/job-json";
import { modelJson } from "../reports/model-json";
import type { RecordedAnswer } from "../storage/idempotency-records";
import {
  admitWrite,
  recordAnswer,
  releaseWrite,
} from "../storage/keyed-writes";
import { loadJob } from "../storage/job-store";
import { loadModel } from "../storage/model-store";

/** The header a replayed answer carries (as Stripe names it). */
export const REPLAYED = "Idempotent-Replayed";

export const idempotent: MiddlewareHandler<AppEnv> = async function idempotent(
  c,
  next,
) {
  const header = c.req.header("idempotency-key");
  if (header === undefined) return next();
  const key = readIdempotencyKey(header);
  const param = c.req.param("name");
  const name =
    param === undefined ? await keyedModelName(key) : readModelName(param);
  const scope = { scope: `${c.req.method} ${c.req.routePath}`, key };
  const body = await c.req.raw.arrayBuffer();
  const digest = await requestDigest(c.req.raw, body);
  const admission = await admitWrite(c.env, name, scope, digest);
  if (admission.kind === "reused") {
    throw new IdempotencyKeyReusedError(
      `Idempotency-Key ${key} was used within 24 hours for another request to ${c.req.method} ${c.req.path}; use a new key for a new request`,
    );
  }
  if (admission.kind === "running") {
    throw new IdempotencyKeyInUseError(
      `the first request with Idempotency-Key ${key} has not answered yet; retry later`,
    );
  }
  if (admission.kind === "replay") return replay(c, name, admission.answer);
  c.req.raw = new Request(c.req.url, {
    method: c.req.method,
    headers: c.req.raw.headers,
    body: c.req.method === "DELETE" ? undefined : body,
  });
  c.set("idempotency", { name, scope });
  await next();
  const error = c.error;
  if (error === undefined) return;
  if (error instanceof AppError && error.status < 500) {
    await recordAnswer(c.env, name, scope, {
      status: error.status,
      body: await c.res.clone().text(),
    });
  } else {
    await releaseWrite(c.env, name, scope);
  }
};

/** The first request's answer, again. */
async function replay(
  c: Context<AppEnv>,
  name: string,
  answer: RecordedAnswer,
): Promise<Response> {
  c.header(REPLAYED, "true");
  if (answer.body !== undefined) {
    return c.body(answer.body, answer.status as 400, {
      "Content-Type": "application/json",
    });
  }
  if (answer.job !== undefined) {
    const job = await loadJob(c.env, answer.job);
    if (job === null) throw new JobNotFoundError(answer.job);
    return c.json(jobJson(job), 202, { Location: `/v1/jobs/${job.id}` });
  }
  if (answer.alias !== undefined && answer.version !== undefined) {
    return c.json(aliasJson(name, answer.alias, answer.version));
  }
  if (answer.version !== undefined) {
    const model = await loadModel(c.env, name, answer.version);
    if (model === null) throw new ModelNotFoundError(name, answer.version);
    return c.json(modelJson(model), 201, { Location: `/v1/models/${name}` });
  }
  if (answer.status === 204) return c.body(null, 204);
  throw new ModelNotFoundError(name);
}
