/**
 * The cursor of every listing (models, datasets, jobs, a model's versions):
 * one a page gave walks to the next page, any other text is a 400 naming
 * the cursor (issue #18: `GET /v1/datasets?cursor=garbage` answered an empty
 * page), and a cursor of one listing is not one of another.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, csv } from "./api";

const TINY = "1,2,0\n3,4,1\n5,6,0\n";

beforeAll(async () => {
  for (const name of ["a", "b", "c"]) {
    const trained = await api(`/v1/models/cursor-${name}?epochs=1`, {
      ...csv("PUT", TINY),
    });
    expect(trained.status).toBe(201);
    await env.DATA.put(`datasets/cursor-${name}`, TINY);
  }
});

/** Asserts `response` is the 400 of a cursor `listing` never gave. */
async function expectCursorRefused(
  response: Response,
  cursor: string,
  listing: string,
) {
  expect(response.status).toBe(400);
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await response.json()).toEqual({
    error: {
      code: "invalid_option",
      message: `cursor ${JSON.stringify(cursor)} is not one a page of ${listing} gave: send the cursor of the previous page, or none for the first`,
      requestId,
    },
  });
}

/** The names of every page of `path`'s listing under `key`, two at a time. */
async function walk(path: string, key: "models" | "datasets") {
  const names: string[] = [];
  let cursor: string | null = "";
  do {
    const response = await api(
      `${path}?limit=2&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as Record<string, unknown> & {
      cursor: string | null;
    };
    names.push(...(page[key] as { name: string }[]).map((item) => item.name));
    cursor = page.cursor;
  } while (cursor !== null);
  return names;
}

describe("a listing's cursor", () => {
  it("walks every page of models and of datasets", async () => {
    expect(await walk("/v1/models", "models")).toEqual([
      "cursor-a",
      "cursor-b",
      "cursor-c",
    ]);
    expect(await walk("/v1/datasets", "datasets")).toEqual([
      "cursor-a",
      "cursor-b",
      "cursor-c",
    ]);
  });

  it("is refused on every listing when no page gave it", async () => {
    await expectCursorRefused(
      await api("/v1/datasets?cursor=garbage"),
      "garbage",
      "datasets",
    );
    await expectCursorRefused(
      await api("/v1/models?cursor=garbage"),
      "garbage",
      "models",
    );
    await expectCursorRefused(
      await api("/v1/models/cursor-a/versions?cursor=garbage"),
      "garbage",
      "versions",
    );
    const jobs = await api("/v1/jobs?cursor=garbage");
    expect(jobs.status).toBe(400);
    expect(await jobs.json()).toMatchObject({
      error: {
        code: "invalid_option",
        message: expect.stringMatching(/^cursor garbage /),
      },
    });
  });

  it("is refused on a listing other than the one that gave it, or changed", async () => {
    const first = await api("/v1/models?limit=1");
    const { cursor } = (await first.json()) as { cursor: string };
    await expectCursorRefused(
      await api(`/v1/datasets?cursor=${encodeURIComponent(cursor)}`),
      cursor,
      "datasets",
    );
    const changed = `${cursor.slice(0, -1)}${cursor.endsWith("0") ? "1" : "0"}`;
    await expectCursorRefused(
      await api(`/v1/models?cursor=${encodeURIComponent(changed)}`),
      changed,
      "models",
    );
  });
});
