/**
 * The KV key scheme of the model store, in one place.
 *
 * - `model:<name>:v<n>`: version n of a model, written once, never changed.
 * - `head:<name>`: the newest version's number; its KV metadata holds the
 *   summary that `GET /v1/models` lists, so listing reads no weights.
 */

/** The key of version `version` of model `name`. */
export function versionKey(name: string, version: number): string {
  return `${versionPrefix(name)}${version}`;
}

/** The prefix of every version key of model `name`. */
export function versionPrefix(name: string): string {
  return `model:${name}:v`;
}

/** The prefix of every head key. */
export const HEAD_PREFIX = "head:";

/** The key that points at the newest version of model `name`. */
export function headKey(name: string): string {
  return `${HEAD_PREFIX}${name}`;
}
