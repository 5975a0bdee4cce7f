/**
 * The rules an upload in parts keeps, as pure functions over the parts
 * already stored, so the Durable Object that holds them (dataset-uploads.ts)
 * only stores and asks.
 *
 * R2 (like S3) wants every part but the last of one size, at least 5 MiB,
 * numbered from 1 with no gap. Here every part is `partSize` bytes except
 * one: a shorter part is the last, so its number is the upload's last. A
 * part that contradicts that (a second shorter part, a part numbered after
 * the last, a shorter part below one already stored) is refused before its
 * bytes go anywhere.
 */

/** One part as stored: its number, its size in bytes, R2's ETag of it. */
export interface StoredPart {
  readonly part: number;
  readonly bytes: number;
  readonly etag: string;
}

/**
 * Why part `part` of `bytes` bytes cannot join `parts` of an upload whose
 * parts are `partSize` bytes, or null when it can (replacing a part of the
 * same number is allowed: R2 keeps the part uploaded last). The caller has
 * already refused a part over `partSize`.
 *
 * A part numbered after the last part contradicts the parts stored
 * (`conflict`); a part shorter than `partSize` below a part already stored
 * is a middle part of the wrong size (`size`): so is a second shorter part
 * below the last.
 */
export function partConflict(
  parts: readonly StoredPart[],
  partSize: number,
  part: number,
  bytes: number,
): { kind: "size" | "conflict"; message: string } | null {
  const others = parts.filter((stored) => stored.part !== part);
  const last = others.find((stored) => stored.bytes < partSize);
  if (last !== undefined && part > last.part) {
    return {
      kind: "conflict",
      message: `part ${part} comes after part ${last.part}, the last part (${last.bytes} bytes, fewer than partSize ${partSize}): abort the upload, or upload part ${last.part} again at ${partSize} bytes`,
    };
  }
  const above = others.find((stored) => stored.part > part);
  if (bytes < partSize && above !== undefined) {
    return {
      kind: "size",
      message: `part ${part} has ${bytes} bytes, but part ${above.part} is uploaded, so part ${part} is not the last and must be exactly partSize ${partSize} bytes`,
    };
  }
  return null;
}

/**
 * The parts to complete the upload with, in order, or why it cannot be
 * completed: no parts, or a gap below the highest part number.
 */
export function completeParts(
  parts: readonly StoredPart[],
): { parts: StoredPart[] } | { conflict: string } {
  if (parts.length === 0) {
    return { conflict: "the upload has no parts: upload part 1 first" };
  }
  const sorted = [...parts].sort((a, b) => a.part - b.part);
  const highest = sorted[sorted.length - 1].part;
  if (sorted.length === highest) return { parts: sorted };
  const have = new Set(sorted.map((stored) => stored.part));
  const missing: number[] = [];
  for (let part = 1; part <= highest && missing.length < 10; part++) {
    if (!have.has(part)) missing.push(part);
  }
  const count = highest - sorted.length;
  const listed = missing.join(", ") + (count > missing.length ? ", …" : "");
  const which = count === 1 ? `part ${listed} is` : `parts ${listed} are`;
  return {
    conflict: `${which} missing of parts 1 to ${highest}: upload ${count === 1 ? "it" : "them"}, then complete again`,
  };
}
