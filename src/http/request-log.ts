/**
 * Structured logs: one JSON line per request, and one per unexpected error,
 * each with the request id that the response carries in `X-Request-Id`.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

type Level = "info" | "error";

/** Writes one JSON log line if `level` is enabled by the LOG_LEVEL var. */
export function log(
  c: Context<AppEnv>,
  level: Level,
  fields: Record<string, unknown>,
): void {
  const configured = c.env.LOG_LEVEL ?? "info";
  if (configured === "silent" || (configured === "error" && level !== "error"))
    return;
  const line = JSON.stringify({
    level,
    requestId: c.get("requestId"),
    ...fields,
  });
  if (level === "error") console.error(line);
  else console.log(line);
}

/** Logs method, path, status and wall time of every request. */
export const requestLog: MiddlewareHandler<AppEnv> = async function requestLog(
  c,
  next,
) {
  const start = Date.now();
  await next();
  log(c, c.res.status >= 500 ? "error" : "info", {
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Date.now() - start,
  });
};
