/**
 * The `Idempotency-Key` header of a write, and the digest that tells a
 * retry of a request from another request with the same key.
 */
import { IdempotencyKeyError } from "../errors";

/** The longest key taken, in characters (Stripe's limit). */
export const MAX_KEY_LENGTH = 255;

/**
 * The key, checked: 1 to 255 printable ASCII characters (a UUID, say).
 *
 * @throws IdempotencyKeyError otherwise
 */
export function readIdempotencyKey(header: string): string {
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(header)) {
    throw new IdempotencyKeyError(
      "Idempotency-Key must be printable ASCII, not empty and not padded with spaces",
    );
  }
  if (header.length > MAX_KEY_LENGTH) {
    throw new IdempotencyKeyError(
      `Idempotency-Key has ${header.length} characters, at most ${MAX_KEY_LENGTH} are allowed`,
    );
  }
  return header;
}

/**
 * SHA-256, in hex, of what makes two requests the same: the method, the
 * path, the query string's parameters (in order of name), the body's
 * content type and encoding, and the body's bytes.
 */
export async function requestDigest(
  request: Request,
  body: ArrayBuffer,
): Promise<string> {
  const url = new URL(request.url);
  url.searchParams.sort();
  const head = [
    request.method,
    url.pathname,
    url.searchParams.toString(),
    request.headers.get("content-type") ?? "",
    request.headers.get("content-encoding") ?? "",
  ].join("\n");
  const parts = [new TextEncoder().encode(head + "\n\n"), new Uint8Array(body)];
  const all = new Uint8Array(parts[0].length + parts[1].length);
  all.set(parts[0]);
  all.set(parts[1], parts[0].length);
  return hex(await crypto.subtle.digest("SHA-256", all));
}

/**
 * The name a `POST /v1/models` with `key` trains: `m-` and a UUID-shaped
 * digest of the key, so that a retry reaches the same name (and the record
 * of its first answer) while requests without a key get a random one.
 */
export async function keyedModelName(key: string): Promise<string> {
  return `m-${await keyedUuid(key)}`;
}

/**
 * The id a `POST /v1/jobs` with `key` starts: a UUID-shaped digest of the
 * key, so that a retry reaches the same job whatever became of its first
 * answer.
 */
export async function keyedJobId(key: string): Promise<string> {
  return keyedUuid(`job ${key}`);
}

/** The first 128 bits of SHA-256 of `text`, written as a UUID is. */
async function keyedUuid(text: string): Promise<string> {
  const digest = hex(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  const d = digest.slice(0, 32);
  return `${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20, 32)}`;
}

/** Lower-case hex of `bytes`. */
function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}
