/**
 * edge-logreg: logistic regression as a service on Cloudflare Workers.
 *
 * Builds the app: middleware every response goes through, routes under /v1,
 * and the one mapping of errors to JSON.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { timing } from "hono/timing";
import type { AppEnv } from "./env";
import { AppError, errorBody } from "./errors";
import { models } from "./http/models";
import { log, requestLog } from "./http/request-log";

const app = new Hono<AppEnv>();

app.use(requestId());
app.use(requestLog);
// Server-Timing on every response: `total`, and `model` (store or cache) where
// a model is read. In workerd the clock moves only across I/O, so these show
// time spent waiting on KV, not CPU.
app.use(timing({ totalDescription: "total" }));
app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
  }),
);
// Any origin may call the API: it takes no cookies, and a bearer token is
// never sent by a browser on its own, so a foreign page gains nothing.
// CORS_ORIGINS narrows that to a list.
app.use((c, next) => {
  const origins = (c.env.CORS_ORIGINS ?? "*").split(",").map((o) => o.trim());
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    allowMethods: ["GET", "PUT", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: ["X-Request-Id", "Location", "Server-Timing"],
    maxAge: 86400,
  })(c, next);
});

app.get("/", (c) =>
  c.json({
    service: "edge-logreg",
    endpoints: [
      "PUT /v1/models/{name}",
      "POST /v1/models",
      "GET /v1/models",
      "GET /v1/models/{name}",
      "DELETE /v1/models/{name}",
      "POST /v1/models/{name}/predict",
      "GET /v1/models/{name}/predict?x=...",
      "GET /v1/models/{name}/report",
    ],
  }),
);

// Liveness, and the baseline the load check compares predictions with: the
// same middleware as every route, and no work.
app.get("/health", (c) => c.text("ok"));

app.route("/v1/models", models);

app.notFound((c) =>
  c.json(
    errorBody(
      "not_found",
      `no route ${c.req.method} ${c.req.path}`,
      c.get("requestId"),
    ),
    404,
  ),
);

app.onError((err, c) => {
  const id = c.get("requestId");
  if (err instanceof AppError) {
    return c.json(
      errorBody(err.code, err.message, id),
      err.status,
      err.headers,
    );
  }
  if (err instanceof HTTPException) {
    return c.json(
      errorBody("http_error", err.message || "request refused", id),
      err.status,
    );
  }
  log(c, "error", {
    error: String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return c.json(errorBody("internal", "internal error", id), 500);
});

export default app;

export { ModelVersions } from "./storage/model-versions";
