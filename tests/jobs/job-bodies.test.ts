/**
 * Job bodies a new user sent (issues #13 and #18), each refused with a 400
 * naming what is wrong, and no job started: a `"__proto__"` key, and a
 * prediction job's version that is no version.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { api } from "../http/api";

beforeAll(async () => {
  await env.DATA.put("datasets/diabetes", diabetesCsv);
});

/** `POST /v1/jobs` with `text` as the JSON body, byte for byte. */
function startRaw(text: string): Promise<Response> {
  return api("/v1/jobs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: text,
  });
}

/**
 * Asserts `response` is a 400 invalid_option whose body is exactly
 * `{"error": {code, message, requestId}}`, the message `message`.
 */
async function expectRefused(response: Response, message: string) {
  expect(response.status).toBe(400);
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await response.json()).toEqual({
    error: { code: "invalid_option", message, requestId },
  });
}

/** Asserts that no job was started, nor listed. */
async function expectNoJob(
  introspector: Awaited<ReturnType<typeof introspectWorkflow>>,
) {
  expect(await introspector.get()).toHaveLength(0);
  const listed = await api("/v1/jobs");
  expect(await listed.json()).toEqual({ jobs: [], cursor: null });
}

describe('a "__proto__" key in a job body', () => {
  it("is an unknown option of a training job, whatever its value", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    for (const value of ['{"x": 1}', "null", "{}", "1"]) {
      await expectRefused(
        await startRaw(
          `{"kind":"train","dataset":"diabetes","model":"m-proto","epochs":1,"__proto__":${value}}`,
        ),
        'unknown option "__proto__": expected one of epochs, lr, logEvery, loss, init, threshold, validation, classes, positiveClass, standardize, l1, l2, batchSize, seed, optimizer, earlyStopping, classWeights',
      );
    }
    await expectNoJob(introspector);
  });

  it("is not an option of a prediction job", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await expectRefused(
      await startRaw(
        '{"kind":"predict","dataset":"diabetes","model":"m","output":"out","__proto__":{}}',
      ),
      "__proto__ is not an option of a prediction job: it takes kind, dataset, model, version, output, header, delimiter, decimal",
    );
    await expectNoJob(introspector);
  });
});
