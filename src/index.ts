/**
 * edge-logreg: logistic regression as a service on Cloudflare Workers.
 *
 * Builds the app: middleware every response goes through, routes under /v1,
 * and the one mapping of errors to JSON.
 */
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { timing } from "hono/timing";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env";
import {
  AppError,
  InternalError,
  MethodNotAllowedError,
  RequestRefusedError,
  RouteNotFoundError,
  errorBody,
} from "./errors";
import { inference } from "./http/inference";
import { aliases } from "./http/aliases";
import { allowedMethods } from "./http/allowed-methods";
import { datasets } from "./http/datasets";
import { jobs } from "./http/jobs";
import { knownQuery } from "./http/known-query";
import { models } from "./http/models";
import { predictions } from "./http/predictions";
import { reports } from "./http/reports";
import { log, requestLog } from "./http/request-log";
import { site } from "./http/site";
import { thresholds } from "./http/thresholds";
import { versions } from "./http/versions";
import { openApiDocument } from "./openapi/document";

const app = new Hono<AppEnv>();

app.use(requestId());
app.use(requestLog);
// Server-Timing on every response: `total`, and `model` (store or cache) where
// a model is read. In workerd the clock moves only across I/O, so these show
// time spent waiting on KV, not CPU.
app.use(timing({ totalDescription: "total" }));
const hsts = "max-age=31536000; includeSubDomains";
// The API and the pictures load nothing; the pages (/ and /docs) load their
// own inline style and script (by nonce) and call the API, on this origin
// only. The page shows its charts from blob: URLs its script makes of the
// SVGs it fetched with the token (an <img> cannot send one), so no image is
// loaded from a URL, not even this origin's.
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  strictTransportSecurity: hsts,
});
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: [NONCE],
    styleSrc: [NONCE],
    imgSrc: ["blob:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  strictTransportSecurity: hsts,
});
const pages = new Set(["/", "/docs"]);
app.use((c, next) =>
  (pages.has(c.req.path) ? pageHeaders : apiHeaders)(c, next),
);
// Any origin may call the API: it takes no cookies, and a bearer token is
// never sent by a browser on its own, so a foreign page gains nothing.
// CORS_ORIGINS narrows that to a list.
app.use((c, next) => {
  const origins = (c.env.CORS_ORIGINS ?? "*").split(",").map((o) => o.trim());
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    allowMethods: ["GET", "PUT", "POST", "DELETE", "OPTIONS"],
    // Content-Encoding: a page may send its body compressed (input/inflate.ts).
    allowHeaders: [
      "Authorization",
      "Content-Type",
      "Content-Encoding",
      "Idempotency-Key",
    ],
    exposeHeaders: [
      "X-Request-Id",
      "Location",
      "Server-Timing",
      "Idempotent-Replayed",
      "X-Model-Version",
      "X-Header-Decision",
      "ETag",
    ],
    maxAge: 86400,
  })(c, next);
});

// A query parameter the matched route does not take is a 400, before any
// token, body or stored model is read (preflights are answered above).
app.use(knownQuery);

app.route("/v1/models", models);
app.route("/v1/models", predictions);
app.route("/v1/models", reports);
app.route("/v1/models", thresholds);
app.route("/v2", inference);
app.route("/v1/models", versions);
app.route("/v1/models", aliases);
app.route("/v1/datasets", datasets);
app.route("/v1/jobs", jobs);
// After the API, so the document lists its paths first.
app.route(
  "/",
  site(() => openApiDocument(app.routes)),
);

/**
 * The JSON answer for `err`: its code, message and headers, at `status`;
 * under /v2, the Open Inference Protocol's error object, its message only
 * (inference_rest.md, "Inference Response JSON Error Object").
 */
function answer(
  c: Context<AppEnv>,
  err: AppError,
  status: ContentfulStatusCode = err.status,
) {
  const body = V2.test(c.req.path)
    ? { error: err.message }
    : errorBody(err.code, err.message, c.get("requestId"));
  return c.json(body, status, err.headers);
}

const V2 = /^\/v2(\/|$)/;

app.notFound((c) => {
  const { method, path } = c.req;
  const allowed = allowedMethods(app, path);
  if (allowed.length === 0) {
    return answer(c, new RouteNotFoundError(`no route ${method} ${path}`));
  }
  return answer(
    c,
    new MethodNotAllowedError(
      `${path} takes ${allowed.join(", ")}, not ${method}`,
      allowed,
    ),
  );
});

app.onError((err, c) => {
  if (err instanceof AppError) return answer(c, err);
  if (err instanceof HTTPException) {
    const refused = new RequestRefusedError(err.message || "request refused");
    return answer(c, refused, err.status);
  }
  log(c, "error", {
    error: String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return answer(c, new InternalError("internal error"));
});

export default app;

export { ModelVersions } from "./storage/model-versions";
export { DatasetUploads } from "./storage/dataset-uploads";
export { JobState } from "./storage/job-state";
export { JobRegistry } from "./storage/job-registry";
export { JobWorkflow } from "./jobs/job-workflow";
