/**
 * Routes describe themselves: a route's handler is `documented(operation,
 * handler)`, which marks the handler itself (no middleware, nothing added
 * to a request's path), and the OpenAPI document's paths are read back
 * from the app's routes (`pathsOf`), so a route's path and method are written
 * once, where Hono serves it. (hono-openapi's `describeRoute` works this way
 * too, but generates operations from validators the service does not use;
 * these forty lines keep the document this service has always served.)
 */
import type { Handler } from "hono";
import type { AppEnv } from "../env";
import type { Method, Operation, Paths } from "./operation";

const operations = new WeakMap<object, Operation>();

/** `handler` itself, marked as the handler of `operation`. */
export function documented<P extends string>(
  operation: Operation,
  handler: Handler<AppEnv, P>,
): Handler<AppEnv, P> {
  operations.set(handler, operation);
  return handler;
}

/** A route as Hono's `app.routes` lists it. */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
  readonly handler: unknown;
}

/**
 * The paths of the documented routes among `routes`, in the order they were
 * registered: Hono's `/:name` becomes OpenAPI's `/{name}`.
 */
export function pathsOf(routes: readonly RouteEntry[]): Paths {
  const paths: Paths = {};
  for (const route of routes) {
    const operation = operations.get(route.handler as object);
    if (operation === undefined) continue;
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const method = route.method.toLowerCase() as Method;
    (paths[path] ??= {})[method] = operation;
  }
  return paths;
}

/**
 * The operation of the first documented handler among `routes` (the routes
 * Hono matched for a request, `matchedRoutes` of hono/route), or undefined
 * when no documented route matched.
 */
export function operationOf(
  routes: readonly RouteEntry[],
): Operation | undefined {
  for (const route of routes) {
    const operation = operations.get(route.handler as object);
    if (operation !== undefined) return operation;
  }
  return undefined;
}
