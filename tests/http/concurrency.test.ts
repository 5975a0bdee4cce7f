/**
 * Many trainings of one name at once, with readers running meanwhile.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { setStoreFault } from "../../src/storage/faults";
import { api, json } from "./api";
import type { LogisticModelJson } from "../../src/reports/model-json";

it("gives each training a distinct version; readers only see complete versions", async () => {
  const trainings = 16;
  // Training i has i + 2 rows, so a version's sample count says which training wrote it.
  const bodies = Array.from({ length: trainings }, (_, i) => ({
    x: Array.from({ length: i + 2 }, (_, r) => [r, r % 3]),
    y: Array.from({ length: i + 2 }, (_, r) => r % 2),
    epochs: 20,
  }));

  let writing = true;
  const seen: LogisticModelJson[] = [];
  const reader = (async () => {
    while (writing) {
      const response = await api("/v1/models/busy");
      if (response.status === 404) continue; // before the first version lands
      expect(response.status).toBe(200);
      seen.push((await response.json()) as LogisticModelJson);
    }
  })();

  const responses = await Promise.all(
    bodies.map((body) => api("/v1/models/busy", json("PUT", body))),
  );
  writing = false;
  await reader;

  expect(responses.map((r) => r.status)).toEqual(Array(trainings).fill(201));
  const trained = (await Promise.all(
    responses.map((r) => r.json()),
  )) as LogisticModelJson[];
  const versions = trained.map((m) => m.version).sort((a, b) => a - b);
  expect(versions).toEqual(Array.from({ length: trainings }, (_, i) => i + 1));

  // Afterwards the pointer names the newest version, complete.
  const head = (await (
    await api("/v1/models/busy")
  ).json()) as LogisticModelJson;
  expect(head.version).toBe(trainings);
  expect(head).toEqual(
    expect.objectContaining(trained.find((m) => m.version === trainings)),
  );

  expect(seen.length).toBeGreaterThan(0);
  // Every version a reader saw is complete: it equals what its training returned.
  for (const model of seen) {
    const written = trained.find((m) => m.version === model.version);
    expect(model.weights).toEqual(written?.weights);
    expect(model.samples).toBe(written?.samples);
  }
  // And readers never saw the head move backwards.
  const order = seen.map((m) => m.version);
  expect(order).toEqual([...order].sort((a, b) => a - b));
});

it("answers 409 to a training whose model is deleted while it is stored, and stores nothing", async () => {
  const body = { x: [[1], [2], [3], [4]], y: [0, 0, 1, 1], epochs: 5 };
  expect((await api("/v1/models/raced", json("PUT", body))).status).toBe(201);
  let deleted: Response | undefined;
  setStoreFault(async (step, name) => {
    if (step !== "save:written" || name !== "raced") return;
    setStoreFault(null);
    deleted = await api("/v1/models/raced", { method: "DELETE" });
  });
  try {
    const response = await api("/v1/models/raced", json("PUT", body));
    expect(response.status).toBe(409);
    const error = (await response.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(error.error.code).toBe("conflict");
    expect(error.error.message).toMatch(/model raced was deleted/);
    expect(error.error.requestId).toBeTruthy();
  } finally {
    setStoreFault(null);
  }
  expect(deleted?.status).toBe(204);
  expect((await api("/v1/models/raced")).status).toBe(404);
  expect((await api("/v1/models/raced?version=2")).status).toBe(404);
  const { keys } = await env.MODELS.list({ prefix: "model:raced:" });
  expect(keys).toEqual([]);
});
