/**
 * A protocol-buffers writer for the few messages an exported ONNX model
 * needs (onnx-proto.ts): fields are built bottom-up as byte arrays, a
 * message is the concatenation of its fields, and a nested message is a
 * length-delimited field holding one.
 *
 * Why not a library: bundled with esbuild (`--bundle --minify`), an
 * encoder on protobufjs 7.6.6's `protobufjs/minimal` Writer is 34,768
 * bytes (11,323 gzipped), the same encoder on this file 644 (373
 * gzipped). The ONNX side needs two wire types of the encoding
 * (protobuf.dev/programming-guides/encoding): varint (0) and
 * length-delimited (2); floats travel as a tensor's `raw_data` bytes.
 * The measurement's commands are in the commit that added this file.
 */

/** Wire type 0: an unsigned varint. */
const VARINT = 0;
/** Wire type 2: a varint byte count, then the bytes. */
const LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

/**
 * The base-128 varint of a non-negative integer: seven bits a byte, the
 * least significant first, the high bit set on every byte but the last.
 * Division, not bit operators, so values up to 2^53 encode exactly.
 *
 * @throws RangeError for a negative or non-integer value (int64 fields
 *   here hold counts, versions and enum values, never a negative number)
 */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`varint takes a non-negative integer, got ${value}`);
  }
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

/** The key of field `field` of wire type `wire`: varint(field << 3 | wire). */
function key(field: number, wire: number): Uint8Array {
  return varint(field * 8 + wire);
}

/** The bytes of `parts`, one after another, in a new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An integer field (int32, int64, enum) holding `value` ≥ 0. */
export function intField(field: number, value: number): Uint8Array {
  return concat([key(field, VARINT), varint(value)]);
}

/** A `bytes` field: its length, then `bytes`. */
export function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return concat([key(field, LENGTH_DELIMITED), varint(bytes.length), bytes]);
}

/** A `string` field: `text` as UTF-8. */
export function stringField(field: number, text: string): Uint8Array {
  return bytesField(field, utf8.encode(text));
}

/** A field holding the message whose fields are `fields`, in order. */
export function messageField(
  field: number,
  fields: readonly Uint8Array[],
): Uint8Array {
  return bytesField(field, concat(fields));
}
