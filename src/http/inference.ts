/**
 * The Open Inference Protocol (KServe V2) under /v2: health, server and
 * model metadata, model ready, and inference, as
 * kserve/open-inference-protocol specification/protocol/inference_rest.md
 * defines them, each model route at the newest version or at
 * `/versions/{version}`. The same read token and limits as /v1; errors are
 * the protocol's `{"error": "..."}` (src/index.ts renders them).
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { predict } from "../engine/linear-model";
import { readInferenceRequest } from "../input/inference-request";
import { SERVICE } from "../openapi/document";
import { documented } from "../openapi/documented";
import {
  INFERENCE_OPERATIONS as OPERATIONS,
  type VersionedOperation,
} from "../openapi/inference-operations";
import {
  inferenceResponse,
  modelMetadata,
} from "../reports/inference-response";
import { predictionJson } from "../reports/prediction";
import { readAccess } from "./access";
import { limitBody } from "./body-limit";
import { versionedModel } from "./model-param";

export const inference = new Hono<AppEnv>();

inference.get(
  "/health/live",
  documented(OPERATIONS.v2Live, (c) => c.json({ live: true })),
);

// Ready when live: models are read from KV as each request needs them,
// there is nothing to load first.
inference.get(
  "/health/ready",
  documented(OPERATIONS.v2Ready, (c) => c.json({ ready: true })),
);

inference.get(
  "/",
  documented(OPERATIONS.v2Server, (c) =>
    c.json({ name: SERVICE.name, version: SERVICE.version, extensions: [] }),
  ),
);

// Each model route at the newest version and at a given one: the handler
// is written once, and each path has its own operation (its operationId).
const NEWEST = "/models/:name";
const GIVEN = "/models/:name/versions/:version";

/** A model route's handler at both paths, each documented as `operation` says. */
function atBoth(
  operation: VersionedOperation,
  handler: (c: Context<AppEnv>) => Response | Promise<Response>,
) {
  return {
    newest: documented(operation.newest, (c) => handler(c)),
    given: documented(operation.given, (c) => handler(c)),
  };
}

const metadata = atBoth(OPERATIONS.v2ModelMetadata, (c) =>
  c.json(modelMetadata(c.var.model)),
);
inference.get(NEWEST, readAccess, versionedModel, metadata.newest);
inference.get(GIVEN, readAccess, versionedModel, metadata.given);

const ready = atBoth(OPERATIONS.v2ModelReady, (c) =>
  c.json({ name: c.var.model.name, ready: true }),
);
inference.get(`${NEWEST}/ready`, readAccess, versionedModel, ready.newest);
inference.get(`${GIVEN}/ready`, readAccess, versionedModel, ready.given);

// The same prediction as POST /v1/models/{name}/predict, answered as tensors.
const infer = atBoth(OPERATIONS.v2ModelInfer, async (c) => {
  const { model, limits } = c.var;
  const { id, outputs, prediction } = await readInferenceRequest(
    c.req.raw,
    limits,
    model,
  );
  const { rows, threshold } = prediction;
  const predicted = predict(
    model.weights,
    rows.values,
    rows.rows,
    rows.cols,
    threshold,
  );
  const answer = predictionJson(model, rows, predicted, threshold, false);
  return c.json(inferenceResponse(model, answer, rows.rows, outputs, id));
});
const inferring = [readAccess, limitBody, versionedModel] as const;
inference.post(`${NEWEST}/infer`, ...inferring, infer.newest);
inference.post(`${GIVEN}/infer`, ...inferring, infer.given);
