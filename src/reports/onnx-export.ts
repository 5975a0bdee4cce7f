/**
 * A model version as an ONNX model (opset 13, IR version 7), for
 * onnxruntime and the other runtimes that read ONNX: the graph scikit-learn
 * models take through skl2onnx, written from the weights `/predict` uses.
 *
 * One input, `x`: float32 [N, d], N symbolic. Two outputs:
 * - two classes: `probabilities` float32 [N], h = Sigmoid(Gemm(x, W, b)),
 *   and `label` int64 [N], 1 when h ≥ the model's threshold, else 0;
 * - K ≥ 3 classes: `probabilities` float32 [N, K] = Softmax(Gemm(x, W, b))
 *   and `label` int64 [N] = ArgMax of each row (the first on a tie, as the
 *   service and `torch.argmax`).
 * `label` is the class index; the metadata property `classes` maps it to
 * the class value.
 *
 * Standardization is folded into the weights: a model trained on
 * standardized features keeps its weights in original units (the service
 * predicts with those, engine/standardize.ts `toOriginalUnits`),
 * w_j = w'_j / σ_j and b = b' − Σ_j w'_j·μ_j / σ_j, so the graph takes raw
 * rows and has no scaling step.
 *
 * onnxruntime sums Gemm in float32 where the service sums in float64, so
 * the probabilities agree to about 1e-7 (tests/node/export.test.ts).
 */
import type { ModelVersion } from "../domain/model-version";
import {
  DATA_TYPE,
  float32Bytes,
  int64Bytes,
  modelProto,
  node,
  tensor,
  valueInfo,
  type Graph,
} from "./onnx-proto";

/** The ONNX operator set the graph uses: Gemm 13, Softmax 13, Squeeze 13, … */
export const ONNX_OPSET = 13;
/** The IR version of opset 13 (onnx/onnx docs/Versioning.md's table: ONNX 1.8.0, IR 7, opset 13). */
export const ONNX_IR_VERSION = 7;

/** Keys of the model's `metadata_props`, each value a JSON string. */
export const ONNX_METADATA = {
  /** The class values by index: `label` k stands for classes[k]. */
  classes: "classes",
  /** The features' names in column order, when the model has names. */
  featureNames: "feature_names",
  /** Two classes: the model's threshold, as the service stores it. */
  threshold: "threshold",
} as const;

/** The bytes of `model` as an ONNX `ModelProto`. */
export function onnxModel(model: ModelVersion): Uint8Array<ArrayBuffer> {
  const { name, version, weights, features, classValues } = model;
  const outputs = weights.b.length;
  const threshold = model.threshold ?? 0.5;
  const many = outputs > 1;
  const graph = many
    ? softmaxGraph(name, features, outputs)
    : sigmoidGraph(name, features, threshold);
  const initializers = [
    tensor("W", DATA_TYPE.float, [outputs, features], float32Bytes(weights.w)),
    tensor("B", DATA_TYPE.float, [outputs], float32Bytes(weights.b)),
    ...graph.initializers,
  ];
  const metadata: [string, string][] = [
    [ONNX_METADATA.classes, JSON.stringify(classValues)],
  ];
  if (model.featureNames) {
    metadata.push([
      ONNX_METADATA.featureNames,
      JSON.stringify(model.featureNames),
    ]);
  }
  if (!many)
    metadata.push([ONNX_METADATA.threshold, JSON.stringify(threshold)]);
  return modelProto(
    {
      irVersion: ONNX_IR_VERSION,
      opset: ONNX_OPSET,
      producerName: "edge-logreg",
      modelVersion: version,
      docString: `${name} v${version}: logistic regression, ${features} features, ${classValues.length} classes`,
      metadata,
    },
    { ...graph, initializers },
  );
}

/** x: float32 [N, d], the one input. */
function input(features: number): Uint8Array[] {
  return valueInfo("x", DATA_TYPE.float, ["N", features]);
}

/**
 * Two classes: logit = Gemm(x, W, B, transB = 1) [N, 1], h = Sigmoid,
 * Squeeze(axis 1) to [N], label = Cast(GreaterOrEqual(h, t), INT64).
 */
function sigmoidGraph(
  name: string,
  features: number,
  threshold: number,
): Graph {
  return {
    name,
    inputs: [input(features)],
    nodes: [
      node("Gemm", ["x", "W", "B"], ["logit"], { transB: 1 }),
      node("Sigmoid", ["logit"], ["h"]),
      node("Squeeze", ["h", "axes"], ["probabilities"]),
      node("GreaterOrEqual", ["probabilities", "threshold"], ["positive"]),
      node("Cast", ["positive"], ["label"], { to: DATA_TYPE.int64 }),
    ],
    initializers: [
      tensor("axes", DATA_TYPE.int64, [1], int64Bytes([1])),
      tensor(
        "threshold",
        DATA_TYPE.float,
        [],
        float32Bytes([float32AtLeast(threshold)]),
      ),
    ],
    outputs: [
      valueInfo("probabilities", DATA_TYPE.float, ["N"]),
      valueInfo("label", DATA_TYPE.int64, ["N"]),
    ],
  };
}

/**
 * K classes: probabilities = Softmax(Gemm(x, W, B, transB = 1), axis 1)
 * [N, K], label = ArgMax(probabilities, axis 1, keepdims 0) [N].
 */
function softmaxGraph(name: string, features: number, classes: number): Graph {
  return {
    name,
    inputs: [input(features)],
    nodes: [
      node("Gemm", ["x", "W", "B"], ["logits"], { transB: 1 }),
      node("Softmax", ["logits"], ["probabilities"], { axis: 1 }),
      node("ArgMax", ["probabilities"], ["label"], { axis: 1, keepdims: 0 }),
    ],
    initializers: [],
    outputs: [
      valueInfo("probabilities", DATA_TYPE.float, ["N", classes]),
      valueInfo("label", DATA_TYPE.int64, ["N"]),
    ],
  };
}

/**
 * The least float32 at or above `t` ≥ 0: for a float32 h, h ≥ t exactly
 * when h ≥ that float32, so the graph's float32 comparison labels as the
 * service's comparison with the float64 threshold does. The nearest
 * float32 would not: 0.7 rounds down to 0.69999998807907, which h =
 * 0.69999998807907 reaches while the service labels it 0.
 */
export function float32AtLeast(t: number): number {
  const nearest = Math.fround(t);
  if (nearest >= t) return nearest;
  const bits = new Uint32Array(new Float32Array([nearest]).buffer);
  bits[0] += 1;
  return new Float32Array(bits.buffer)[0];
}
