/**
 * `GET /v1/models/{name}/versions`: a model's published versions, newest
 * first, a page at a time, each with the aliases that point at it; read
 * from the name's Durable Object, not from the versions' KV values
 * (storage/version-summaries.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ModelNotFoundError } from "../errors";
import {
  readLimit,
  readModelName,
  readVersionCursor,
} from "../input/model-ref";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { listVersions } from "../storage/alias-store";
import { readAccess } from "./access";

export const versions = new Hono<AppEnv>();

versions.get(
  "/:name/versions",
  readAccess,
  documented(OPERATIONS.listVersions, async (c) => {
    const name = readModelName(c.req.param("name"));
    const limit = readLimit(c.req.query("limit"));
    const cursor = readVersionCursor(c.req.query("cursor"));
    const page = await listVersions(c.env, name, limit, cursor);
    if (page === null) throw new ModelNotFoundError(name);
    return c.json({ name, ...page });
  }),
);
