/**
 * `/v1/models/{name}/predict` and `/evaluate`: use a stored model on rows.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { metricsOf, predict } from "../engine/linear-model";
import {
  readEvaluationRequest,
  readPredictionBody,
  readPredictionQuery,
  type PredictionRequest,
} from "../input/model-rows";
import { readLimits } from "../input/limits";
import { predictionJson } from "../reports/prediction";
import { predictionStream } from "../reports/prediction-stream";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { readAccess } from "./access";
import { limitBody } from "./body-limit";
import { versionedModel } from "./model-param";

export const predictions = new Hono<AppEnv>();

predictions.post(
  "/:name/predict",
  readAccess,
  limitBody,
  versionedModel,
  documented(OPERATIONS.predictRows, async (c) => {
    const { model, limits } = c.var;
    const query = c.req.query();
    return answer(c, await readPredictionBody(c.req.raw, query, limits, model));
  }),
);

predictions.get(
  "/:name/predict",
  readAccess,
  versionedModel,
  documented(OPERATIONS.predictRow, (c) => {
    const accept = c.req.header("accept") ?? null;
    const limits = readLimits(c.env);
    const query = c.req.query();
    return answer(c, readPredictionQuery(query, accept, limits, c.var.model));
  }),
);

predictions.post(
  "/:name/evaluate",
  readAccess,
  limitBody,
  versionedModel,
  documented(OPERATIONS.evaluateModel, async (c) => {
    const { model } = c.var;
    const { version: _version, ...query } = c.req.query();
    const { dataset, threshold, warnings } = await readEvaluationRequest(
      c.req.raw,
      query,
      c.var.limits,
      model,
    );
    return c.json({
      name: model.name,
      version: model.version,
      ...metricsOf(dataset, model.weights, threshold),
      // After the metrics, whose `classes` with many classes is only K.
      classes: model.classValues,
      ...(warnings.length > 0 && { warnings }),
    });
  }),
);

/**
 * The answer of `c.var.model` to a validated prediction request: one JSON
 * document, or lines of CSV or NDJSON streamed a block of rows at a time,
 * with the version that answered in `X-Model-Version`. What `header=auto`
 * decided about a CSV body is the JSON's `warnings`, or a streamed answer's
 * `X-Header-Decision`.
 */
function answer(c: Context<AppEnv>, request: PredictionRequest) {
  const { model } = c.var;
  const { rows, threshold, explain, format, mlflow, warnings } = request;
  if (format !== "json") {
    const { weights, classValues, featureNames } = model;
    const stream = predictionStream(
      weights,
      classValues,
      rows,
      threshold,
      explain,
      format,
      featureNames,
    );
    return c.body(stream, 200, {
      "Content-Type": STREAMED_TYPES[format],
      "X-Model-Version": String(model.version),
      ...(warnings.length > 0 && {
        "X-Header-Decision": warnings.map((w) => w.message).join("; "),
      }),
    });
  }
  const prediction = predict(
    model.weights,
    rows.values,
    rows.rows,
    rows.cols,
    threshold,
  );
  const json = predictionJson(
    model,
    rows,
    prediction,
    threshold,
    explain,
    mlflow,
  );
  return c.json({ ...json, ...(warnings.length > 0 && { warnings }) });
}

/** The Content-Type of each streamed answer. */
const STREAMED_TYPES = {
  csv: "text/csv; charset=UTF-8",
  ndjson: "application/x-ndjson",
} as const;
