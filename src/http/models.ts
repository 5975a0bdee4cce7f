/**
 * `/v1/models`: train, list, read, delete, predict and report.
 */
import { Hono, type Context } from "hono";
import { endTime, startTime } from "hono/timing";
import type { AppEnv } from "../env";
import { predictProbabilities } from "../engine/evaluate";
import { contributions } from "../engine/explain";
import { historySvg } from "../reports/history-svg";
import { rocSvg } from "../reports/roc-svg";
import {
  FeatureMismatchError,
  ModelNotFoundError,
  OptionError,
} from "../errors";
import { describe } from "../input/numbers";
import {
  readFlag,
  readLimit,
  readModelName,
  readThresholdQuery,
  readVersion,
} from "../input/model-ref";
import { readPredictionRows, readQueryRow } from "../input/request-body";
import type { JsonMatrix } from "../input/json-data";
import { labReportText } from "../reports/lab-text";
import { modelJson, trainingReport } from "../reports/model-json";
import {
  deleteModel,
  listModels,
  loadModel,
  type ModelVersion,
} from "../storage/model-store";
import { readAccess, writeAccess } from "./access";
import { limitBody } from "./body-limit";
import { trainAndStore } from "./training";
import { readLimits } from "../input/limits";

export const models = new Hono<AppEnv>();

models.get("/", readAccess, async (c) => {
  const limit = readLimit(c.req.query("limit"));
  const page = await listModels(
    c.env,
    limit,
    c.req.query("cursor") || undefined,
  );
  return c.json(page);
});

models.post("/", writeAccess, limitBody, async (c) => {
  const model = await trainAndStore(
    c.env,
    `m-${crypto.randomUUID()}`,
    c.req.raw,
    c.req.query(),
    readLimits(c.env),
  );
  return c.json(modelJson(model), 201, {
    Location: `/v1/models/${model.name}`,
  });
});

models.put("/:name", writeAccess, limitBody, async (c) => {
  const name = readModelName(c.req.param("name"));
  const model = await trainAndStore(
    c.env,
    name,
    c.req.raw,
    c.req.query(),
    readLimits(c.env),
  );
  return c.json(modelJson(model), 201, { Location: `/v1/models/${name}` });
});

models.get("/:name", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  return c.json(modelJson(model));
});

models.delete("/:name", writeAccess, async (c) => {
  const name = readModelName(c.req.param("name"));
  if (!(await deleteModel(c.env, name))) throw new ModelNotFoundError(name);
  return c.body(null, 204);
});

models.post("/:name/predict", readAccess, limitBody, async (c) => {
  const { version, threshold, explain, ...rest } = c.req.query();
  const model = await findModel(c, version);
  assertNoQuery(rest);
  const rows = await readPredictionRows(c.req.raw, readLimits(c.env));
  return c.json(
    predict(
      model,
      rows,
      readThresholdQuery(threshold),
      readFlag("explain", explain),
    ),
  );
});

models.get("/:name/predict", readAccess, async (c) => {
  const { version, x, threshold, explain, ...rest } = c.req.query();
  const model = await findModel(c, version);
  assertNoQuery(rest);
  const rows = readQueryRow(x);
  return c.json(
    predict(
      model,
      rows,
      readThresholdQuery(threshold),
      readFlag("explain", explain),
    ),
  );
});

models.get("/:name/history.svg", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  const svg = historySvg(model.history, {
    title: `${model.name} v${model.version}: cost and accuracy`,
  });
  return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
});

models.get("/:name/roc.svg", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  const { roc, rocAuc } = model.metrics;
  const svg = rocSvg(roc ?? { fpr: [], tpr: [] }, rocAuc, {
    title: `${model.name} v${model.version}: ROC curve (training set)`,
  });
  return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
});

models.get("/:name/report", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  if (prefersText(c.req.header("accept"))) {
    return c.text(labReportText(model));
  }
  return c.json(trainingReport(model));
});

/** The model the path names, at `?version=` or its newest, timed as `model`. */
async function findModel(
  c: Context<AppEnv>,
  rawVersion: string | undefined,
): Promise<ModelVersion> {
  const name = readModelName(c.req.param("name") ?? "");
  const version = readVersion(rawVersion);
  startTime(c, "model");
  const model = await loadModel(c.env, name, version);
  endTime(c, "model");
  if (model === null) throw new ModelNotFoundError(name, version);
  return model;
}

/**
 * Probabilities and labels of `rows` at `threshold` (the model's own when not
 * given), with each feature's contribution to the logit when `explain`.
 */
function predict(
  model: ModelVersion,
  rows: JsonMatrix,
  threshold = model.threshold,
  explain = false,
) {
  if (rows.cols !== model.features) {
    throw new FeatureMismatchError(
      `rows have ${rows.cols} features, model ${model.name} expects ${model.features}`,
    );
  }
  const probabilities = Array.from(
    predictProbabilities(
      new Float32Array(rows.rows),
      rows.values,
      rows.rows,
      rows.cols,
      model.weights,
    ),
  );
  const result = {
    name: model.name,
    version: model.version,
    threshold,
    probabilities,
    labels: probabilities.map((p) => (p >= threshold ? 1 : 0)),
  };
  if (!explain) return result;
  const explanations = [];
  for (let i = 0; i < rows.rows; i++) {
    const parts = Array.from(
      contributions(
        new Float64Array(rows.cols),
        rows.values,
        i,
        rows.cols,
        model.weights,
      ),
    );
    explanations.push({
      bias: model.weights.b,
      contributions: parts,
      logit: parts.reduce((sum, part) => sum + part, model.weights.b),
    });
  }
  return { ...result, explanations };
}

function assertNoQuery(rest: Record<string, string>): void {
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new OptionError(`unknown query parameter ${describe(extra[0])}`);
  }
}

/** True when the client asks for text/plain over JSON. */
function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept
    .split(",")
    .map((part) => part.split(";")[0].trim().toLowerCase());
  const text = types.indexOf("text/plain");
  const json = types.indexOf("application/json");
  return text !== -1 && (json === -1 || text < json);
}
