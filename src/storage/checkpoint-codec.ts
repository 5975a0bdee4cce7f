/**
 * Plain data with typed arrays (a job's training checkpoint: weights,
 * optimizer moments, the shuffle's words, a final pass's per-row scores)
 * as one compact binary object, for R2, which stores bytes, not what
 * `structuredClone` takes.
 *
 * Format, little-endian: a uint32 n, n bytes of UTF-8 JSON, zero padding
 * to a multiple of 8, then each typed array's bytes in the order met, each
 * padded to a multiple of 8. In the JSON a typed array is
 * `{"$typed": "<constructor name>", "at": <byte offset after the JSON>,
 * "length": <elements>}` and a number JSON cannot write (±Infinity, NaN)
 * is `{"$number": "<its String()>"}`; everything else is the JSON of the
 * value. Typed arrays keep their bits exactly; every other number
 * round-trips exactly through JSON. (A property whose value is
 * `undefined` is dropped, as JSON drops it.)
 */

/** The typed arrays a checkpoint holds, by constructor name. */
const TYPED = {
  Float32Array,
  Float64Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
} as const;

type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** The byte count `n` rounded up to a multiple of 8. */
function padded(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** `value` (plain data with typed arrays) as bytes; `decodeCheckpoint` reads them back. */
export function encodeCheckpoint(value: unknown): Uint8Array {
  assertLittleEndian();
  const blobs: Typed[] = [];
  let at = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) {
      return { $number: String(v) };
    }
    if (ArrayBuffer.isView(v) && v.constructor.name in TYPED) {
      const typed = v as Typed;
      const ref = { $typed: typed.constructor.name, at, length: typed.length };
      blobs.push(typed);
      at += padded(typed.byteLength);
      return ref;
    }
    return v;
  });
  const text = new TextEncoder().encode(json);
  const head = padded(4 + text.length);
  const bytes = new Uint8Array(head + at);
  new DataView(bytes.buffer).setUint32(0, text.length, true);
  bytes.set(text, 4);
  let offset = head;
  for (const blob of blobs) {
    bytes.set(
      new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength),
      offset,
    );
    offset += padded(blob.byteLength);
  }
  return bytes;
}

/**
 * The value `encodeCheckpoint` wrote, each typed array a fresh copy.
 *
 * @throws TypeError for bytes that are not an encoded checkpoint
 */
export function decodeCheckpoint<T>(bytes: Uint8Array): T {
  assertLittleEndian();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new TypeError("a checkpoint of no bytes");
  const length = view.getUint32(0, true);
  if (4 + length > bytes.byteLength) {
    throw new TypeError("a checkpoint's JSON runs past its bytes");
  }
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + length));
  const head = padded(4 + length);
  return JSON.parse(json, (_key, v: unknown) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const record = v as Record<string, unknown>;
    if (typeof record.$number === "string") return Number(record.$number);
    if (typeof record.$typed !== "string") return v;
    const make = Object.hasOwn(TYPED, record.$typed)
      ? TYPED[record.$typed as TypedName]
      : undefined;
    const { at, length: count } = record as { at: number; length: number };
    const start = head + at;
    const end = start + count * (make?.BYTES_PER_ELEMENT ?? 0);
    if (make === undefined || end > bytes.byteLength) {
      throw new TypeError(
        `a checkpoint's ${record.$typed} runs past its bytes`,
      );
    }
    return new make(bytes.slice(start, end).buffer);
  }) as T;
}

/** The format is little-endian, as workerd and Node on x86-64 and arm64 are. */
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error("checkpoints need a little-endian host");
  }
}
