/**
 * `/v1/models`: train, list, read and delete models.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { fitModel } from "../engine/fit-model";
import { ModelNotFoundError } from "../errors";
import { readLimit, readModelName } from "../input/model-ref";
import {
  readTrainingRequest,
  startingPoint,
  type TrainingRequest,
} from "../input/training-request";
import { modelJson } from "../reports/model-json";
import {
  deleteModel,
  listModels,
  loadWarmStart,
  saveModel,
} from "../storage/model-store";
import { aliasesOfVersion } from "../storage/alias-store";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { readAccess, writeAccess } from "./access";
import { limitBody } from "./body-limit";
import { idempotent } from "./idempotency";
import { versionedModel } from "./model-param";

export const models = new Hono<AppEnv>();

models.get(
  "/",
  readAccess,
  documented(OPERATIONS.listModels, async (c) => {
    const limit = readLimit(c.req.query("limit"));
    const page = await listModels(
      c.env,
      limit,
      c.req.query("cursor") || undefined,
    );
    return c.json(page);
  }),
);

models.post(
  "/",
  writeAccess,
  limitBody,
  idempotent,
  documented(OPERATIONS.createModel, (c) =>
    train(c, c.var.idempotency?.name ?? `m-${crypto.randomUUID()}`),
  ),
);

models.put(
  "/:name",
  writeAccess,
  limitBody,
  idempotent,
  documented(OPERATIONS.trainModel, (c) =>
    train(c, readModelName(c.req.param("name"))),
  ),
);

models.get(
  "/:name",
  readAccess,
  versionedModel,
  documented(OPERATIONS.getModel, async (c) => {
    const { model } = c.var;
    const aliases = await aliasesOfVersion(c.env, model.name, model.version);
    return c.json({
      ...modelJson(model),
      ...(aliases.length > 0 && { aliases }),
    });
  }),
);

models.delete(
  "/:name",
  writeAccess,
  idempotent,
  documented(OPERATIONS.deleteModel, async (c) => {
    const name = readModelName(c.req.param("name"));
    const key = c.var.idempotency?.scope;
    if (!(await deleteModel(c.env, name, key))) {
      throw new ModelNotFoundError(name);
    }
    return c.body(null, 204);
  }),
);

/**
 * Trains on the request's body (options in the body or the query string)
 * and stores the result as the next version of `name`: 201 with the model.
 * Nothing is stored when any step fails.
 */
async function train(c: Context<AppEnv>, name: string) {
  const request = await readTrainingRequest(
    c.req.raw,
    c.req.query(),
    c.var.limits,
  );
  const source = await loadWarmStart(c.env, request.options.init);
  const start = startingPoint(request, source);
  const { dataset, options, warnings } = request;
  const fitted = fitModel(dataset, options, start, warnings);
  const model = await saveModel(
    c.env,
    { name, ...fitted, ...featureNamesOf(request) },
    new Date(),
    c.var.idempotency?.scope,
  );
  return c.json(modelJson(model), 201, { Location: `/v1/models/${name}` });
}

/** `{featureNames}` when the training body named its features, else nothing. */
function featureNamesOf(request: TrainingRequest) {
  const { featureNames } = request;
  return featureNames === undefined ? {} : { featureNames };
}
