/**
 * The Open Inference Protocol (KServe V2) answers of a model version: its
 * metadata, and an inference's outputs as tensors, from the answer a `/v1`
 * prediction gives (prediction.ts `predictionJson`), so the two routes give
 * the same numbers. Shapes as kserve/open-inference-protocol,
 * specification/protocol/inference_rest.md gives them ("Model Metadata
 * Response JSON Object", "Inference Response JSON Object", "Response
 * Output", "Tensor Data Types").
 */
import type { ModelVersion } from "../domain/model-version";
import type { ClassValue } from "../engine/class-values";
import type { predictionJson } from "./prediction";

/** The answer of a `/v1` prediction, as `predictionJson` builds it. */
type PredictionAnswer = ReturnType<typeof predictionJson>;

/** A tensor's name, datatype and shape, -1 where its size varies. */
export interface MetadataTensor {
  name: string;
  datatype: string;
  shape: number[];
}

/** An output tensor: its name, datatype, shape and data, flat in row-major order. */
export interface ResponseOutput extends MetadataTensor {
  data: (number | ClassValue)[];
}

/** The output tensors of a model, in the order an answer gives them by default. */
export type OutputTensor = "probabilities" | "label";

/** The protocol's platform, "<project>_<format>": information only. */
export const PLATFORM = "edge-logreg_linear";

/**
 * The datatype of a label tensor of these classes (of one type, integers,
 * strings or booleans: input/class-coder.ts): INT64, BYTES or BOOL.
 */
export function labelDatatype(classes: readonly ClassValue[]): string {
  const kind = typeof classes[0];
  return kind === "number" ? "INT64" : kind === "boolean" ? "BOOL" : "BYTES";
}

/** The probabilities' shape for `rows` rows: [rows], or [rows, K] for K classes. */
function probabilityShape(model: ModelVersion, rows: number): number[] {
  const outputs = model.weights.b.length;
  return outputs > 1 ? [rows, outputs] : [rows];
}

/**
 * `$metadata_model_response` of `model`: input x of [-1, d] float32 rows,
 * outputs probabilities and label. `versions` (optional in the protocol)
 * is left out: a name may have any number of versions, which
 * `GET /v1/models/{name}/versions` lists a page at a time.
 */
export function modelMetadata(model: ModelVersion) {
  return {
    name: model.name,
    platform: PLATFORM,
    inputs: [{ name: "x", datatype: "FP32", shape: [-1, model.features] }],
    outputs: [
      {
        name: "probabilities",
        datatype: "FP32",
        shape: probabilityShape(model, -1),
      },
      {
        name: "label",
        datatype: labelDatatype(model.classValues),
        shape: [-1],
      },
    ] satisfies MetadataTensor[],
  };
}

/**
 * `$inference_response` of `model` for the prediction `answer` of `rows`
 * rows: the `outputs` asked for, in that order, and the request's `id`.
 * Probabilities are the probability of the second class per row (two
 * classes) or of each class, row by row (K); labels are class values.
 */
export function inferenceResponse(
  model: ModelVersion,
  answer: PredictionAnswer,
  rows: number,
  outputs: readonly OutputTensor[],
  id: string | undefined,
) {
  const tensors: Record<OutputTensor, () => ResponseOutput> = {
    probabilities: () => ({
      name: "probabilities",
      datatype: "FP32",
      shape: probabilityShape(model, rows),
      data: answer.probabilities.flat(),
    }),
    label: () => ({
      name: "label",
      datatype: labelDatatype(model.classValues),
      shape: [rows],
      data: answer.labels,
    }),
  };
  return {
    model_name: model.name,
    model_version: String(model.version),
    ...(id !== undefined && { id }),
    outputs: outputs.map((name) => tensors[name]()),
  };
}
