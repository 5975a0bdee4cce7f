/**
 * An Open Inference Protocol (KServe V2) inference request -> the rows of a
 * prediction and the outputs to answer, checked against the model in the
 * order its members are described (kserve/open-inference-protocol,
 * specification/protocol/inference_rest.md, "Inference Request JSON
 * Object", "Request Input", "Request Output", "Tensor Data"); then as a
 * `/v1` prediction is checked (model-rows.ts `predictionOf`), against the
 * same limits.
 */
import { DatasetError, OptionError } from "../errors";
import { InferenceBodyReader } from "./inference-body";
import {
  INFERENCE_REQUEST,
  INPUT_DATATYPE,
  INPUT_NAME,
  OUTPUT_NAMES,
  type OutputName,
} from "./inference-schemas";
import { expected } from "./json-schema";
import type { Limits } from "./limits";
import {
  predictionOf,
  type PredictionRequest,
  type RowsTarget,
} from "./model-rows";
import { describe } from "./numbers";
import { readJsonBody } from "./request-body";
import { TensorDataReader, type TensorData } from "./tensor-data";

/** A validated inference request. */
export interface InferenceRequest {
  /** The request's `id`, for the answer to return. */
  readonly id?: string;
  /** The outputs to answer, in order. */
  readonly outputs: readonly OutputName[];
  /** The rows of input x, checked as a `/v1` prediction is. */
  readonly prediction: PredictionRequest;
}

type Members = Record<string, unknown>;

const INPUT_FIELDS = Object.keys(
  INFERENCE_REQUEST.properties.inputs.items.properties,
);
const OUTPUT_FIELDS = Object.keys(
  INFERENCE_REQUEST.properties.outputs.items.properties,
);

/**
 * Reads the inference request `request` carries for `model`.
 *
 * @throws UnsupportedMediaTypeError for a body that is not JSON
 * @throws MalformedBodyError for a body that is not a JSON object
 * @throws OptionError for an unknown or ill-typed member, an input other
 *   than x, a datatype other than FP32 or FP64, an unknown output, or the
 *   binary data extension
 * @throws DatasetError for data that does not fill its shape, or a value
 *   that is not a float32 number
 * @throws FeatureMismatchError, LimitError as a `/v1` prediction
 */
export async function readInferenceRequest(
  request: Request,
  limits: Limits,
  model: RowsTarget,
): Promise<InferenceRequest> {
  const reader = new InferenceBodyReader();
  await readJsonBody(request, limits, reader);
  const body = reader.end();
  knownFields(body, Object.keys(INFERENCE_REQUEST.properties), "the request");
  const { id, parameters, inputs, outputs } = body;
  if (id !== undefined && typeof id !== "string") {
    throw new OptionError(`id must be a string, got ${describe(id)}`);
  }
  readParameters(parameters, "parameters", "binary_data_output");
  const rows = readInput(inputs, model);
  return {
    ...(id !== undefined && { id }),
    outputs: readOutputs(outputs),
    prediction: predictionOf(rows, limits, model),
  };
}

/** The rows of the one input, x, as its shape says. */
function readInput(inputs: unknown, model: RowsTarget) {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new OptionError(
      `inputs must be a non-empty array, got ${describe(inputs)}: send [{"name": "${INPUT_NAME}", "shape": [rows, ${model.features}], "datatype": "FP32", "data": [...]}]`,
    );
  }
  if (inputs.length > 1) {
    throw new OptionError(
      `inputs has ${inputs.length} tensors, model ${model.name} takes one, ${INPUT_NAME}`,
    );
  }
  const input = inputs[0] as unknown;
  const where = "inputs[0]";
  if (!isObject(input)) {
    throw new OptionError(`${where} must be an object, got ${describe(input)}`);
  }
  knownFields(input, INPUT_FIELDS, where);
  const { name, shape, datatype, parameters, data } = input;
  if (name !== INPUT_NAME) {
    throw new OptionError(
      `${where}.name is ${describe(name)}: model ${model.name} has one input, ${INPUT_NAME}`,
    );
  }
  if (!INPUT_DATATYPE.enum.includes(datatype as never)) {
    throw new OptionError(
      `${where}.datatype is ${describe(datatype)}, expected ${expected(INPUT_DATATYPE)}`,
    );
  }
  const [rows, cols] = readShape(shape, where, model);
  readParameters(parameters, `${where}.parameters`, "binary_data_size");
  if (!(data instanceof TensorDataReader)) {
    throw new DatasetError(
      `${where}.data must be an array of numbers, got ${describe(data)}`,
    );
  }
  const tensor = data.tensor();
  checkFilled(tensor, [rows, cols], where);
  return { values: tensor.values, rows, cols };
}

/** `shape`: [rows, features], rows at least 1. */
function readShape(
  shape: unknown,
  where: string,
  model: RowsTarget,
): [number, number] {
  const dims = Array.isArray(shape) ? (shape as unknown[]) : [];
  const integers = dims.every((n) => Number.isSafeInteger(n) && Number(n) >= 0);
  if (dims.length !== 2 || !integers) {
    throw new OptionError(
      `${where}.shape is ${describe(shape)}, expected [rows, features]: [N, ${model.features}]`,
    );
  }
  const [rows, cols] = dims as [number, number];
  if (rows === 0) {
    throw new DatasetError(
      `${where}.shape is [0, ${cols}]: send at least one row`,
    );
  }
  return [rows, cols];
}

/** Refuses data that is not the shape's, flat or nested. */
function checkFilled(tensor: TensorData, shape: number[], where: string) {
  const { dims, values } = tensor;
  const size = shape[0] * shape[1];
  const told = `shape [${shape.join(", ")}]`;
  if (dims.length === 1 && values.length !== size) {
    throw new DatasetError(
      `${where}.data has ${values.length} values, ${told} holds ${size}`,
    );
  }
  if (dims.length === 2 && (dims[0] !== shape[0] || dims[1] !== shape[1])) {
    throw new DatasetError(
      `${where}.data is ${dims[0]} arrays of ${dims[1]} values, ${told} is ${shape[0]} of ${shape[1]}`,
    );
  }
  if (dims.length > 2) {
    throw new DatasetError(
      `${where}.data nests ${dims.length} arrays deep, ${told} has 2 dimensions`,
    );
  }
}

/** The outputs asked for: all of them when none is named. */
function readOutputs(outputs: unknown): readonly OutputName[] {
  if (outputs === undefined) return OUTPUT_NAMES;
  if (!Array.isArray(outputs)) {
    throw new OptionError(`outputs must be an array, got ${describe(outputs)}`);
  }
  if (outputs.length === 0) return OUTPUT_NAMES;
  const names: OutputName[] = [];
  outputs.forEach((output: unknown, i) => {
    const where = `outputs[${i}]`;
    if (!isObject(output)) {
      throw new OptionError(
        `${where} must be an object, got ${describe(output)}`,
      );
    }
    knownFields(output, OUTPUT_FIELDS, where);
    readParameters(output.parameters, `${where}.parameters`, "binary_data");
    const name = output.name as OutputName;
    if (!OUTPUT_NAMES.includes(name)) {
      throw new OptionError(
        `${where}.name is ${describe(output.name)}, expected ${OUTPUT_NAMES.map((n) => `"${n}"`).join(" or ")}`,
      );
    }
    if (names.includes(name)) {
      throw new OptionError(`${where}.name "${name}" is asked for twice`);
    }
    names.push(name);
  });
  return names;
}

/**
 * Checks `parameters` (absent, or name/value pairs of scalars) and refuses
 * the binary data extension's flag `binary`, which is not served.
 */
function readParameters(parameters: unknown, where: string, binary: string) {
  if (parameters === undefined) return;
  const scalars =
    isObject(parameters) &&
    Object.values(parameters).every((v) =>
      ["string", "number", "boolean"].includes(typeof v),
    );
  if (!scalars) {
    throw new OptionError(
      `${where} must be an object of strings, numbers and booleans, got ${describe(parameters)}`,
    );
  }
  const flag = parameters[binary];
  if (flag !== undefined && flag !== false) {
    throw new OptionError(
      `${where}.${binary} is ${describe(flag)}: the binary data extension is not served, send and read data as JSON`,
    );
  }
}

/** Refuses a member of `object` not among `fields`. */
function knownFields(object: Members, fields: string[], where: string) {
  const unknown = Object.keys(object).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    throw new OptionError(
      `${where} has an unknown field ${describe(unknown)}: it takes ${fields.join(", ")}`,
    );
  }
}

function isObject(value: unknown): value is Members {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
