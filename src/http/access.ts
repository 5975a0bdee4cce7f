/**
 * Who may write and who may read.
 *
 * Writes (train, delete) need `Authorization: Bearer <API_TOKEN>`. With no
 * API_TOKEN set the Worker refuses writes (fails closed) unless the var
 * ALLOW_OPEN_WRITES is "true", which is meant for local development only.
 * Reads are public unless READ_TOKEN is set; then they need READ_TOKEN or
 * API_TOKEN. A token sent on a public read is checked all the same. Reads of
 * what reveals training data (datasets, and jobs, which name them) are never
 * public: they need READ_TOKEN or API_TOKEN always, and with neither set they
 * are refused as writes are (open only where ALLOW_OPEN_WRITES is "true").
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { UnauthorizedError, WritesDisabledError } from "../errors";

/** Middleware for routes that change the store. */
export const writeAccess: MiddlewareHandler<AppEnv> =
  async function writeAccess(c, next) {
    const token = c.env.API_TOKEN;
    if (!token) {
      if (c.env.ALLOW_OPEN_WRITES === "true") return next();
      throw new WritesDisabledError(
        writesDisabledMessage(
          c.req.url,
          "writes are disabled: this Worker has no API_TOKEN",
        ),
      );
    }
    const header = c.req.header("authorization");
    const readToken = c.env.READ_TOKEN;
    try {
      await requireBearer(header, [token]);
    } catch (error) {
      // The read token is valid, only not for writes: say so.
      if (readToken && (await bearerIs(header, readToken))) {
        throw new UnauthorizedError(
          "this is the read token (READ_TOKEN), which only reads: writes need API_TOKEN",
          true,
        );
      }
      throw error;
    }
    return next();
  };

// The two ways to give a Worker its token: .dev.vars for `wrangler dev`
// (read at start, so the server must restart), a secret once deployed.
const LOCAL_FIX =
  "under wrangler dev: put API_TOKEN=<token> in .dev.vars (npm run dev makes it from .dev.vars.example) and restart the server";
const DEPLOYED_FIX = "deployed: wrangler secret put API_TOKEN";

/**
 * What a refused write says (`refused`, then how to fix it): both fixes, the local one first when the
 * request came to a loopback host, as `wrangler dev` serves (localhost,
 * 127.0.0.0/8, [::1]).
 */
function writesDisabledMessage(url: string, refused: string): string {
  const host = new URL(url).hostname;
  const local =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(host);
  const fixes = local ? [LOCAL_FIX, DEPLOYED_FIX] : [DEPLOYED_FIX, LOCAL_FIX];
  return `${refused} (${fixes.join("; ")})`;
}

/**
 * Middleware for routes that only read. Where READ_TOKEN is set they need it
 * or API_TOKEN. Where they are public, a request that still sends an
 * Authorization header has it checked against the tokens the Worker has: a
 * wrong or malformed one is a 401, as GitHub answers "Bad credentials" on its
 * public endpoints, so a client with a bad token hears of it before a write
 * fails. With no token configured at all there is nothing to check against,
 * and the header is ignored.
 */
export const readAccess: MiddlewareHandler<AppEnv> = async function readAccess(
  c,
  next,
) {
  const accepted = readTokens(c.env);
  const header = c.req.header("authorization");
  if (c.env.READ_TOKEN) await requireBearer(header, accepted);
  else if (accepted.length > 0 && header !== undefined) {
    await requireBearer(header, accepted, PUBLIC_READ);
  }
  return next();
};

/**
 * Middleware for reads that are never public: API_TOKEN or READ_TOKEN.
 * With neither set, as writes: open only where ALLOW_OPEN_WRITES is "true".
 */
export const privateReadAccess: MiddlewareHandler<AppEnv> =
  async function privateReadAccess(c, next) {
    const accepted = readTokens(c.env);
    if (accepted.length === 0) {
      if (c.env.ALLOW_OPEN_WRITES === "true") return next();
      throw new WritesDisabledError(
        writesDisabledMessage(
          c.req.url,
          "datasets and jobs are never public, and this Worker has no API_TOKEN or READ_TOKEN",
        ),
      );
    }
    await requireBearer(c.req.header("authorization"), accepted);
    return next();
  };

// What a refused token on a public read adds: the way out that needs none.
const PUBLIC_READ =
  " (this read is public: send a valid token or no Authorization header)";

/** The tokens a read takes: READ_TOKEN and API_TOKEN, those that are set. */
function readTokens(env: AppEnv["Bindings"]): string[] {
  return [env.READ_TOKEN, env.API_TOKEN].filter(
    (token): token is string => !!token,
  );
}

/**
 * Throws UnauthorizedError unless `header` is `Bearer <one of accepted>`;
 * `hint` ends the message of a header that was sent and refused.
 */
async function requireBearer(
  header: string | undefined,
  accepted: string[],
  hint = "",
): Promise<void> {
  if (header === undefined) {
    throw new UnauthorizedError("send Authorization: Bearer <token>", false);
  }
  const given = bearerToken(header);
  if (given === null) {
    throw new UnauthorizedError(
      `the Authorization header is not Bearer <token>${hint}`,
      true,
    );
  }
  let ok = false;
  // Check every token, so the time taken does not say which one matched.
  for (const token of accepted) ok = (await sameSecret(given, token)) || ok;
  if (!ok) {
    throw new UnauthorizedError(`the bearer token is not valid${hint}`, true);
  }
}

/** The token of an `Authorization: Bearer <token>` header; else null. */
function bearerToken(header: string | undefined): string | null {
  return /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? null;
}

/** True when `header` is `Bearer <secret>`. */
async function bearerIs(
  header: string | undefined,
  secret: string,
): Promise<boolean> {
  const given = bearerToken(header);
  return given !== null && (await sameSecret(given, secret));
}

/**
 * Compares two secrets in constant time. Hashing first makes the inputs
 * equal in length, so not even the length of the secret leaks.
 */
async function sameSecret(given: string, secret: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(secret)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}
