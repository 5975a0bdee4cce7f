/**
 * The Open Inference Protocol (KServe V2) routes' operations and the
 * schemas of their answers, as kserve/open-inference-protocol
 * (specification/protocol/inference_rest.md and open_inference_rest.yaml)
 * gives them. Their errors are the protocol's `{"error": "..."}`, with the
 * status each error class declares (src/errors.ts).
 */
import { OptionError } from "../errors";
import { INFERENCE_REQUEST, OUTPUT_NAMES } from "../input/inference-schemas";
import type { JsonSchema } from "../input/json-schema";
import { QUERY } from "../input/schemas";
import { MODEL_NAME } from "../input/value-schemas";
import {
  json,
  ok,
  operation,
  type Operation,
  type Parameter,
  type Spec,
} from "./operation";
import { BODY_ERRORS } from "./operations";
import { READ_ERRORS } from "./parameters";
import { NAME } from "./parameters";
import { strict } from "./schema-parts";

const TAG = "kserve-v2";

/** The path's version: what `?version=` takes on /v1. */
const VERSION: Parameter = {
  name: "version",
  in: "path",
  required: true,
  schema: { ...QUERY.version, description: "The version to use." },
};

const tensor = (data: boolean): JsonSchema =>
  strict(
    {
      name: { type: "string" },
      datatype: {
        type: "string",
        enum: ["FP32", "INT64", "BOOL", "BYTES"],
        description:
          "probabilities: FP32. label: INT64 for integer classes, BOOL for booleans, BYTES for strings.",
      },
      shape: { type: "array", items: { type: "integer", minimum: -1 } },
      ...(data && {
        data: {
          type: "array",
          items: { type: ["number", "string", "boolean"] },
          description: "Flat, in row-major order.",
        },
      }),
    },
    [],
  );

/** The component schemas of the V2 routes, by name. */
export const INFERENCE_SCHEMAS = {
  InferenceRequest: INFERENCE_REQUEST,
  InferenceResponse: strict(
    {
      model_name: MODEL_NAME,
      model_version: {
        type: "string",
        description: "The version that answered, as a string.",
      },
      id: { type: "string", description: "The request's id, when it has one." },
      outputs: {
        type: "array",
        items: tensor(true),
        description: `The outputs asked for, in that order; by default ${OUTPUT_NAMES.join(", ")}. probabilities is [N] (h, the probability of the second class) or [N, K]; label is [N], in the class values.`,
      },
    },
    ["id"],
  ),
  ModelMetadata: strict({
    name: MODEL_NAME,
    platform: { type: "string", const: "edge-logreg_linear" },
    inputs: {
      type: "array",
      items: tensor(false),
      description: "One: x, FP32, [-1, features].",
    },
    outputs: { type: "array", items: tensor(false) },
  }),
  InferenceError: strict({
    error: {
      type: "string",
      description: "What was wrong, and where.",
    },
  }),
} satisfies Record<string, JsonSchema>;

const V2_ERRORS = { errorSchema: "InferenceError", tag: TAG } as const;

const OBJECT = (properties: Record<string, JsonSchema>) => ({
  "application/json": { schema: strict(properties) },
});
const TRUE = { type: "boolean", const: true } as const;

/** A model's operation at its two paths, and the operationId of each. */
export interface VersionedOperation {
  /** `/v2/models/{name}...`: `id`, at the newest version. */
  readonly newest: Operation;
  /** `/v2/models/{name}/versions/{version}...`: `id`Version. */
  readonly given: Operation;
}

/** A model's operation, at its newest version and at a given one. */
function versioned(
  id: string,
  summary: string,
  spec: Pick<Spec, "ok" | "errors" | "body">,
): VersionedOperation {
  const of = (suffix: string, parameters: Parameter[], which: string) =>
    operation({
      ...V2_ERRORS,
      ...spec,
      id: `${id}${suffix}`,
      summary: `${summary}, ${which}`,
      parameters,
    });
  return {
    newest: of("", [NAME], "newest version"),
    given: of("Version", [NAME, VERSION], "given version"),
  };
}

/** A route of the server, not of a model: no token, as a probe calls it. */
const probe = (spec: Omit<Spec, "tag">): Operation => ({
  ...operation({ ...V2_ERRORS, ...spec }),
  security: [],
});

/** The V2 routes' operations, by operationId. */
export const INFERENCE_OPERATIONS = {
  v2Live: probe({
    id: "v2Live",
    summary: "Server live",
    parameters: [],
    ok: ok("Live.", OBJECT({ live: TRUE })),
    errors: [OptionError],
  }),
  v2Ready: probe({
    id: "v2Ready",
    summary: "Server ready",
    parameters: [],
    ok: ok("Ready.", OBJECT({ ready: TRUE })),
    errors: [OptionError],
  }),
  v2Server: probe({
    id: "v2Server",
    summary: "Server metadata",
    parameters: [],
    ok: ok(
      "The service's name and version; no extensions.",
      OBJECT({
        name: { type: "string" },
        version: { type: "string" },
        extensions: { type: "array", items: { type: "string" }, maxItems: 0 },
      }),
    ),
    errors: [OptionError],
  }),
  v2ModelMetadata: versioned("v2ModelMetadata", "Model metadata", {
    ok: ok("The model's input and outputs.", json("ModelMetadata")),
    errors: READ_ERRORS,
  }),
  v2ModelReady: versioned("v2ModelReady", "Model ready", {
    ok: ok(
      "Ready: a stored version is served.",
      OBJECT({ name: MODEL_NAME, ready: TRUE }),
    ),
    errors: READ_ERRORS,
  }),
  v2ModelInfer: versioned("v2ModelInfer", "Inference", {
    body: ["InferenceRequest"],
    ok: ok(
      "The outputs, from the same prediction as POST /v1/models/{name}/predict.",
      json("InferenceResponse"),
    ),
    errors: BODY_ERRORS,
  }),
};
