/**
 * The body of `PUT /v1/models/{name}/aliases/{alias}`: `{"version": n}`,
 * JSON only, read by its schema (`ALIAS_BODY` in schemas.ts).
 */
import { checkMembers, readMemberNumber } from "./json-schema";
import type { Limits } from "./limits";
import { readJsonValue } from "./request-body";
import { ALIAS_BODY } from "./schemas";

/**
 * The version an alias is to point at, from a JSON body `{"version": n}`.
 *
 * @throws UnsupportedMediaTypeError for a body that is not JSON
 * @throws MalformedBodyError for one that does not parse
 * @throws OptionError for other members, or a version that is no positive integer
 * @throws BodyTooLargeError over `limits.maxBodyBytes`
 */
export async function readAliasBody(
  request: Request,
  limits: Limits,
): Promise<number> {
  const body = await readJsonValue(request, limits, '{"version": n}');
  checkMembers("the body", ALIAS_BODY, body, true);
  const { version } = ALIAS_BODY.properties;
  return readMemberNumber("version", version, body.version);
}
