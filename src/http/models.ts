/**
 * `/v1/models`: train, list, read, delete, predict and report.
 */
import { Hono, type Context } from "hono";
import { endTime, startTime } from "hono/timing";
import type { AppEnv } from "../env";
import { historySvg } from "../reports/history-svg";
import {
  checkFeatures,
  checkLabels,
  predict,
  thresholdRefused,
} from "../reports/prediction";
import { rocSvg } from "../reports/roc-svg";
import {
  ModelNotFoundError,
  OptionError,
  ReportNotFoundError,
} from "../errors";
import { describe } from "../input/numbers";
import {
  readFlag,
  readLimit,
  readModelName,
  readThresholdQuery,
  readVersion,
} from "../input/model-ref";
import {
  readEvaluationRequest,
  readPredictionRows,
  readQueryRow,
} from "../input/request-body";
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
import { metricsOf, softmaxMetrics, trainAndStore } from "./training";
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

models.post(
  "/:name/predict",
  readAccess,
  limitBody,
  predictRoute((c) => readPredictionRows(c.req.raw, readLimits(c.env))),
);

models.get(
  "/:name/predict",
  readAccess,
  predictRoute((c) => readQueryRow(c.req.query("x")), "x"),
);

models.post("/:name/evaluate", readAccess, limitBody, async (c) => {
  const { version, ...query } = c.req.query();
  const model = await findModel(c, version);
  const { dataset, options } = await readEvaluationRequest(
    c.req.raw,
    query,
    readLimits(c.env),
  );
  checkFeatures(model, dataset.cols);
  checkLabels(model, dataset.y);
  const { name, version: number } = model;
  if (model.classes !== undefined) {
    if (options.threshold !== undefined) throw thresholdRefused(model);
    return c.json({
      name,
      version: number,
      ...softmaxMetrics(dataset, model.weights),
    });
  }
  const threshold = options.threshold ?? model.threshold;
  return c.json({
    name,
    version: number,
    ...metricsOf(dataset, model.weights, threshold),
  });
});

models.get("/:name/history.svg", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  const held = model.history.flatMap((log) =>
    log.validationCost === undefined
      ? []
      : [
          {
            epoch: log.epoch,
            cost: log.validationCost,
            accuracy: log.validationAccuracy ?? NaN,
          },
        ],
  );
  const svg = historySvg(model.history, {
    title: `${model.name} v${model.version}: cost and accuracy`,
    ...(held.length > 0 && { validation: held }),
  });
  return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
});

models.get("/:name/roc.svg", readAccess, async (c) => {
  const model = await findModel(c, c.req.query("version"));
  if (model.classes !== undefined) {
    throw new ReportNotFoundError(
      `model ${model.name} has ${model.classes} classes: a ROC curve is drawn for two-class models`,
    );
  }
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
 * A prediction handler for rows read by `rowsOf`. Query: `version`,
 * `threshold`, `explain`, and `rowParam` where the row comes from the query.
 */
function predictRoute(
  rowsOf: (c: Context<AppEnv>) => JsonMatrix | Promise<JsonMatrix>,
  rowParam?: string,
) {
  return async function predictHandler(c: Context<AppEnv>) {
    const { version, threshold, explain, ...rest } = c.req.query();
    if (rowParam !== undefined) delete rest[rowParam];
    const model = await findModel(c, version);
    assertNoQuery(rest);
    const rows = await rowsOf(c);
    return c.json(
      predict(
        model,
        rows,
        readThresholdQuery(threshold),
        readFlag("explain", explain),
      ),
    );
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
