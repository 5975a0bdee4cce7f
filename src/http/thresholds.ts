/**
 * `/v1/models/{name}/thresholds` and `/threshold`: thresholds a person
 * chooses on a two-class model, from the exact score curves its version
 * keeps or from labelled rows, and a new version at a chosen threshold.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { withThreshold } from "../domain/threshold-version";
import {
  chooseThresholds,
  chooseThresholdsOnRows,
} from "../engine/threshold-choice";
import { ReportNotFoundError } from "../errors";
import { readEvaluationRequest } from "../input/model-rows";
import {
  checkBothClasses,
  checkTwoClasses,
  readStoredScores,
  readThresholdBody,
  readThresholdChoices,
  withoutChoices,
} from "../input/threshold-options";
import { modelJson } from "../reports/model-json";
import { saveModel } from "../storage/model-store";
import { documented } from "../openapi/documented";
import { THRESHOLD_OPERATIONS } from "../openapi/threshold-operations";
import { readAccess, writeAccess } from "./access";
import { limitBody } from "./body-limit";
import { idempotent } from "./idempotency";
import { versionedModel } from "./model-param";

export const thresholds = new Hono<AppEnv>();

thresholds.get(
  "/:name/thresholds",
  readAccess,
  versionedModel,
  documented(THRESHOLD_OPERATIONS.getThresholds, (c) => {
    const { model } = c.var;
    const query = c.req.query();
    const { dataset, scores } = readStoredScores(model, query.dataset);
    const request = readThresholdChoices(query);
    return c.json({
      name: model.name,
      version: model.version,
      dataset,
      ...chooseThresholds(scores.curve, request),
    });
  }),
);

thresholds.post(
  "/:name/thresholds",
  readAccess,
  limitBody,
  versionedModel,
  documented(THRESHOLD_OPERATIONS.chooseThresholds, async (c) => {
    const { model } = c.var;
    const query = c.req.query();
    checkTwoClasses(model, "thresholds apply");
    const request = readThresholdChoices(query);
    const { dataset, warnings } = await readEvaluationRequest(
      c.req.raw,
      withoutChoices(query),
      c.var.limits,
      model,
    );
    checkBothClasses(dataset.y);
    return c.json({
      name: model.name,
      version: model.version,
      ...chooseThresholdsOnRows(model.weights, dataset, request),
      ...(warnings.length > 0 && { warnings }),
    });
  }),
);

thresholds.post(
  "/:name/threshold",
  writeAccess,
  limitBody,
  idempotent,
  versionedModel,
  documented(THRESHOLD_OPERATIONS.setThreshold, async (c) => {
    const { model } = c.var;
    checkTwoClasses(model, "threshold applies");
    const threshold = await readThresholdBody(c.req.raw, c.var.limits);
    if (model.scores === undefined) {
      throw new ReportNotFoundError(
        `model ${model.name} version ${model.version} was stored before score curves were kept: its counts at another threshold are unknown; train a new version`,
      );
    }
    const saved = await saveModel(
      c.env,
      withThreshold(model, model.scores, threshold),
      new Date(),
      c.var.idempotency?.scope,
    );
    // As a training answers, and a replay of either (idempotency.ts).
    return c.json(modelJson(saved), 201, {
      Location: `/v1/models/${model.name}`,
    });
  }),
);
