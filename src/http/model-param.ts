/**
 * Middleware for the routes that read one version of a model: finds the
 * model the path names (`:name`) at `?version=` (or the path's `:version`,
 * under /v2) or its newest, and puts it in `c.var.model`, timed as `model`
 * in Server-Timing.
 */
import type { MiddlewareHandler } from "hono";
import { endTime, startTime } from "hono/timing";
import type { AppEnv } from "../env";
import { ModelNotFoundError } from "../errors";
import { readModelName, readVersion } from "../input/model-ref";
import { loadModel } from "../storage/model-store";

export const versionedModel: MiddlewareHandler<AppEnv> =
  async function versionedModel(c, next) {
    const name = readModelName(c.req.param("name") ?? "");
    const version = readVersion(
      c.req.param("version") ?? c.req.query("version"),
    );
    startTime(c, "model");
    const model = await loadModel(c.env, name, version);
    endTime(c, "model");
    if (model === null) throw new ModelNotFoundError(name, version);
    c.set("model", model);
    return next();
  };
