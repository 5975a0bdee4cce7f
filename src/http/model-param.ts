/**
 * Middleware for the routes that read one version of a model: finds the
 * model the path names (`:name`) at `?version=` (a number or an alias; or
 * the path's `:version`, under /v2) or, without it, the version the alias
 * `serving` names, else its newest (storage/model-store.ts `loadModel`, the
 * one place reads resolve a version); puts it in `c.var.model`, timed as
 * `model` in Server-Timing, and says which version answers in
 * `X-Model-Version`.
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
    c.header("X-Model-Version", String(model.version));
    return next();
  };
