/**
 * How much one request may ask: body bytes, rows, features and work, each
 * refused with a clear error and nothing stored.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, readLimits } from "../../src/input/limits";
import {
  api,
  compress,
  csv,
  expectError,
  expectErrorBody,
  json,
  storeSnapshot,
  withVars,
} from "./api";

const encoder = new TextEncoder();

async function unchanged(run: () => Promise<void>) {
  const before = await storeSnapshot();
  await run();
  expect(await storeSnapshot()).toBe(before);
}

describe("body size", () => {
  const body = "1,0\n2,1\n".repeat(50); // 400 bytes

  it("refuses a body over the limit by its Content-Length", () =>
    unchanged(async () => {
      const response = await withVars(
        { MAX_BODY_BYTES: "100" },
        "/v1/models/big",
        csv("PUT", body),
      );
      await expectError(
        response,
        413,
        "body_too_large",
        "larger than 100 bytes",
      );
    }));

  it("counts a streamed body without Content-Length", () =>
    unchanged(async () => {
      const bytes = new TextEncoder().encode(body);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 50)
            controller.enqueue(bytes.slice(i, i + 50));
          controller.close();
        },
      });
      const response = await withVars(
        { MAX_BODY_BYTES: "100" },
        "/v1/models/big",
        {
          method: "PUT",
          headers: { "content-type": "text/csv" },
          body: stream,
        },
      );
      await expectError(response, 413, "body_too_large");
    }));

  it("counts what a compressed body inflates to, while it inflates", () =>
    unchanged(async () => {
      // 400 bytes of CSV, about 30 bytes of gzip: under 100 as sent, over
      // it inflated.
      const gzip = await compress(body, "gzip");
      expect(gzip.length).toBeLessThan(100);
      const headers = {
        "content-type": "text/csv",
        "content-encoding": "gzip",
      };
      for (const [path, method] of [
        ["/v1/models/bomb", "PUT"],
        ["/v1/models", "POST"],
      ]) {
        await expectErrorBody(
          await withVars({ MAX_BODY_BYTES: "100" }, path, {
            method,
            headers,
            body: gzip,
          }),
          413,
          "body_too_large",
          "the gzip body inflates to more than 100 bytes",
        );
      }
      // 64 MiB of one row again and again, in 64 KiB of gzip: refused at
      // the default 8 MiB, without inflating the rest.
      const row = encoder.encode("0,1\n");
      const rows = new Uint8Array(64 << 20);
      for (let i = 0; i < rows.length; i += row.length) rows.set(row, i);
      const bomb = await compress(rows, "gzip");
      expect(bomb.length).toBeLessThan(DEFAULT_LIMITS.maxBodyBytes / 64);
      const response = await api("/v1/models/bomb", {
        method: "PUT",
        headers,
        body: bomb,
      });
      await expectErrorBody(
        response,
        413,
        "body_too_large",
        `the gzip body inflates to more than ${DEFAULT_LIMITS.maxBodyBytes} bytes`,
      );
    }));

  it("counts what a body to predict inflates to", async () => {
    expect(
      (
        await api(
          "/v1/models/rows",
          json("PUT", { x: [[1]], y: [1], classes: 2 }),
        )
      ).status,
    ).toBe(201);
    await unchanged(async () => {
      const rows = await compress("1\n".repeat(200), "deflate");
      await expectErrorBody(
        await withVars({ MAX_BODY_BYTES: "100" }, "/v1/models/rows/predict", {
          method: "POST",
          headers: {
            "content-type": "text/csv",
            "content-encoding": "deflate",
          },
          body: rows,
        }),
        413,
        "body_too_large",
        "the deflate body inflates to more than 100 bytes",
      );
    });
  });

  it("accepts a body under the limit", async () => {
    const response = await withVars(
      { MAX_BODY_BYTES: "1000" },
      "/v1/models/small",
      csv("PUT", body),
    );
    expect(response.status).toBe(201);
  });
});

describe("rows, features and work", () => {
  it("refuses too many rows and too many features", async () => {
    expect(
      (
        await api(
          "/v1/models/two",
          json("PUT", { x: [[1, 2]], y: [1], classes: 2 }),
        )
      ).status,
    ).toBe(201);
    await unchanged(async () => {
      await expectError(
        await withVars(
          { MAX_ROWS: "3" },
          "/v1/models/rows",
          json("PUT", { x: [[1], [2], [3], [4]], y: [0, 1, 0, 1] }),
        ),
        422,
        "over_limit",
        "the body has 4 rows, at most 3 are allowed",
      );
      await expectError(
        await withVars(
          { MAX_COLS: "2" },
          "/v1/models/cols",
          json("PUT", { x: [[1, 2, 3]], y: [0] }),
        ),
        422,
        "over_limit",
        "rows have 3 features, at most 2 are allowed",
      );
      await expectError(
        await withVars(
          { MAX_COLS: "1" },
          "/v1/models/two/predict",
          json("POST", { x: [[1, 2]] }),
        ),
        422,
        "over_limit",
        "rows have 2 features, at most 1 are allowed",
      );
    });
  });

  it("refuses a CSV row wider than the column limit while reading it", async () => {
    const model = json("PUT", { x: [[1, 2]], y: [1], classes: 2 });
    expect((await api("/v1/models/wide", model)).status).toBe(201);
    // The row never ends: it is refused at its third field, not its last.
    const wide = "1,".repeat(100_000);
    await unchanged(async () => {
      for (const [path, method] of [
        ["/v1/models/wide/predict", "POST"],
        ["/v1/models/wide/evaluate", "POST"],
        ["/v1/models/wide", "PUT"],
      ]) {
        await expectError(
          await withVars({ MAX_COLS: "2" }, path, csv(method, wide)),
          422,
          "over_limit",
          "line 1 has more than 2 features, at most 2 are allowed",
        );
      }
    });
  });

  it("refuses a training over the work budget, saying by how much and what to do", () =>
    unchanged(async () => {
      // 4 rows × 1 feature × (epochs 99 + 1) = 400 = 4× a budget of 100.
      const response = await withVars(
        { MAX_WORK: "100" },
        "/v1/models/work",
        json("PUT", { x: [[1], [2], [3], [4]], y: [0, 1, 0, 1], epochs: 99 }),
      );
      await expectError(
        response,
        422,
        "over_limit",
        "needs 400 multiply-adds",
        "4.0× the budget of 100",
        "use at most 24 epochs",
      );
    }));

  it("fits the lab's diabetes training (759 × 8 × 101) well inside the default budget", () => {
    expect(759 * 8 * 101).toBeLessThan(DEFAULT_LIMITS.maxWork / 1000);
  });
});

describe("configuration", () => {
  it("reads limits from vars over the defaults", () => {
    expect(readLimits({})).toEqual(DEFAULT_LIMITS);
    expect(readLimits({ MAX_ROWS: "10", MAX_WORK: "" })).toEqual({
      ...DEFAULT_LIMITS,
      maxRows: 10,
    });
  });

  it("fails loudly on a broken var rather than running without limits", () => {
    expect(() => readLimits({ MAX_COLS: "ten" })).toThrow(
      "wrangler var MAX_COLS must be a positive integer",
    );
  });

  it("answers a broken var with a JSON 500 that leaks nothing", async () => {
    const response = await withVars(
      { MAX_ROWS: "-1", LOG_LEVEL: "silent" },
      "/v1/models/x",
      json("PUT", { x: [[1]], y: [0] }),
    );
    await expectError(response, 500, "internal", "internal error");
  });
});

it("the default limits let the lab through", async () => {
  expect(
    (
      await api(
        "/v1/models/lab-ok",
        json("PUT", { x: [[1, 2]], y: [1], classes: 2, epochs: 1000 }),
      )
    ).status,
  ).toBe(201);
});
