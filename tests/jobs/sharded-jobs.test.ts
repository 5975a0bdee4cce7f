/**
 * Training jobs over shards, through the Worker: the lab's diabetes data
 * uploaded by PUT /v1/datasets and trained by a job cut into shards of 100
 * rows, 3 shards (2,400 values) a step, so each pass over the data takes
 * three steps; the lab's table, the bound on every step, a retried step,
 * a cancel mid-training, a plan over the step limit, a CSV that is not
 * valid, and standardize + validation + Adam against a training request.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import {
  COST_TOLERANCE,
  DIABETES_ACCURACY,
  DIABETES_BCE_COSTS,
} from "../fixtures/lab05";
import { loadCheckpoint } from "../../src/storage/job-store";
import { api, expectError, json, withVars } from "../http/api";

/** Shards of 100 rows, 3 a step (2,400 values of 8 features). */
const SIZES = { JOB_SHARD_ROWS: "100", JOB_STEP_VALUES: "2400" };
const BOUND = 2400;
const LAB = { kind: "train", epochs: 100, logEvery: 10, lr: 1, init: "zeros" };
const SLOW = 240_000;

interface JobJson {
  id: string;
  state: string;
  progress: Record<string, number | null>;
  history: { epoch: number; cost: number; validationCost?: number }[];
  error: { code: string; message: string } | null;
  result: { model: string; version: number } | null;
}

interface ModelJson {
  accuracy: number;
  weights: unknown;
  history: JobJson["history"];
  job: unknown;
}

async function upload(name: string, body: string) {
  const response = await api(`/v1/datasets/${name}`, {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body,
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  await upload("diabetes-sharded", diabetesCsv);
});

async function start(body: object, vars: Record<string, string> = SIZES) {
  return withVars(vars, "/v1/jobs", json("POST", body));
}

async function read<T>(path: string): Promise<T> {
  const response = await api(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Every R2 object of job `id` (shards, manifest, checkpoints, draft). */
async function objectsOf(id: string): Promise<string[]> {
  const page = await env.DATA.list({ prefix: `jobs/${id}/` });
  // And the job's Durable Object keeps no checkpoint (plan, train k).
  expect(await loadCheckpoint(env, id, "plan")).toBeNull();
  return page.objects.map((o) => o.key);
}

function expectLabTable(history: JobJson["history"]) {
  expect(history.map((log) => log.epoch)).toEqual([
    0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
  ]);
  history.forEach((log, i) => {
    const { lab } = DIABETES_BCE_COSTS;
    expect(Math.abs(log.cost - lab[i])).toBeLessThanOrEqual(COST_TOLERANCE);
  });
}

describe("a job over shards of 100 rows, 3 a step", () => {
  let trained: ModelJson;

  it(
    "gives the lab's table and 76.68% in several steps, none reading more than the bound",
    async () => {
      await using introspector = await introspectWorkflow(env.JOBS);
      const body = { ...LAB, dataset: "diabetes-sharded", model: "sharded" };
      const response = await start(body);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      // 8 shards, 3 a step: 3 steps a pass, 101 iterations and the final pass.
      const steps = [];
      for (let k = 0; k < 306; k++) {
        steps.push(
          (await instance.waitForStepResult({ name: `train ${k}` })) as {
            shards: number;
            values: number;
            done: boolean;
          },
        );
      }
      expect(steps.map((s) => s.shards).slice(0, 3)).toEqual([3, 3, 2]);
      for (const s of steps) expect(s.values).toBeLessThanOrEqual(BOUND);
      expect(steps.map((s) => s.done).indexOf(true)).toBe(305);
      const job = await read<JobJson>(`/v1/jobs/${id}`);
      expect(job.state).toBe("succeeded");
      expectLabTable(job.history);
      trained = await read<ModelJson>("/v1/models/sharded");
      expect(trained.accuracy).toBe(DIABETES_ACCURACY);
      expect((100 * trained.accuracy).toFixed(2)).toBe("76.68");
      expect(trained.job).toEqual({ id, dataset: "diabetes-sharded" });
      // Shards, manifest, checkpoints and draft are gone.
      expect(await objectsOf(id)).toEqual([]);
    },
    SLOW,
  );

  it(
    "retries a training step that failed once and lands on the same weights, bit for bit",
    async () => {
      await using introspector = await introspectWorkflow(env.JOBS);
      await introspector.modifyAll(async (m) => {
        await m.disableRetryDelays();
        await m.mockStepError({ name: "train 40" }, new Error("a fault"), 1);
      });
      const body = { ...LAB, dataset: "diabetes-sharded", model: "retried" };
      const response = await start(body);
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      expect((await read<JobJson>(`/v1/jobs/${id}`)).state).toBe("succeeded");
      const model = await read<ModelJson>("/v1/models/retried");
      expect(model.weights).toEqual(trained.weights);
      expect(model.history).toEqual(trained.history);
      expect(model.accuracy).toBe(trained.accuracy);
    },
    SLOW,
  );

  it(
    "stops at the next step boundary when cancelled mid-training: no version, no R2 objects",
    async () => {
      await using introspector = await introspectWorkflow(env.JOBS);
      // train 30's first attempt fails without running, so the job is
      // running when the cancel comes; its retry (a second later) stops.
      await introspector.modifyAll(async (m) => {
        await m.mockStepError({ name: "train 30" }, new Error("held"), 1);
      });
      const body = { ...LAB, dataset: "diabetes-sharded", model: "stopped" };
      const response = await start(body);
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStepResult({ name: "train 29" });
      const cancel = await api(`/v1/jobs/${id}/cancel`, { method: "POST" });
      expect(cancel.status).toBe(202);
      expect(((await cancel.json()) as JobJson).state).toBe("cancelling");
      await instance.waitForStatus("complete");
      expect(await instance.getOutput()).toEqual({ state: "cancelled" });
      const job = await read<JobJson>(`/v1/jobs/${id}`);
      expect(job).toMatchObject({ state: "cancelled", result: null });
      expect(job.history.map((log) => log.epoch)).toEqual([0]);
      await expectError(
        await api("/v1/models/stopped"),
        404,
        "model_not_found",
      );
      expect(await objectsOf(id)).toEqual([]);
    },
    SLOW,
  );
});

describe("jobs over shards that are refused or fail", () => {
  it("refuses a plan over MAX_JOB_STEPS with a 400 saying how many epochs fit, storing nothing", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const before = await env.DATA.list({ prefix: "jobs/" });
    const body = { ...LAB, dataset: "diabetes-sharded", model: "too-long" };
    // prepare 2 + plan 1 + train 3 × 102 + 3 = 312 steps; 62 epochs take 198.
    await expectError(
      await start(body, { ...SIZES, MAX_JOB_STEPS: "200" }),
      400,
      "invalid_option",
      "the job needs 312 Workflow steps",
      "over MAX_JOB_STEPS 200: at most 62 epochs fit",
    );
    expect(await introspector.get()).toHaveLength(0);
    expect(await read("/v1/jobs?model=too-long")).toEqual({
      jobs: [],
      cursor: null,
    });
    const after = await env.DATA.list({ prefix: "jobs/" });
    expect(after.objects.length).toBe(before.objects.length);
  });

  it("refuses shards larger than a step's bound with a 400 naming both", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const body = { ...LAB, dataset: "diabetes-sharded", model: "too-wide" };
    await expectError(
      await start(body, { JOB_SHARD_ROWS: "400", JOB_STEP_VALUES: "2400" }),
      422,
      "over_limit",
      "a shard of 400 rows × 8 features holds 3200 values, over the JOB_STEP_VALUES 2400",
    );
    expect(await introspector.get()).toHaveLength(0);
  });

  it("fails a job whose dataset is not valid CSV, naming the line and field: no version, no R2 objects", async () => {
    const lines = diabetesCsv.split("\n");
    const fields = lines[502].split(",");
    fields[3] = "n/a";
    lines[502] = fields.join(",");
    await upload("diabetes-broken", lines.join("\n"));
    await using introspector = await introspectWorkflow(env.JOBS);
    const body = { ...LAB, dataset: "diabetes-broken", model: "broken" };
    const response = await start(body);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as JobJson;
    const [instance] = await introspector.get();
    await instance.waitForStatus("errored");
    const job = await read<JobJson>(`/v1/jobs/${id}`);
    expect(job.state).toBe("failed");
    expect(job.error?.code).toBe("invalid_dataset");
    expect(job.error?.message).toMatch(/line 503/);
    expect(job.error?.message).toMatch(/field 4/);
    await expectError(await api("/v1/models/broken"), 404, "model_not_found");
    expect(await objectsOf(id)).toEqual([]);
  });
});

describe("standardize, validation and Adam over shards", () => {
  it(
    "give the costs a training request gives on the same CSV, within 1e-6",
    async () => {
      const options = {
        epochs: 40,
        logEvery: 5,
        lr: 0.05,
        init: "zeros",
        standardize: true,
        validation: { fraction: 0.2, seed: 3 },
        optimizer: { adam: {} },
      };
      const rows = diabetesCsv
        .trim()
        .split("\n")
        .map((l) => l.split(","));
      const x = rows.map((r) => r.slice(0, 8).map(Number));
      const y = rows.map((r) => [Number(r[8])]);
      const put = await api(
        "/v1/models/adam-request",
        json("PUT", { x, y, ...options }),
      );
      expect(put.status).toBe(201);
      const request = await read<ModelJson>("/v1/models/adam-request");

      await using introspector = await introspectWorkflow(env.JOBS);
      const body = {
        kind: "train",
        dataset: "diabetes-sharded",
        model: "adam-job",
        ...options,
      };
      const response = await start(body);
      expect(response.status).toBe(202);
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      const job = await read<ModelJson>("/v1/models/adam-job");
      expect(job.history.map((log) => log.epoch)).toEqual(
        request.history.map((log) => log.epoch),
      );
      job.history.forEach((log, i) => {
        const asked = request.history[i];
        expect(Math.abs(log.cost - asked.cost)).toBeLessThanOrEqual(1e-6);
        expect(
          Math.abs(log.validationCost! - asked.validationCost!),
        ).toBeLessThanOrEqual(1e-6);
      });
      expect(Math.abs(job.accuracy - request.accuracy)).toBeLessThanOrEqual(
        1 / 759,
      );
    },
    SLOW,
  );
});
