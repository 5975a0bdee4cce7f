/**
 * The routes outside the API: the page, liveness, the OpenAPI document and
 * its reference page, and the favicon browsers ask for.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { readLimits } from "../input/limits";
import type { OpenApiDocument } from "../openapi/document";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { docsPage } from "../page/docs";
import { page } from "../page/page";

/** The site's routes; `documentOf` gives the app's OpenAPI document. */
export function site(documentOf: () => OpenApiDocument): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // Liveness, and the baseline the load check compares predictions with:
  // the same middleware as every route, and no work. A line, ended as every
  // text answer's is, so curl's output does not run into the prompt.
  routes.get(
    "/health",
    documented(OPERATIONS.getHealth, (c) => c.text("ok\n")),
  );

  // The OpenAPI 3.1 document, from the schemas that validate requests, and
  // a reference page to read it and try each operation.
  routes.get(
    "/openapi.json",
    documented(OPERATIONS.getOpenApi, (c) => c.json(documentOf())),
  );
  routes.get(
    "/docs",
    documented(OPERATIONS.getDocs, (c) =>
      c.html(docsPage(c.get("secureHeadersNonce") ?? "", documentOf())),
    ),
  );

  routes.get(
    "/",
    documented(OPERATIONS.getPage, (c) => {
      if (c.req.header("accept")?.startsWith("application/json")) {
        // The route list comes from the OpenAPI document, so it cannot drift.
        const { info, paths } = documentOf();
        const endpoints = Object.entries(paths).flatMap(([path, operations]) =>
          Object.keys(operations).map(
            (method) => `${method.toUpperCase()} ${path}`,
          ),
        );
        return c.json({
          service: info.title,
          endpoints,
          openapi: "/openapi.json",
        });
      }
      const limits = readLimits(c.env);
      const readsNeedToken = Boolean(c.env.READ_TOKEN);
      return c.html(
        page(c.get("secureHeadersNonce") ?? "", limits, readsNeedToken),
      );
    }),
  );

  // Browsers ask for it on every page view; an empty answer keeps logs clean.
  routes.get(
    "/favicon.ico",
    documented(OPERATIONS.getFavicon, (c) => c.body(null, 204)),
  );
  return routes;
}
