/**
 * `/v1/models`: train, list, read, delete, predict and report.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { labelOf, predictProbabilities } from "../engine/evaluate";
import {
  FeatureMismatchError,
  ModelNotFoundError,
  OptionError,
} from "../errors";
import { describe } from "../input/numbers";
import { readLimit, readModelName, readVersion } from "../input/model-ref";
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
import { trainAndStore } from "./training";

export const models = new Hono<AppEnv>();

models.get("/", async (c) => {
  const limit = readLimit(c.req.query("limit"));
  const page = await listModels(
    c.env.MODELS,
    limit,
    c.req.query("cursor") || undefined,
  );
  return c.json(page);
});

models.post("/", async (c) => {
  const model = await trainAndStore(
    c.env.MODELS,
    `m-${crypto.randomUUID()}`,
    c.req.raw,
    c.req.query(),
  );
  return c.json(modelJson(model), 201, {
    Location: `/v1/models/${model.name}`,
  });
});

models.put("/:name", async (c) => {
  const name = readModelName(c.req.param("name"));
  const model = await trainAndStore(
    c.env.MODELS,
    name,
    c.req.raw,
    c.req.query(),
  );
  return c.json(modelJson(model), 201, { Location: `/v1/models/${name}` });
});

models.get("/:name", async (c) => {
  const model = await findModel(
    c.env.MODELS,
    c.req.param("name"),
    c.req.query("version"),
  );
  return c.json(modelJson(model));
});

models.delete("/:name", async (c) => {
  const name = readModelName(c.req.param("name"));
  if (!(await deleteModel(c.env.MODELS, name)))
    throw new ModelNotFoundError(name);
  return c.body(null, 204);
});

models.post("/:name/predict", async (c) => {
  const { version, ...rest } = c.req.query();
  const model = await findModel(c.env.MODELS, c.req.param("name"), version);
  assertNoQuery(rest);
  return c.json(predict(model, await readPredictionRows(c.req.raw)));
});

models.get("/:name/predict", async (c) => {
  const { version, x, ...rest } = c.req.query();
  const model = await findModel(c.env.MODELS, c.req.param("name"), version);
  assertNoQuery(rest);
  return c.json(predict(model, readQueryRow(x)));
});

models.get("/:name/report", async (c) => {
  const model = await findModel(
    c.env.MODELS,
    c.req.param("name"),
    c.req.query("version"),
  );
  if (prefersText(c.req.header("accept"))) {
    return c.text(labReportText(model));
  }
  return c.json(trainingReport(model));
});

async function findModel(
  kv: KVNamespace,
  rawName: string,
  rawVersion: string | undefined,
): Promise<ModelVersion> {
  const name = readModelName(rawName);
  const version = readVersion(rawVersion);
  const model = await loadModel(kv, name, version);
  if (model === null) throw new ModelNotFoundError(name, version);
  return model;
}

function predict(model: ModelVersion, rows: JsonMatrix) {
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
  return {
    name: model.name,
    version: model.version,
    probabilities,
    labels: probabilities.map(labelOf),
  };
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
