/**
 * Typed arrays as base64 of their little-endian bytes, the stored form's
 * compact numbers (weights-codec.ts, scores-codec.ts): 4 bytes a float32 or
 * uint32 value, exact, a third more as text.
 */

/** `bytes` as base64. */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]);
  }
  return btoa(binary);
}

/** The bytes of base64 `encoded`, read through a DataView. */
function fromBase64(encoded: string): DataView {
  const binary = atob(encoded);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) {
    view.setUint8(i, binary.charCodeAt(i));
  }
  return view;
}

/** `values` rounded to float32, little-endian, as base64. */
export function encodeFloat32(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  for (let i = 0; i < values.length; i++) {
    view.setFloat32(4 * i, values[i], true);
  }
  return toBase64(new Uint8Array(view.buffer));
}

/** The float32 values `encodeFloat32` wrote. */
export function decodeFloat32(encoded: string): Float32Array {
  const view = fromBase64(encoded);
  const values = new Float32Array(view.byteLength / 4);
  for (let i = 0; i < values.length; i++) {
    values[i] = view.getFloat32(4 * i, true);
  }
  return values;
}

/** Counts below 2^32, little-endian uint32, as base64. */
export function encodeUint32(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  for (let i = 0; i < values.length; i++) {
    view.setUint32(4 * i, values[i], true);
  }
  return toBase64(new Uint8Array(view.buffer));
}

/** The counts `encodeUint32` wrote. */
export function decodeUint32(encoded: string): Uint32Array {
  const view = fromBase64(encoded);
  const values = new Uint32Array(view.byteLength / 4);
  for (let i = 0; i < values.length; i++) {
    values[i] = view.getUint32(4 * i, true);
  }
  return values;
}
