/**
 * The JSON Schemas of an Open Inference Protocol (KServe V2) inference
 * request as this service takes it: the protocol's `$inference_request`
 * (kserve/open-inference-protocol, specification/protocol/inference_rest.md,
 * "Inference Request JSON Object") narrowed to the one input a linear model
 * has. inference-request.ts reads requests by them; the OpenAPI document
 * shows them.
 */
import type { JsonSchema } from "./json-schema";

/** The model's one input tensor: its rows of features. */
export const INPUT_NAME = "x";

/** The output tensors, in the order an answer that selects none gives them. */
export const OUTPUT_NAMES = ["probabilities", "label"] as const;

/** The name of an output tensor. */
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** The datatypes the input may be sent in; the model computes in float32. */
export const INPUT_DATATYPE = {
  type: "string",
  enum: ["FP32", "FP64"],
  description:
    "FP32, or FP64 rounded to float32 as the model computes (a value outside the float32 range is a 400).",
} as const satisfies JsonSchema;

/** `parameters`: the protocol's name/value pairs; none is read. */
export const PARAMETERS = {
  type: "object",
  additionalProperties: { type: ["string", "number", "boolean"] },
  description:
    "Name/value pairs; none is defined by the protocol and none is read here, but binary_data_output or binary_data set to true is a 400: the binary data extension is not served.",
} as const satisfies JsonSchema;

const DATA = {
  type: "array",
  description:
    "The rows in row-major order: flat ([1, 2, 3, 4] for shape [2, 2]) or nested as the shape ([[1, 2], [3, 4]]).",
  items: { type: ["number", "array"] },
} as const satisfies JsonSchema;

/** `shape`: the rows and the features of the input. */
export const INPUT_SHAPE = {
  type: "array",
  items: { type: "integer", minimum: 0 },
  minItems: 2,
  maxItems: 2,
  description: "[rows, features]: features as the model's metadata says.",
} as const satisfies JsonSchema;

/** `$inference_request` with one input x. */
export const INFERENCE_REQUEST = {
  type: "object",
  properties: {
    id: {
      type: "string",
      description: "Returned as the answer's id.",
    },
    parameters: PARAMETERS,
    inputs: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        properties: {
          name: { const: INPUT_NAME },
          shape: INPUT_SHAPE,
          datatype: INPUT_DATATYPE,
          parameters: PARAMETERS,
          data: DATA,
        },
        required: ["name", "shape", "datatype", "data"],
        additionalProperties: false,
      },
    },
    outputs: {
      type: "array",
      description:
        "The outputs to answer, in this order; absent or empty: all of them.",
      items: {
        type: "object",
        properties: {
          name: { type: "string", enum: [...OUTPUT_NAMES] },
          parameters: PARAMETERS,
        },
        required: ["name"],
        additionalProperties: false,
      },
    },
  },
  required: ["inputs"],
  additionalProperties: false,
  // The specification's "Inference Request Examples", adapted to the toy
  // model of the README: one input x of the lab's two features.
  examples: [
    {
      id: "42",
      inputs: [
        { name: "x", shape: [2, 2], datatype: "FP32", data: [1, 2, 3, 4] },
      ],
      outputs: [{ name: "probabilities" }],
    },
  ],
} as const satisfies JsonSchema;
