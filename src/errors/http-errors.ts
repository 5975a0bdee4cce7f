/**
 * Errors of the HTTP layer itself, listed with every other in ERROR_CLASSES
 * (src/openapi/error-classes.ts).
 */
import { AppError } from "./app-error";

/**
 * A path the service has, asked with a method it does not take there
 * (RFC 9110 §15.5.6: 405, with an `Allow` header listing the methods it
 * takes).
 */
export class MethodNotAllowedError extends AppError {
  static readonly code = "method_not_allowed";
  static readonly status = 405;
  static readonly meaning =
    "a path the service has, asked with a method it does not take there (the Allow header lists those it does)";
  override readonly headers: Record<string, string>;
  /** @param allowed the methods the path takes, for the `Allow` header */
  constructor(message: string, allowed: readonly string[]) {
    super(message);
    this.headers = { Allow: allowed.join(", ") };
  }
}
