/**
 * Job bodies a new user sent (issues #13 and #18), each refused with a 400
 * naming what is wrong, and no job started: a `"__proto__"` key, and a
 * prediction job's version that is no version; and datasets a job fails
 * on, saying what to send as a job body writes it.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { api, expectError } from "../http/api";
import { jobOf, startJob } from "./job-requests";

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

/**
 * Sends each of `bodies` ([JSON text, message]) and asserts each is refused
 * with its message, and that no job was started, nor listed.
 */
async function expectRefusedBodies(bodies: [string, string][]) {
  await using introspector = await introspectWorkflow(env.JOBS);
  for (const [text, message] of bodies) {
    await expectRefused(await startRaw(text), message);
  }
  expect(await introspector.get()).toHaveLength(0);
  const listed = await api("/v1/jobs");
  expect(await listed.json()).toEqual({ jobs: [], cursor: null });
}

const UNKNOWN_PROTO =
  'unknown option "__proto__": expected one of epochs, lr, logEvery, loss, init, threshold, validation, classes, positiveClass, standardize, l1, l2, batchSize, seed, optimizer, earlyStopping, classWeights';

describe('a "__proto__" key in a job body', () => {
  it("is an unknown option of a training job, whatever its value", async () => {
    await expectRefusedBodies(
      ['{"x": 1}', "null", "{}", "1"].map((value) => [
        `{"kind":"train","dataset":"diabetes","model":"m-proto","epochs":1,"__proto__":${value}}`,
        UNKNOWN_PROTO,
      ]),
    );
  });

  it("is not an option of a prediction job", async () => {
    await expectRefusedBodies([
      [
        '{"kind":"predict","dataset":"diabetes","model":"m","output":"out","__proto__":{}}',
        "__proto__ is not an option of a prediction job: it takes kind, dataset, model, version, output, header, delimiter, decimal",
      ],
    ]);
  });
});

describe("a prediction job's version", () => {
  it("is a positive integer or an alias's name, shown as the body sent it", async () => {
    await expectRefusedBodies(
      ["-1", "1.5", "0", '"0"', "true"].map((sent) => [
        `{"kind":"predict","dataset":"diabetes","model":"m","output":"out","version":${sent}}`,
        `version must be one of a positive integer or an alias name, got ${sent}`,
      ]),
    );
  });
});

describe("a job body's CSV dialect", () => {
  it("names the options to send as JSON when a decimal comma meets the comma delimiter", async () => {
    await expectRefusedBodies([
      [
        '{"kind":"train","dataset":"diabetes","model":"m-comma","decimal":","}',
        'decimal "," needs a delimiter other than ",": send "delimiter": ";" with "decimal": "," as R\'s write.csv2 writes',
      ],
    ]);
  });
});

describe("a dataset a training job cannot read", () => {
  /**
   * Starts a training job on `bytes`, stored as dataset `name`, and asserts
   * it fails with invalid_dataset and `message`, storing no model.
   */
  async function expectJobFails(
    name: string,
    bytes: string | Uint8Array,
    message: string,
  ) {
    await env.DATA.put(`datasets/${name}`, bytes);
    await using introspector = await introspectWorkflow(env.JOBS);
    const response = await startJob({
      kind: "train",
      dataset: name,
      model: name,
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const [instance] = await introspector.get();
    await instance.waitForStatus("errored");
    expect(await jobOf(id)).toMatchObject({
      state: "failed",
      result: null,
      error: { code: "invalid_dataset", message },
    });
    await expectError(await api(`/v1/models/${name}`), 404, "model_not_found");
  }

  it("names the delimiter to send as the job body's JSON, not a query string", async () => {
    await expectJobFails(
      "tabs",
      "# tabs\na\tb\ty\n1\t2\t0\n",
      'line 2 has 1 field: rows need at least one feature before the label: its lines split alike at tabs (3 fields each), send "delimiter": "\\t" (and "decimal": "," for numbers written 0,5)',
    );
  });

  it("fails on bytes that are not UTF-8, naming their line and field", async () => {
    const text = new TextEncoder().encode("1,2,0\n3,4,1\n5,");
    await expectJobFails(
      "not-utf8",
      new Uint8Array([...text, 0xc3, 0x28, 0x2c, 0x30, 0x0a]),
      "line 3 field 2 has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)",
    );
  });
});
