/**
 * The JSON the API answers about an alias: one shape for setting, reading
 * and replaying a set (http/aliases.ts, http/idempotency.ts).
 */

/** An alias of model `name` and the version it points at. */
export function aliasJson(name: string, alias: string, version: number) {
  return { name, alias, version };
}
