/**
 * edge-logreg: logistic regression as a service on Cloudflare Workers.
 *
 * Builds the app: routes under /v1, and the one mapping of errors to JSON.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { AppError, errorBody } from "./errors";
import { models } from "./http/models";

const app = new Hono<AppEnv>();

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

app.route("/v1/models", models);

app.notFound((c) =>
  c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404),
);

app.onError((err, c) => {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message), err.status);
  }
  if (err instanceof HTTPException) {
    return c.json(
      errorBody("http_error", err.message || "request refused"),
      err.status,
    );
  }
  console.error(err);
  return c.json(errorBody("internal", "internal error"), 500);
});

export default app;
