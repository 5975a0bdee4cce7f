/**
 * The base of every error the service answers with (src/errors.ts lists
 * them all): what a class declares, and how an instance reads it.
 */

/** The statuses the service's errors answer with. */
export type ErrorStatus =
  400 | 401 | 403 | 404 | 405 | 406 | 409 | 411 | 413 | 415 | 422 | 500;

/** What an error class declares: its code, its status, what it means. */
export interface ErrorClass {
  /** The stable code error bodies carry. */
  readonly code: string;
  /** The HTTP status it answers with. */
  readonly status: ErrorStatus;
  /** One line on what it means, as the OpenAPI document gives it. */
  readonly meaning: string;
}

/**
 * An error a client can act on. Each subclass declares `code`, `status` and
 * `meaning` as static members; an instance reads its code and status there.
 */
export abstract class AppError extends Error {
  /** Headers the response must carry, such as `WWW-Authenticate` on a 401. */
  readonly headers: Record<string, string> = {};

  /** The code its class declares. */
  get code(): string {
    return (this.constructor as unknown as ErrorClass).code;
  }

  /** The status its class declares. */
  get status(): ErrorStatus {
    return (this.constructor as unknown as ErrorClass).status;
  }
}
