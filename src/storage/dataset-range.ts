/**
 * One byte range of a dataset's CSV in R2, for a job's first pass.
 *
 * TO BE REPLACED by `readDatasetRange` of src/storage/dataset-store.ts (the
 * datasets routes' store, which owns the key `datasets/<name>`) once it is
 * merged: this is the one place jobs/ reads a dataset's bytes.
 */
import { DatasetError } from "../errors";

/** A range of a dataset's bytes, and the dataset's whole size. */
export interface DatasetRange {
  readonly bytes: Uint8Array;
  /** The dataset's size in bytes. */
  readonly size: number;
  /** Its R2 etag, which changes when it is uploaded again. */
  readonly etag: string;
}

/**
 * Bytes `offset` .. `offset + length − 1` of dataset `name` (fewer at its
 * end), in one range read.
 *
 * @throws DatasetError when there is no dataset `name`
 */
export async function readDatasetRange(
  bucket: R2Bucket,
  name: string,
  offset: number,
  length: number,
): Promise<DatasetRange> {
  const object = await bucket.get(`datasets/${name}`, {
    range: { offset, length },
  });
  if (object === null) throw new DatasetError(`no dataset named ${name}`);
  return {
    bytes: new Uint8Array(await object.arrayBuffer()),
    size: object.size,
    etag: object.etag,
  };
}
