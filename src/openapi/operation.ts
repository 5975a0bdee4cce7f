/**
 * The shapes of an OpenAPI operation as this service writes them, and the
 * builders the path table (paths.ts) uses: each operation's error responses
 * come from the error classes it names (src/errors.ts), with each class's
 * status and meaning; and the query parameters each takes (`queryNames`),
 * which every route but a page holds requests to (http/known-query.ts).
 */
import {
  InternalError,
  OptionError,
  WritesDisabledError,
  type ErrorClass,
} from "../errors";
import type { JsonSchema } from "../input/json-schema";

/** A parameter: its value described by a schema, or by JSON content. */
export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  content?: Content;
}

/** Media types and their schemas. */
export type Content = Record<string, { schema: JsonSchema }>;

/** A response: what it means, and its body by media type. */
export interface Answer {
  description: string;
  content?: Content;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** One operation, as the document and the /docs page use it. */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; description: string; content: Content };
  responses: Record<string, Answer>;
}

/** The HTTP methods the service uses, lower case as OpenAPI keys them. */
export type Method = "get" | "put" | "post" | "delete";

/** Every route's operations, by OpenAPI path and method. */
export type Paths = Record<string, Partial<Record<Method, Operation>>>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** How every body may be sent (input/body-encoding.ts, input/inflate.ts). */
const BODY_ENCODINGS =
  "In UTF-8, or in the charset the Content-Type names: any the Encoding Standard defines and TextDecoder knows, such as utf-16le or windows-1252 (another is a 415). It may be sent compressed, with Content-Encoding gzip (or x-gzip) or deflate, and is inflated as it streams (another coding is a 415 with Accept-Encoding). MAX_BODY_BYTES bounds the body as sent and as it inflates (413).";

/** A JSON body of component schema `name`. */
export const json = (name: string): Content => ({
  "application/json": { schema: ref(name) },
});

/** A text body of media type `type`. */
export const text = (type: string): Content => ({
  [type]: { schema: { type: "string" } },
});

/** A 200 answer. */
export const ok = (description: string, content: Content) => ({
  "200": { description, content },
});

/** What an operation of the API is: all but its security and error bodies. */
export interface Spec {
  id: string;
  tag: string;
  summary: string;
  description?: string;
  parameters: Parameter[];
  /** Its body's component schemas: JSON, and CSV when it takes one. */
  body?: [json: string, csv?: string];
  ok: Record<string, Answer>;
  /** Its errors; a write is an operation that may answer WritesDisabledError. */
  errors: readonly ErrorClass[];
  /** The component schema of its error bodies: `Error` unless it says. */
  errorSchema?: string;
}

/** An operation from its spec: bearer security, each error under its status. */
export function operation(spec: Spec): Operation {
  const { id, tag, summary, description, parameters, body, ok } = spec;
  const errors = [...spec.errors, InternalError];
  const responses = withErrors(ok, errors, spec.errorSchema);
  // Writes need API_TOKEN; reads need a token only where READ_TOKEN is set.
  const write = spec.errors.includes(WritesDisabledError);
  return {
    operationId: id,
    summary,
    ...(description && { description }),
    tags: [tag],
    security: write ? [{ bearer: [] }] : [{}, { bearer: [] }],
    parameters,
    ...(body && {
      requestBody: {
        required: true,
        description: BODY_ENCODINGS,
        content: {
          ...json(body[0]),
          ...(body[1] && { "text/csv": { schema: ref(body[1]) } }),
        },
      },
    }),
    responses,
  };
}

/** `ok` and the answer of each of `errors`, under its status, as `schema`. */
function withErrors(
  ok: Record<string, Answer>,
  errors: readonly ErrorClass[],
  schema = "Error",
): Record<string, Answer> {
  const responses = { ...ok };
  for (const { code, status, meaning } of errors) {
    const line = `\`${code}\`: ${meaning}`;
    const seen = responses[status];
    responses[status] = seen
      ? { ...seen, description: `${seen.description}; ${line}` }
      : { description: line, content: json(schema) };
  }
  return responses;
}

/**
 * A route outside the API: no token, and no error but the one every route
 * that takes no query parameter answers to one.
 */
export function site(
  id: string,
  summary: string,
  ok: Record<string, Answer>,
): Operation {
  return service(id, summary, withErrors(ok, [OptionError]));
}

// The pages people open from links, which may carry query parameters of
// their own (utm_source, fbclid): they read none, so they ignore any.
const pages = new WeakSet<Operation>();

/**
 * A page a person opens in a browser: a route outside the API that ignores
 * any query parameter (a shared link may carry tracking ones; the page reads
 * none, so nothing can be answered wrong), and so has no error at all.
 */
export function page(
  id: string,
  summary: string,
  ok: Record<string, Answer>,
): Operation {
  const operation = service(id, summary, ok);
  pages.add(operation);
  return operation;
}

function service(
  id: string,
  summary: string,
  responses: Record<string, Answer>,
): Operation {
  return {
    operationId: id,
    summary,
    tags: ["service"],
    security: [],
    responses,
  };
}

/**
 * The names of the query parameters `operation` takes, as it declares them;
 * null for a page, which ignores any. Every other route refuses a name not
 * among these (http/known-query.ts), so the document and the check are one.
 */
export function queryNames(operation: Operation): string[] | null {
  if (pages.has(operation)) return null;
  return (operation.parameters ?? [])
    .filter((parameter) => parameter.in === "query")
    .map((parameter) => parameter.name);
}
