/**
 * The cursors of listings whose pages come from a binding's own cursor (KV's
 * `list` for models, R2's for datasets): the service hands out the binding's
 * cursor with a check beside it, `<binding cursor>.<check>`, so a cursor it
 * did not issue (a typo, a cursor of another listing, any other text) is a
 * 400 naming it, as a job's or a version's cursor is, instead of a page that
 * the binding makes of it (an empty one, under miniflare).
 *
 * The check is the first 64 bits of SHA-256 of the listing's name and the
 * binding's cursor: it catches mistakes, not forgeries (it has no secret; a
 * cursor grants no access the token does not).
 */
import { OptionError } from "../errors";

/** A listing whose pages a binding's cursor walks. */
export type CursorListing = "models" | "datasets";

/** Hex digits of the check: 64 bits. */
const CHECK_LENGTH = 16;

/**
 * The cursor the service hands out for `listing`'s next page, from the
 * binding's `cursor`.
 */
export async function issueCursor(
  listing: CursorListing,
  cursor: string,
): Promise<string> {
  return `${cursor}.${await checkOf(listing, cursor)}`;
}

/**
 * The binding's cursor in `given`, a cursor `issueCursor` gave for
 * `listing`; undefined (the first page) when `given` is absent or empty.
 *
 * @throws OptionError for any other text, naming it
 */
export async function readIssuedCursor(
  listing: CursorListing,
  given: string | undefined,
): Promise<string | undefined> {
  if (given === undefined || given === "") return undefined;
  const at = given.lastIndexOf(".");
  const cursor = given.slice(0, Math.max(at, 0));
  if (at < 1 || given.slice(at + 1) !== (await checkOf(listing, cursor))) {
    throw new OptionError(
      `cursor ${JSON.stringify(given)} is not one a page of ${listing} gave: send the cursor of the previous page, or none for the first`,
    );
  }
  return cursor;
}

/** The check of `cursor` in `listing`: lower-case hex, CHECK_LENGTH digits. */
async function checkOf(listing: CursorListing, cursor: string) {
  const text = new TextEncoder().encode(`${listing}\n${cursor}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", text));
  return Array.from(digest.subarray(0, CHECK_LENGTH / 2), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}
