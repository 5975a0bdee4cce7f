/**
 * What every response carries: security headers, a request id (also in every
 * error body), and the CORS policy.
 */
import { describe, expect, it } from "vitest";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { anonymous, api, json } from "./api";

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "SAMEORIGIN",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

describe("every response", () => {
  it("carries security headers and a request id, on success and on error", async () => {
    const responses = [
      await api("/v1/models/h", json("PUT", { x: TOY_X, y: TOY_Y })),
      await api("/v1/models/h"),
      await api("/v1/models/none"),
      await anonymous("/v1/models/h", { method: "DELETE" }),
      await api("/nowhere"),
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 200, 404, 401, 404]);
    for (const response of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(response.headers.get(name)).toBe(value);
      }
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("puts the request id in the error body", async () => {
    const response = await api("/v1/models/none");
    const body = (await response.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("says where the time went in Server-Timing", async () => {
    await api("/v1/models/timed", json("PUT", { x: TOY_X, y: TOY_Y }));
    const response = await api("/v1/models/timed/predict?x=1,2");
    const timing = response.headers.get("server-timing") ?? "";
    expect(timing).toMatch(/(^|,\s*)model;dur=\d/);
    expect(timing).toMatch(/(^|,\s*)total;dur=\d/);
  });

  it("keeps a caller's X-Request-Id", async () => {
    const response = await api("/v1/models", {
      headers: { "x-request-id": "trace-123" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
  });
});

it("GET /health answers ok through the same middleware", async () => {
  const response = await api("/health");
  expect(response.status).toBe(200);
  // Its line ended, as every text answer's: curl's output ends before the prompt.
  expect(await response.text()).toBe("ok\n");
  expect(response.headers.get("x-request-id")).toBeTruthy();
});

it("GET / with Accept: application/json lists every documented operation", async () => {
  const response = await api("/", { headers: { accept: "application/json" } });
  const body = (await response.json()) as { endpoints: string[] };
  expect(body.endpoints).toContain("POST /v1/models/{name}/evaluate");
  expect(body.endpoints).toContain("PUT /v1/models/{name}");
  expect(body.endpoints).toContain("GET /health");
});

it("GET / lets in images from blob: URLs only, the charts its script fetched", async () => {
  const response = await anonymous("/");
  const csp = response.headers.get("content-security-policy") ?? "";
  const directives = csp.split(";").map((part) => part.trim());
  expect(directives).toContain("img-src blob:");
  expect(directives).toContain("connect-src 'self'");
  expect(directives).toContain("default-src 'none'");
});

describe("CORS", () => {
  it("answers a preflight for a write from any origin", async () => {
    const response = await anonymous("/v1/models/h", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain(
      "PUT",
    );
    expect(
      response.headers.get("access-control-allow-headers")?.toLowerCase(),
    ).toContain("authorization");
  });

  it("exposes the request id to scripts", async () => {
    const response = await api("/v1/models", {
      headers: { origin: "https://app.example" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toContain(
      "X-Request-Id",
    );
  });
});
