/**
 * Training jobs through the Worker: the lab's diabetes data stored as a
 * dataset in R2, trained by a job (a real Workflow instance, real Durable
 * Objects), gives the lab's table; events, idempotent starts, cancel,
 * retried steps and refusals, each checked for what it stored.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { jobSizesOf } from "../../src/input/job-plan";
import { DEFAULT_LIMITS } from "../../src/input/limits";
import { publish } from "../../src/jobs/train-steps";
import { setStoreFault } from "../../src/storage/faults";
import {
  COST_TOLERANCE,
  DIABETES_ACCURACY,
  DIABETES_BCE_COSTS,
} from "../fixtures/lab05";
import { anonymous, api, expectError, json, withVars } from "../http/api";
import { failedJob, jobOf as readJob, startJob } from "./job-requests";

/** The lab's training of the diabetes data (tests/http/lab.test.ts), as a job. */
const LAB = {
  kind: "train",
  dataset: "diabetes",
  epochs: 100,
  logEvery: 10,
  lr: 1,
  init: "zeros",
};

interface JobJson {
  id: string;
  kind: string;
  state: string;
  dataset: string;
  model: string;
  progress: Record<string, number | null>;
  history: { epoch: number; cost: number; accuracy: number }[];
  error: { code: string; message: string } | null;
  result: { model: string; version: number } | null;
}

beforeAll(async () => {
  await env.DATA.put("datasets/diabetes", diabetesCsv);
});

const jobOf = (id: string) => readJob<JobJson>(id);

function expectLabTable(history: JobJson["history"]) {
  expect(history.map((log) => log.epoch)).toEqual([
    0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
  ]);
  history.forEach((log, i) => {
    const { lab, torch } = DIABETES_BCE_COSTS;
    expect(Math.abs(log.cost - lab[i])).toBeLessThanOrEqual(COST_TOLERANCE);
    expect(Math.abs(log.cost - torch[i])).toBeLessThanOrEqual(COST_TOLERANCE);
  });
}

/** The events of a finished job's stream, parsed, after `lastEventId`. */
async function eventsOf(id: string, lastEventId?: number) {
  const response = await api(`/v1/jobs/${id}/events`, {
    headers:
      lastEventId === undefined ? {} : { "Last-Event-ID": `${lastEventId}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const blocks = (await response.text()).split("\n\n").filter((b) => b);
  return blocks.map((block) => {
    const fields = Object.fromEntries(
      block.split("\n").map((line) => {
        const at = line.indexOf(": ");
        return [line.slice(0, at), line.slice(at + 2)];
      }),
    );
    return {
      id: Number(fields.id),
      event: fields.event,
      data: JSON.parse(fields.data) as Record<string, unknown>,
    };
  });
}

describe("a training job on the lab's diabetes data", () => {
  it("trains the lab's table, stores the version with its job, and tells its events", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const response = await startJob({ ...LAB, model: "diabetes-job" });
    expect(response.status).toBe(202);
    const started = (await response.json()) as JobJson;
    expect(response.headers.get("location")).toBe(`/v1/jobs/${started.id}`);
    expect(started).toMatchObject({
      kind: "train",
      state: "queued",
      dataset: "diabetes",
      model: "diabetes-job",
      progress: { epoch: null, epochs: 100, rowsRead: 0, fraction: 0 },
      history: [],
      error: null,
      result: null,
    });

    const [instance] = await introspector.get();
    expect(
      await instance.waitForStepResult({ name: "prepare 0" }),
    ).toMatchObject({
      stop: false,
      cursor: { done: true, rows: 759, cols: 8, shards: 1 },
    });
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({
      state: "succeeded",
      model: "diabetes-job",
      version: 1,
    });

    const job = await jobOf(started.id);
    expect(job.state).toBe("succeeded");
    expect(job.result).toEqual({ model: "diabetes-job", version: 1 });
    expect(job.progress).toEqual({
      epoch: 100,
      epochs: 100,
      rowsRead: 759,
      rowsTotal: 759,
      fraction: 1,
    });
    expectLabTable(job.history);

    const model = (await (
      await api("/v1/models/diabetes-job")
    ).json()) as JobJson & { job: unknown; accuracy: number };
    expect(model.job).toEqual({ id: started.id, dataset: "diabetes" });
    expect(model.accuracy).toBe(DIABETES_ACCURACY);
    expect((100 * model.accuracy).toFixed(2)).toBe("76.68");
    expect(model.history).toEqual(job.history);

    const events = await eventsOf(started.id);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    // A progress event for the first pass, then one a training step of the
    // 101 iterations (one shard, a step each; the final pass's changes none).
    expect(events.map((e) => e.event)).toEqual([
      "state",
      "state",
      "progress",
      "state",
      ...new Array<string>(101).fill("progress"),
      "state",
      "end",
    ]);
    expect(
      events.filter((e) => e.event === "state").map((e) => e.data),
    ).toEqual(
      ["queued", "preparing", "running", "finalizing"].map((state) => ({
        state,
      })),
    );
    expect(events.at(-1)!.data).toEqual({
      state: "succeeded",
      result: { model: "diabetes-job", version: 1 },
      error: null,
    });
    // Resumed after the fifth event: the sixth and the end, then it ends.
    const resumed = await eventsOf(started.id, 5);
    expect(resumed).toEqual(events.slice(5));
    // After its last event: nothing more, the stream ends at once.
    expect(await eventsOf(started.id, events.at(-1)!.id)).toEqual([]);
    // An id past every event it sent is refused, as a malformed one is.
    const past = events.at(-1)!.id + 1;
    await expectError(
      await api(`/v1/jobs/${started.id}/events`, {
        headers: { "Last-Event-ID": String(past) },
      }),
      400,
      "invalid_option",
      `Last-Event-ID must be the id of an event this stream sent, got ${past}, an id job ${started.id}'s stream has not sent`,
    );

    const listed = await api("/v1/jobs?model=diabetes-job&state=succeeded");
    expect(await listed.json()).toMatchObject({
      jobs: [{ id: started.id, state: "succeeded", dataset: "diabetes" }],
      cursor: null,
    });
  });

  it("answers a retried start with the same job and starts no second one", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const body = { ...LAB, model: "diabetes-keyed" };
    const key = { "Idempotency-Key": "start-diabetes-once" };
    const first = await startJob(body, key);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as JobJson;
    const again = await startJob(body, key);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(`/v1/jobs/${id}`);
    expect(((await again.json()) as JobJson).id).toBe(id);
    const instances = await introspector.get();
    expect(instances).toHaveLength(1);
    await instances[0].waitForStatus("complete");
    const versions = await api("/v1/models/diabetes-keyed/versions");
    expect(
      ((await versions.json()) as { versions: unknown[] }).versions,
    ).toHaveLength(1);
  });

  it("runs publish again after it ended the job: the same version, no second one", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const body = { ...LAB, model: "diabetes-twice" };
    const response = await startJob(body);
    const { id } = (await response.json()) as JobJson;
    const [instance] = await introspector.get();
    await instance.waitForStatus("complete");
    // The step's result lost after it ended the job: the Workflow runs it
    // again, as here.
    const spec = {
      kind: "train" as const,
      dataset: "diabetes",
      model: "diabetes-twice",
      options: { epochs: 100, logEvery: 10, lr: 1, init: "zeros" },
      dialect: {},
      sizes: jobSizesOf(DEFAULT_LIMITS),
    };
    expect(await publish(env, id, spec)).toEqual({
      stop: false,
      model: "diabetes-twice",
      version: 1,
    });
    const versions = await api("/v1/models/diabetes-twice/versions");
    expect(
      ((await versions.json()) as { versions: unknown[] }).versions,
    ).toHaveLength(1);
    expect((await jobOf(id)).state).toBe("succeeded");
  });

  it("retries a step that failed once and lands on the same numbers, storing one version", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError(
        { name: "train 50" },
        new Error("a transient fault"),
        1,
      );
    });
    // And publish dies once after the version is published, before it answers.
    let faults = 0;
    setStoreFault((step, name) => {
      if (step === "save:published" && name === "diabetes-retried") {
        if (faults++ === 0) throw new Error("crash after publishing");
      }
    });
    try {
      const response = await startJob({ ...LAB, model: "diabetes-retried" });
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      expect(faults).toBe(1);
      const job = await jobOf(id);
      expect(job.state).toBe("succeeded");
      expect(job.result).toEqual({ model: "diabetes-retried", version: 1 });
      expectLabTable(job.history);
      const versions = await api("/v1/models/diabetes-retried/versions");
      expect(
        ((await versions.json()) as { versions: unknown[] }).versions,
      ).toHaveLength(1);
    } finally {
      setStoreFault(null);
    }
  });
});

describe("cancelling a job", () => {
  it("cancels a job before its first step runs: it ends cancelled and stores no version", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    // The first attempt of prepare fails without running, so the job is
    // still queued when the cancel comes; the retry then finds the flag.
    await introspector.modifyAll(async (m) => {
      await m.mockStepError({ name: "prepare 0" }, new Error("held"), 1);
    });
    const response = await startJob({ ...LAB, model: "diabetes-cancelled" });
    const { id } = (await response.json()) as JobJson;
    const cancel = await api(`/v1/jobs/${id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(202);
    expect(((await cancel.json()) as JobJson).state).toBe("cancelled");
    const [instance] = await introspector.get();
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ state: "cancelled" });
    const job = await jobOf(id);
    expect(job).toMatchObject({ state: "cancelled", result: null });
    expect(job.history).toEqual([]);
    await expectError(
      await api("/v1/models/diabetes-cancelled"),
      404,
      "model_not_found",
    );
    expect(await env.DATA.head(`jobs/${id}/model.json`)).toBeNull();
    // A second cancel changes nothing and answers the same.
    const twice = await api(`/v1/jobs/${id}/cancel`, { method: "POST" });
    expect(twice.status).toBe(202);
    expect(((await twice.json()) as JobJson).state).toBe("cancelled");
  });

  it("cancels a running job at its next step boundary: cancelling, then cancelled, no version", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    // finish's first attempt fails without running: the job is still
    // running (its epochs done) when the cancel comes; the retry finds it.
    await introspector.modifyAll(async (m) => {
      await m.mockStepError({ name: "finish" }, new Error("held"), 1);
    });
    const response = await startJob({ ...LAB, model: "diabetes-stopped" });
    const { id } = (await response.json()) as JobJson;
    const [instance] = await introspector.get();
    await instance.waitForStepResult({ name: "train 101" });
    const cancel = await api(`/v1/jobs/${id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(202);
    expect(((await cancel.json()) as JobJson).state).toBe("cancelling");
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ state: "cancelled" });
    const job = await jobOf(id);
    expect(job).toMatchObject({ state: "cancelled", result: null });
    expectLabTable(job.history);
    await expectError(
      await api("/v1/models/diabetes-stopped"),
      404,
      "model_not_found",
    );
    // The model it had trained is not kept.
    expect(await env.DATA.head(`jobs/${id}/model.json`)).toBeNull();
    const events = await eventsOf(id);
    expect(events.slice(-2).map((e) => e.data)).toEqual([
      { state: "cancelling" },
      { state: "cancelled", result: null, error: null },
    ]);
  });

  it("refuses to cancel a job that has succeeded (409 job_conflict)", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const response = await startJob({ ...LAB, model: "diabetes-done" });
    const { id } = (await response.json()) as JobJson;
    const [instance] = await introspector.get();
    await instance.waitForStatus("complete");
    await expectError(
      await api(`/v1/jobs/${id}/cancel`, { method: "POST" }),
      409,
      "job_conflict",
      `job ${id} has succeeded`,
    );
    expect((await jobOf(id)).state).toBe("succeeded");
  });
});

describe("jobs that fail and starts that are refused", () => {
  it("fails a job whose dataset is not valid CSV, naming the line and field, and stores no version", async () => {
    await env.DATA.put("datasets/broken", "1,2,0\n3,x,1\n");
    await using introspector = await introspectWorkflow(env.JOBS);
    const response = await startJob({
      kind: "train",
      dataset: "broken",
      model: "broken-job",
    });
    const { job } = await failedJob<JobJson>(response, introspector);
    expect(job.error?.code).toBe("invalid_dataset");
    expect(job.error?.message).toMatch(/line 2/);
    expect(job.error?.message).toMatch(/field 2/);
    await expectError(
      await api("/v1/models/broken-job"),
      404,
      "model_not_found",
    );
  });

  it("fails a job whose step keeps failing, once its retries are spent, and stores no version", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "finish" }, new Error("R2 is down"));
    });
    const response = await startJob({ ...LAB, model: "diabetes-failed" });
    const { id, job } = await failedJob<JobJson>(response, introspector);
    expect(job.error).toEqual({
      code: "internal",
      message: "a step failed after its retries: R2 is down",
    });
    // It had trained: its epochs are kept, its model is not stored.
    expectLabTable(job.history);
    await expectError(
      await api("/v1/models/diabetes-failed"),
      404,
      "model_not_found",
    );
    const events = await eventsOf(id);
    expect(events.at(-1)).toMatchObject({
      event: "end",
      data: { state: "failed", error: job.error },
    });
  });

  it("refuses an unknown dataset (404) and creates no job", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await expectError(
      await startJob({ ...LAB, dataset: "nowhere", model: "no-data" }),
      404,
      "dataset_not_found",
      "no dataset named nowhere",
    );
    expect(await introspector.get()).toHaveLength(0);
    const listed = await api("/v1/jobs?model=no-data");
    expect(await listed.json()).toEqual({ jobs: [], cursor: null });
  });

  it("refuses bad options with a 400 naming them, and creates no job", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await expectError(
      await startJob({ ...LAB, model: "bad", epochs: -1 }),
      400,
      "invalid_option",
      "epochs",
    );
    await expectError(
      await startJob({ ...LAB, model: "bad", epoch: 5 }),
      400,
      "invalid_option",
      'unknown option "epoch"',
    );
    await expectError(
      await startJob({ ...LAB, kind: "predict", model: "bad" }),
      400,
      "invalid_option",
      "kind",
    );
    await expectError(
      await startJob({ ...LAB, model: "bad", delimiter: 1 }),
      400,
      "invalid_option",
      "delimiter",
    );
    expect(await introspector.get()).toHaveLength(0);
    const listed = await api("/v1/jobs?model=bad");
    expect(await listed.json()).toEqual({ jobs: [], cursor: null });
  });

  it("refuses a plan over MAX_JOB_STEPS with a 400 saying what it needs", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const response = await withVars(
      { MAX_JOB_STEPS: "3" },
      "/v1/jobs",
      json("POST", { ...LAB, model: "too-many-steps" }),
    );
    await expectError(
      response,
      400,
      "invalid_option",
      "the job needs 108 Workflow steps (prepare 2 + plan 1 + train 102 + finish 1 + publish 1 + clean up 1)",
      "over MAX_JOB_STEPS 3",
    );
    expect(await introspector.get()).toHaveLength(0);
  });

  it("lists jobs a page at a time, newest first, and refuses a cursor no page gave", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await startJob({ ...LAB, model: "paged", epochs: 1 });
      ids.push(((await response.json()) as JobJson).id);
    }
    for (const instance of await introspector.get()) {
      await instance.waitForStatus("complete");
    }
    const first = (await (
      await api("/v1/jobs?model=paged&limit=1")
    ).json()) as { jobs: JobJson[]; cursor: string };
    expect(first.jobs.map((job) => job.id)).toEqual([ids[1]]);
    const second = (await (
      await api(`/v1/jobs?model=paged&limit=1&cursor=${first.cursor}`)
    ).json()) as { jobs: JobJson[]; cursor: string | null };
    expect(second).toMatchObject({ jobs: [{ id: ids[0] }], cursor: null });
    await expectError(
      await api("/v1/jobs?cursor=nonsense"),
      400,
      "invalid_option",
      "cursor",
    );
    await expectError(
      await api("/v1/jobs?state=sleeping"),
      400,
      "invalid_option",
      "state",
    );
  });

  it("needs a token to read jobs and answers 404 for an unknown id", async () => {
    await expectError(await anonymous("/v1/jobs"), 401, "unauthorized");
    await expectError(
      await api("/v1/jobs/00000000-0000-0000-0000-000000000000"),
      404,
      "job_not_found",
    );
    await expectError(await api("/v1/jobs/not-an-id"), 404, "job_not_found");
  });
});
