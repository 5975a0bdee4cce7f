/**
 * Helpers for tests that go through the Worker's own fetch handler.
 */
import {
  createExecutionContext,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index";

/** The API_TOKEN that vitest.config.ts gives the Worker under test. */
export const TEST_TOKEN = "test-token";

/**
 * Sends a request to the Worker under test, with the write token unless the
 * request sets its own Authorization header.
 */
export function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) {
    headers.set("authorization", `Bearer ${TEST_TOKEN}`);
  }
  return exports.default.fetch(`http://edge-logreg.test${path}`, {
    ...init,
    headers,
  });
}

/**
 * Sends a request to the Worker under test run with `vars` over its
 * bindings (limits, say), with the write token unless the request sets its
 * own Authorization header.
 */
export async function withVars(
  vars: Record<string, string>,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) {
    headers.set("authorization", `Bearer ${TEST_TOKEN}`);
  }
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`http://edge-logreg.test${path}`, {
      ...init,
      headers,
      duplex: "half",
    } as RequestInit),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** Sends a request with no Authorization header. */
export function anonymous(
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return exports.default.fetch(`http://edge-logreg.test${path}`, init);
}

/** A JSON request body with its content type. */
export function json(method: string, body: unknown): RequestInit {
  return {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** A CSV request body with its content type. */
export function csv(method: string, body: string): RequestInit {
  return { method, headers: { "content-type": "text/csv" }, body };
}

/**
 * `body` compressed as a client sends it with `Content-Encoding: format`
 * (the platform's CompressionStream, zlib's defaults).
 */
export async function compress(
  body: string | Uint8Array,
  format: "gzip" | "deflate",
): Promise<Uint8Array> {
  const bytes =
    typeof body === "string" ? new TextEncoder().encode(body) : body;
  const stream = new Blob([bytes])
    .stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The body of `response`: null when empty, parsed (through `reviver`) when
 * it is JSON, its text otherwise.
 */
export async function bodyOf(
  response: Response,
  reviver?: (key: string, value: unknown) => unknown,
): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  const json = response.headers
    .get("content-type")
    ?.startsWith("application/json");
  return json ? JSON.parse(text, reviver) : text;
}

/** Every key of the model store with its value and metadata, in key order. */
export async function storeSnapshot(): Promise<string> {
  const entries: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MODELS.list({ cursor });
    for (const key of page.keys) {
      entries.push([key.name, key.metadata, await env.MODELS.get(key.name)]);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return JSON.stringify(entries);
}

/**
 * Asserts that `response` is an error with this status and code, whose message
 * contains each of `fragments`.
 */
export async function expectError(
  response: Response,
  status: number,
  code: string,
  ...fragments: string[]
): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as {
    error: { code: string; message: string };
  };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  for (const fragment of fragments)
    expect(body.error.message).toContain(fragment);
}

/**
 * Asserts that `response` is exactly this error: its status, code and whole
 * message, and the requestId of its X-Request-Id header.
 */
export async function expectErrorBody(
  response: Response,
  status: number,
  code: string,
  message: string,
): Promise<void> {
  expect(response.status).toBe(status);
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await response.json()).toEqual({
    error: { code, message, requestId },
  });
}
