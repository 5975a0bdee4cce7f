/**
 * `/v1/models/{name}/aliases`: names that point at versions (MLflow's
 * registry aliases). `serving`, when set, is the version every read
 * without `?version=` gets; setting it to an older version is a rollback.
 * Aliases live in the name's Durable Object beside its versions, so a set
 * is checked against the published versions and takes effect in one step
 * (storage/alias-records.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { LimitError, ModelNotFoundError } from "../errors";
import { readAliasBody } from "../input/alias-request";
import { readAliasName, readModelName } from "../input/model-ref";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { aliasJson } from "../reports/alias-json";
import { MAX_ALIASES, type AliasChange } from "../storage/alias-records";
import { changeAlias, readAliases } from "../storage/alias-store";
import { readAccess, writeAccess } from "./access";
import { limitBody } from "./body-limit";
import { idempotent } from "./idempotency";

export const aliases = new Hono<AppEnv>();

aliases.get(
  "/:name/aliases",
  readAccess,
  documented(OPERATIONS.listAliases, async (c) => {
    const name = readModelName(c.req.param("name"));
    const found = await readAliases(c.env, name);
    if (found === null) throw new ModelNotFoundError(name);
    return c.json({ name, aliases: found });
  }),
);

aliases.get(
  "/:name/aliases/:alias",
  readAccess,
  documented(OPERATIONS.getAlias, async (c) => {
    const name = readModelName(c.req.param("name"));
    const alias = readAliasName(c.req.param("alias"));
    const found = await readAliases(c.env, name);
    if (found === null) throw new ModelNotFoundError(name);
    const entry = found.find((a) => a.alias === alias);
    if (entry === undefined) throw new ModelNotFoundError(name, alias);
    return c.json(aliasJson(name, alias, entry.version));
  }),
);

aliases.put(
  "/:name/aliases/:alias",
  writeAccess,
  limitBody,
  idempotent,
  documented(OPERATIONS.setAlias, async (c) => {
    const name = readModelName(c.req.param("name"));
    const alias = readAliasName(c.req.param("alias"));
    const version = await readAliasBody(c.req.raw, c.var.limits);
    const key = c.var.idempotency?.scope;
    const change = await changeAlias(c.env, name, alias, version, key);
    refuse(change, name, alias, version);
    return c.json(aliasJson(name, alias, version));
  }),
);

aliases.delete(
  "/:name/aliases/:alias",
  writeAccess,
  idempotent,
  documented(OPERATIONS.deleteAlias, async (c) => {
    const name = readModelName(c.req.param("name"));
    const alias = readAliasName(c.req.param("alias"));
    const key = c.var.idempotency?.scope;
    const change = await changeAlias(c.env, name, alias, null, key);
    refuse(change, name, alias, null);
    return c.body(null, 204);
  }),
);

/** The error an alias write of `version` (null: a delete) that changed nothing answers with. */
function refuse(
  change: AliasChange,
  name: string,
  alias: string,
  version: number | null,
): void {
  switch (change.outcome) {
    case "no_model":
      throw new ModelNotFoundError(name);
    case "no_alias":
      throw new ModelNotFoundError(name, alias);
    case "no_version":
      throw new ModelNotFoundError(name, version ?? undefined);
    case "full":
      throw new LimitError(
        `model ${name} has ${MAX_ALIASES} aliases, the most it may have: delete one before adding ${alias}`,
      );
  }
}
