/**
 * Prediction jobs through the Worker: the lab's diabetes model (trained by
 * the lab's request) scores the diabetes data stored as a dataset, with and
 * without its label column, in a real Workflow instance; the output dataset
 * is /predict's CSV answer on the same rows byte for byte, and the metrics
 * of labelled rows are /evaluate's. Refusals, a label the model does not
 * know, and a cancel are each checked for what they stored.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { setStoreFault } from "../../src/storage/faults";
import { fixture } from "../fixtures/options";
import { api, csv, expectError, json } from "../http/api";
import { failedJob, jobOf as readJob, startJob } from "./job-requests";

interface JobJson {
  id: string;
  kind: string;
  state: string;
  dataset: string;
  model: string;
  version: number;
  output: string;
  progress: Record<string, number | null>;
  error: { code: string; message: string } | null;
  result: { dataset: string; rows: number; metrics?: object } | null;
}

/** The diabetes rows without their label column. */
const FEATURES_CSV = diabetesCsv
  .trimEnd()
  .split("\n")
  .map((line) => line.split(",").slice(0, -1).join(","))
  .join("\n")
  .concat("\n");

beforeAll(async () => {
  // The lab's training of the diabetes data (tests/http/lab.test.ts).
  const trained = await api(
    "/v1/models/diabetes?epochs=100&logEvery=10&lr=1",
    csv("PUT", diabetesCsv),
  );
  expect(trained.status).toBe(201);
  await env.DATA.put("datasets/diabetes", diabetesCsv);
  await env.DATA.put("datasets/diabetes-x", FEATURES_CSV);
});

const jobOf = (id: string) => readJob<JobJson>(id);

/** A prediction job of model `model` on `dataset`, writing `output`. */
function startPredict(dataset: string, output: string, model = "diabetes") {
  return startJob({ kind: "predict", dataset, model, output });
}

/**
 * Starts a prediction job on `dataset` writing `output`, which must fail
 * with `error`, write no output and leave none of its objects.
 */
async function expectPredictFails(
  dataset: string,
  output: string,
  error: { code: string; message: string },
): Promise<void> {
  await using introspector = await introspectWorkflow(env.JOBS);
  const started = await startPredict(dataset, output);
  const { id, job } = await failedJob<JobJson>(started, introspector);
  expect(job.error).toEqual(error);
  expect(await env.DATA.head(`datasets/${output}`)).toBeNull();
  const left = await env.DATA.list({ prefix: `jobs/${id}/` });
  expect(left.objects).toEqual([]);
}

/** /predict's text/csv answer of model `model` for `rows` (CSV without labels). */
async function predictCsv(rows: string, model = "diabetes"): Promise<string> {
  const response = await api(`/v1/models/${model}/predict`, {
    method: "POST",
    headers: { "content-type": "text/csv", accept: "text/csv" },
    body: rows,
  });
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * /evaluate's answer of model `model` for the rows `init` sends, without
 * its name, version and classes (a prediction job's `metrics`).
 */
async function evaluation(model: string, init: RequestInit) {
  const evaluated = await api(`/v1/models/${model}/evaluate`, init);
  expect(evaluated.status).toBe(200);
  const {
    name: _name,
    version: _version,
    classes: _classes,
    ...metrics
  } = (await evaluated.json()) as Record<string, unknown>;
  return metrics;
}

/** The bytes of dataset `name`, as GET /v1/datasets/{name}/content gives them. */
async function datasetText(name: string): Promise<string> {
  const response = await api(`/v1/datasets/${name}/content`);
  expect(response.status).toBe(200);
  return response.text();
}

/** Runs a prediction job of `body` to its end; its record. */
async function predictJob(body: object): Promise<JobJson> {
  await using introspector = await introspectWorkflow(env.JOBS);
  const response = await startJob({
    kind: "predict",
    model: "diabetes",
    ...body,
  });
  expect(response.status).toBe(202);
  const started = (await response.json()) as JobJson;
  const [instance] = await introspector.get();
  await instance.waitForStatus("complete");
  return jobOf(started.id);
}

describe("a prediction job on the lab's diabetes model", () => {
  it("writes /predict's CSV answer for rows without labels, byte for byte", async () => {
    const job = await predictJob({ dataset: "diabetes-x", output: "scored-x" });
    expect(job).toMatchObject({
      kind: "predict",
      state: "succeeded",
      dataset: "diabetes-x",
      model: "diabetes",
      version: 1,
      output: "scored-x",
      error: null,
      result: { dataset: "scored-x", rows: 759 },
    });
    expect(job.result).not.toHaveProperty("metrics");
    expect(job.progress).toMatchObject({
      rowsRead: 759,
      rowsTotal: 759,
      fraction: 1,
    });
    const text = await datasetText("scored-x");
    expect(text.split("\n")[0]).toBe("probability,label");
    expect(text.trimEnd().split("\n")).toHaveLength(760);
    expect(text).toBe(await predictCsv(FEATURES_CSV));
    // Its temporary objects are gone.
    const left = await env.DATA.list({ prefix: `jobs/${job.id}/` });
    expect(left.objects).toEqual([]);
  });

  it("with labels, writes the same answer and gives /evaluate's metrics", async () => {
    const job = await predictJob({ dataset: "diabetes", output: "scored" });
    expect(job.state).toBe("succeeded");
    expect(await datasetText("scored")).toBe(await predictCsv(FEATURES_CSV));
    const metrics = await evaluation("diabetes", csv("POST", diabetesCsv));
    expect(job.result?.metrics).toEqual(metrics);
    expect((job.result?.metrics as { accuracy: number }).accuracy).toBe(
      metrics.accuracy,
    );
    expect((100 * (metrics.accuracy as number)).toFixed(2)).toBe("76.68");
  });
});

describe("a prediction job on a model of seven classes", () => {
  it("writes one probability column a class and gives /evaluate's multiclass metrics", async () => {
    const { x, y } = fixture.zoo;
    const zoo = { x, y, epochs: 50, lr: 0.1 };
    expect((await api("/v1/models/zoo", json("PUT", zoo))).status).toBe(201);
    const rows = x.map((row) => row.join(",")).join("\n") + "\n";
    const labelled = x.map((row, i) => [...row, y[i]].join(",")).join("\n");
    await env.DATA.put("datasets/zoo", labelled + "\n");
    const job = await predictJob({
      dataset: "zoo",
      model: "zoo",
      output: "zoo-scored",
    });
    expect(job.state).toBe("succeeded");
    const text = await datasetText("zoo-scored");
    expect(text.split("\n")[0]).toBe(
      "probability_0,probability_1,probability_2,probability_3,probability_4,probability_5,probability_6,label",
    );
    expect(text).toBe(await predictCsv(rows, "zoo"));
    const metrics = await evaluation("zoo", json("POST", { x, y }));
    // One shard: the cross-entropy is summed in /evaluate's order.
    expect(job.result?.metrics).toEqual({ ...metrics, classes: 7 });
  });
});

describe("a prediction job whose steps fail and are retried", () => {
  it("retries a score step, a part and a completed upload once each, and writes the same answer", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "score 0" }, new Error("R2 fault"), 1);
      await m.mockStepError({ name: "part 1" }, new Error("R2 fault"), 1);
    });
    // And "complete" dies once after the upload completed, before the job
    // succeeded: its retry finds the dataset it made.
    let passes = 0;
    setStoreFault((step, name) => {
      if (step === "output:completed" && name === "scored-retried") {
        if (passes++ === 0) throw new Error("crash after completing");
      }
    });
    try {
      const response = await startPredict("diabetes-x", "scored-retried");
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      // Faulted once, then passed by the retry.
      expect(passes).toBe(2);
      expect((await jobOf(id)).result).toEqual({
        dataset: "scored-retried",
        rows: 759,
      });
      expect(await datasetText("scored-retried")).toBe(
        await predictCsv(FEATURES_CSV),
      );
    } finally {
      setStoreFault(null);
    }
  });
});

describe("a labelled prediction job whose score step is retried after it kept its measures", () => {
  /**
   * Runs a prediction job of `model` on `dataset` in shards of
   * `stepValues` values, with score step 1 dying once after it kept its
   * measures (checkpoint 2) and before it ended; its record.
   */
  async function retriedJob(
    dataset: string,
    model: string,
    output: string,
    stepValues: number,
  ): Promise<JobJson> {
    await using introspector = await introspectWorkflow(env.JOBS);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
    });
    const vars = env as unknown as Record<string, string>;
    vars.JOB_STEP_VALUES = String(stepValues);
    let kept = 0;
    setStoreFault((step, name) => {
      // The second score step's first pass: the checkpoint it wrote stays.
      if (step === "measures:kept" && name === output && ++kept === 2) {
        throw new Error("crash after keeping the measures");
      }
    });
    try {
      const response = await startPredict(dataset, output, model);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as JobJson;
      const [instance] = await introspector.get();
      await instance.waitForStatus("complete");
      // 4 score steps, the second run twice.
      expect(kept).toBe(5);
      return await jobOf(id);
    } finally {
      setStoreFault(null);
      delete vars.JOB_STEP_VALUES;
    }
  }

  it("adds the retried step's rows once: the lab's metrics are /evaluate's", async () => {
    // 4,000 / (8 features + 6 × (1 output + 1 label)) = 200 rows a step.
    const job = await retriedJob("diabetes", "diabetes", "scored-kept", 4000);
    expect(job.state).toBe("succeeded");
    expect(job.result?.rows).toBe(759);
    const metrics = await evaluation("diabetes", csv("POST", diabetesCsv));
    expect(job.result?.metrics).toEqual(metrics);
    expect((100 * (metrics.accuracy as number)).toFixed(2)).toBe("76.68");
    expect(await datasetText("scored-kept")).toBe(
      await predictCsv(FEATURES_CSV),
    );
  });

  it("adds the retried step's rows once with seven classes: the confusion counts are /evaluate's", async () => {
    const { x, y } = fixture.zoo;
    const zoo = { x, y, epochs: 50, lr: 0.1 };
    expect((await api("/v1/models/zoo-kept", json("PUT", zoo))).status).toBe(
      201,
    );
    const labelled = x.map((row, i) => [...row, y[i]].join(",")).join("\n");
    await env.DATA.put("datasets/zoo-kept", labelled + "\n");
    // 2,048 / (16 features + 6 × (7 outputs + 1 label)) = 32 rows a step.
    const job = await retriedJob("zoo-kept", "zoo-kept", "zoo-kept-out", 2048);
    expect(job.state).toBe("succeeded");
    expect(job.result?.rows).toBe(101);
    const { cost, ...metrics } = await evaluation(
      "zoo-kept",
      json("POST", { x, y }),
    );
    const { cost: summed, ...counted } = job.result?.metrics as {
      cost: number;
    };
    // Counts and rates exactly; the cross-entropy summed in 4 blocks,
    // /evaluate's in one, so within float64 rounding.
    expect(counted).toEqual({ ...metrics, classes: 7 });
    expect(summed).toBeCloseTo(cost as number, 12);
  });
});

describe("a prediction job of many steps and parts", () => {
  it("cuts 400,000 rows into 4 score steps and 2 parts of 5 MiB, and writes /predict's answer", async () => {
    const trained = await api(
      "/v1/models/plane",
      json("PUT", {
        x: [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        y: [0, 0, 1, 1],
        epochs: 50,
      }),
    );
    expect(trained.status).toBe(201);
    // A seeded generator (mulberry32), so the file is the same every run.
    let seed = 12345;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i++) {
      lines.push(`${random().toFixed(4)},${(2 * random() - 1).toFixed(4)}`);
    }
    const rows = lines.join("\n") + "\n";
    await env.DATA.put("datasets/plane-rows", rows);
    const vars = env as unknown as Record<string, string>;
    // 1,400,000 / (2 features + 6 × (1 output + 1 label)) = 100,000 rows a step.
    vars.JOB_STEP_VALUES = "1400000";
    vars.DATASET_PART_BYTES = String(5 * 1024 * 1024);
    try {
      await using introspector = await introspectWorkflow(env.JOBS);
      const response = await startPredict(
        "plane-rows",
        "plane-scored",
        "plane",
      );
      expect(response.status).toBe(202);
      const [instance] = await introspector.get();
      for (let k = 0; k < 4; k++) {
        await instance.waitForStepResult({ name: `score ${k}` });
      }
      await instance.waitForStepResult({ name: "part 2" });
      await instance.waitForStatus("complete");
      const { id } = (await response.json()) as JobJson;
      expect((await jobOf(id)).result).toEqual({
        dataset: "plane-scored",
        rows: 400_000,
      });
    } finally {
      delete vars.JOB_STEP_VALUES;
      delete vars.DATASET_PART_BYTES;
    }
    const text = await datasetText("plane-scored");
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(text).toBe(await predictCsv(rows, "plane"));
  });
});

describe("prediction jobs that are refused, fail or are cancelled", () => {
  it("refuses an unknown model or version with 404 and starts nothing", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await expectError(
      await startPredict("diabetes", "never", "no-such-model"),
      404,
      "model_not_found",
      "no model named no-such-model",
    );
    await expectError(
      await startJob({
        kind: "predict",
        dataset: "diabetes",
        model: "diabetes",
        version: 7,
        output: "never",
      }),
      404,
      "model_not_found",
    );
    await expectError(
      await startPredict("no-such-data", "never"),
      404,
      "dataset_not_found",
    );
    expect(await introspector.get()).toHaveLength(0);
    const listed = await api("/v1/jobs?model=no-such-model");
    expect(await listed.json()).toMatchObject({ jobs: [] });
    expect(await env.DATA.head("datasets/never")).toBeNull();
  });

  it("refuses an output that is the dataset it reads, or not a name, with 400", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    await expectError(
      await startPredict("diabetes", "diabetes"),
      400,
      "invalid_option",
      "output is diabetes, the dataset the job reads",
    );
    // A bad name is a dataset name's error, as the dataset routes give it.
    await expectError(
      await startPredict("diabetes", "no/slash"),
      400,
      "invalid_dataset_name",
      'output dataset name "no/slash" must be',
    );
    await expectError(
      await startPredict("no/slash", "fine"),
      400,
      "invalid_dataset_name",
      'dataset name "no/slash" must be',
    );
    await expectError(
      await startJob({
        kind: "predict",
        dataset: "diabetes",
        model: "diabetes",
        output: "fine",
        epochs: 3,
      }),
      400,
      "invalid_option",
      "epochs is not an option of a prediction job",
    );
    expect(await introspector.get()).toHaveLength(0);
  });

  it("fails a job whose rows have a label the model does not know, naming the line, and writes nothing", async () => {
    const lines = diabetesCsv.trimEnd().split("\n");
    lines[41] = lines[41].replace(/,[01]$/, ",2");
    await env.DATA.put("datasets/diabetes-2", lines.join("\n") + "\n");
    await expectPredictFails("diabetes-2", "scored-2", {
      code: "invalid_dataset",
      message:
        "line 42 has label 2, which is not a class of model diabetes: its classes are [0,1]",
    });
  });

  it("fails a job whose rows are not the model's width with feature_mismatch, as /predict, and writes nothing", async () => {
    // Rows of 7 fields for a model of 8 features: neither 8 nor 8 + 1.
    const narrow = diabetesCsv
      .trimEnd()
      .split("\n")
      .map((line) => line.split(",").slice(0, 7).join(","))
      .join("\n");
    await env.DATA.put("datasets/diabetes-7", narrow + "\n");
    await expectPredictFails("diabetes-7", "scored-7", {
      code: "feature_mismatch",
      message:
        "line 1 has 7 fields: the model takes 8 features, so rows need 8 fields, or 9 with the label last",
    });
  });

  it("cancels a running job: it ends cancelled and writes no output dataset", async () => {
    await using introspector = await introspectWorkflow(env.JOBS);
    // The first attempt of "start output" fails without running: the job
    // is running (its rows scored) when the cancel comes.
    await introspector.modifyAll(async (m) => {
      await m.mockStepError({ name: "start output" }, new Error("held"), 1);
    });
    const response = await startPredict("diabetes-x", "scored-cancelled");
    const { id } = (await response.json()) as JobJson;
    const [instance] = await introspector.get();
    await instance.waitForStepResult({ name: "score 0" });
    const cancel = await api(`/v1/jobs/${id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(202);
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ state: "cancelled" });
    expect((await jobOf(id)).state).toBe("cancelled");
    await expectError(
      await api("/v1/datasets/scored-cancelled"),
      404,
      "dataset_not_found",
    );
    const left = await env.DATA.list({ prefix: `jobs/${id}/` });
    expect(left.objects).toEqual([]);
  });
});
