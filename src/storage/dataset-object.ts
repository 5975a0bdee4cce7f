/**
 * A dataset's bytes in R2 as a job reads them: the CSV of dataset `name`
 * is the object `datasets/<name>` of the bucket bound as `DATA` (the
 * datasets routes write it).
 */

/** The R2 key of dataset `name`. */
export function datasetKey(name: string): string {
  return `datasets/${name}`;
}

/** The size in bytes of dataset `name`, or null when there is none. */
export async function datasetBytes(
  bucket: R2Bucket,
  name: string,
): Promise<number | null> {
  const head = await bucket.head(datasetKey(name));
  return head === null ? null : head.size;
}

/**
 * Dataset `name` as a `text/csv` request whose body streams the object,
 * with its length, for the readers of src/input; null when there is none.
 */
export async function datasetRequest(
  bucket: R2Bucket,
  name: string,
): Promise<Request | null> {
  const object = await bucket.get(datasetKey(name));
  if (object === null) return null;
  return new Request(`https://datasets.invalid/${encodeURIComponent(name)}`, {
    method: "POST",
    headers: {
      "content-type": "text/csv",
      "content-length": String(object.size),
    },
    body: object.body,
  });
}
