/**
 * Typed arrays as base64 of their little-endian bytes, the stored form's
 * compact numbers (weights-codec.ts, scores-codec.ts): 4 bytes a float32 or
 * uint32 value, exact, a third more as text.
 */

/** The two kinds of 4-byte value stored. */
type Kind = "Float32" | "Uint32";

/** `values` as `kind`, little-endian, as base64. */
function encode(values: ArrayLike<number>, kind: Kind): string {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  for (let i = 0; i < values.length; i++) {
    view[`set${kind}`](4 * i, values[i], true);
  }
  let binary = "";
  for (let i = 0; i < view.byteLength; i++) {
    binary += String.fromCharCode(view.getUint8(i));
  }
  return btoa(binary);
}

/** The values of `kind` that `encode` wrote, in an array `make` gives. */
function decode<T extends Float32Array | Uint32Array>(
  encoded: string,
  kind: Kind,
  make: (length: number) => T,
): T {
  const binary = atob(encoded);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) {
    view.setUint8(i, binary.charCodeAt(i));
  }
  const values = make(binary.length / 4);
  for (let i = 0; i < values.length; i++) {
    values[i] = view[`get${kind}`](4 * i, true);
  }
  return values;
}

/** `values` rounded to float32, little-endian, as base64. */
export function encodeFloat32(values: ArrayLike<number>): string {
  return encode(values, "Float32");
}

/** The float32 values `encodeFloat32` wrote. */
export function decodeFloat32(encoded: string): Float32Array {
  return decode(encoded, "Float32", (n) => new Float32Array(n));
}

/** Counts below 2^32, little-endian uint32, as base64. */
export function encodeUint32(values: ArrayLike<number>): string {
  return encode(values, "Uint32");
}

/** The counts `encodeUint32` wrote. */
export function decodeUint32(encoded: string): Uint32Array {
  return decode(encoded, "Uint32", (n) => new Uint32Array(n));
}
