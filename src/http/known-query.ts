/**
 * Every route refuses a query parameter it does not take (400
 * `invalid_option`), before it reads a token, a body or the store: what a
 * route takes is what its OpenAPI operation declares (openapi/operations.ts),
 * so the document and the check cannot drift. The pages a person opens from
 * a link (`/`, `/docs`) ignore any, as a shared link may carry tracking ones.
 */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env";
import { checkQueryNames } from "../input/query-names";
import { operationOf } from "../openapi/documented";
import { queryNames } from "../openapi/operation";

/** Middleware for the whole app: the matched route's operation says what it takes. */
export const knownQuery: MiddlewareHandler<AppEnv> = async function knownQuery(
  c,
  next,
) {
  const operation = operationOf(matchedRoutes(c));
  const taken = operation && queryNames(operation);
  if (taken) checkQueryNames(Object.keys(c.req.query()), taken);
  return next();
};
