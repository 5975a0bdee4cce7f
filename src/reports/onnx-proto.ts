/**
 * The ONNX messages an exported model is made of, written with protobuf.ts.
 * Field numbers and enum values are onnx/onnx's `onnx/onnx.proto` (read at
 * commit 004aa57f, IR version 7; each is cited where it is written):
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto.Tensor, TensorShapeProto, OperatorSetIdProto
 * and StringStringEntryProto.
 */
import {
  bytesField,
  concat,
  intField,
  messageField,
  stringField,
} from "./protobuf";

/** `TensorProto.DataType` values: FLOAT = 1, BOOL = 9, INT64 = 7. */
export const DATA_TYPE = { float: 1, int64: 7, bool: 9 } as const;

/** A dimension: a fixed size, or a name for a size known only at run time. */
export type Dimension = number | string;

/**
 * A `TensorProto` initializer: dims = 1 (repeated int64), data_type = 2,
 * name = 8, raw_data = 9 (fixed-width, little-endian, row-major).
 */
export function tensor(
  name: string,
  dataType: number,
  dims: readonly number[],
  rawData: Uint8Array,
): Uint8Array[] {
  return [
    ...dims.map((dim) => intField(1, dim)),
    intField(2, dataType),
    stringField(8, name),
    bytesField(9, rawData),
  ];
}

/** The little-endian bytes of `values` as float32 (TensorProto's raw_data). */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++)
    view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** The little-endian bytes of `values` as int64 (TensorProto's raw_data). */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return bytes;
}

/**
 * A `ValueInfoProto` (name = 1, type = 2) of a tensor: `TypeProto`
 * tensor_type = 1, whose `TypeProto.Tensor` has elem_type = 1 and shape = 2;
 * `TensorShapeProto` dim = 1, each `Dimension` a dim_value = 1 or a
 * dim_param = 2 (a symbolic size such as the batch's `N`).
 */
export function valueInfo(
  name: string,
  elemType: number,
  shape: readonly Dimension[],
): Uint8Array[] {
  const dims = shape.map((dim) =>
    messageField(1, [
      typeof dim === "number" ? intField(1, dim) : stringField(2, dim),
    ]),
  );
  const tensorType = [intField(1, elemType), messageField(2, dims)];
  return [stringField(1, name), messageField(2, [messageField(1, tensorType)])];
}

/**
 * A `NodeProto`: input = 1, output = 2, name = 3, op_type = 4, attribute =
 * 5, each an integer `AttributeProto` (name = 1, i = 3, type = 20 with
 * AttributeType INT = 2). The default domain, ai.onnx.
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Readonly<Record<string, number>> = {},
): Uint8Array[] {
  return [
    ...inputs.map((input) => stringField(1, input)),
    ...outputs.map((output) => stringField(2, output)),
    stringField(3, outputs[0]),
    stringField(4, opType),
    ...Object.entries(attributes).map(([name, value]) =>
      messageField(5, [
        stringField(1, name),
        intField(3, value),
        intField(20, 2),
      ]),
    ),
  ];
}

/** A graph's parts, each a message's fields. */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly Uint8Array[][];
  readonly initializers: readonly Uint8Array[][];
  readonly inputs: readonly Uint8Array[][];
  readonly outputs: readonly Uint8Array[][];
}

/** What a `ModelProto` says besides its graph. */
export interface ModelHeader {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly modelVersion: number;
  readonly docString: string;
  /** Key–value pairs, in order; keys distinct. */
  readonly metadata: readonly (readonly [string, string])[];
}

/**
 * The bytes of a `ModelProto`: ir_version = 1, opset_import = 8 (an
 * `OperatorSetIdProto` of version = 2, its domain absent: ai.onnx),
 * producer_name = 2, model_version = 5, doc_string = 6, graph = 7 (a
 * `GraphProto`: node = 1, name = 2, initializer = 5, input = 11, output =
 * 12) and metadata_props = 14 (each a `StringStringEntryProto`: key = 1,
 * value = 2).
 */
export function modelProto(
  header: ModelHeader,
  graph: Graph,
): Uint8Array<ArrayBuffer> {
  const graphFields = [
    ...graph.nodes.map((fields) => messageField(1, fields)),
    stringField(2, graph.name),
    ...graph.initializers.map((fields) => messageField(5, fields)),
    ...graph.inputs.map((fields) => messageField(11, fields)),
    ...graph.outputs.map((fields) => messageField(12, fields)),
  ];
  return concat([
    intField(1, header.irVersion),
    stringField(2, header.producerName),
    intField(5, header.modelVersion),
    stringField(6, header.docString),
    messageField(7, graphFields),
    messageField(8, [intField(2, header.opset)]),
    ...header.metadata.map(([key, value]) =>
      messageField(14, [stringField(1, key), stringField(2, value)]),
    ),
  ]);
}
