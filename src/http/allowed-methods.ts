/**
 * The methods the app's routes take on a path, for a 405's `Allow` header
 * (RFC 9110 §15.5.6) when a request's method is not among them: the app's
 * own router is asked, method by method, which routes registered with that
 * very method match the path (middleware registered for every method does
 * not count).
 */
import type { Hono } from "hono";
import type { AppEnv } from "../env";

/** The methods a route may be registered with. */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** What the router gives for a match: `[handler, its route]` first. */
type Matched = [[unknown, { method: string }], unknown];

/**
 * The methods that `app` answers on `path`, in METHODS' order, with HEAD
 * after GET (Hono answers a HEAD as its GET); empty when no route has the
 * path.
 */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const allowed: string[] = [];
  for (const method of METHODS) {
    const [matches] = app.router.match(method, path) as unknown as [Matched[]];
    if (matches.some(([[, route]]) => route.method === method)) {
      allowed.push(method);
      if (method === "GET") allowed.push("HEAD");
    }
  }
  return allowed;
}
