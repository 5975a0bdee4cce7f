/**
 * Reads the limits once per request into `c.var.limits`, and caps the body
 * at their byte limit: a 413 before the body is read when Content-Length
 * says it is too large, and while streaming when there is no Content-Length
 * (Hono's bodyLimit counts the bytes). A compressed body's inflated bytes
 * are held to the same limit as they stream (input/body-text.ts).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { BodyTooLargeError } from "../errors";
import { readLimits } from "../input/limits";

export const limitBody: MiddlewareHandler<AppEnv> = async function limitBody(
  c,
  next,
) {
  const limits = readLimits(c.env);
  c.set("limits", limits);
  const maxSize = limits.maxBodyBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new BodyTooLargeError(`the body is larger than ${maxSize} bytes`);
    },
  })(c, next);
};
