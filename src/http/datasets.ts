/**
 * `/v1/datasets`: CSV files stored in R2 for jobs to read, sent whole (up to
 * MAX_DATASET_BYTES) or in parts, listed, read back and deleted. The body
 * streams to R2 and is never parsed here: a job checks it when it reads it.
 * A file sent whole in another charset than UTF-8 is converted to UTF-8 on
 * its way (jobs read UTF-8); a part must be UTF-8 already.
 * Writes need API_TOKEN; reads need READ_TOKEN or API_TOKEN always.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { DatasetNotFoundError } from "../errors";
import { utf8Stream } from "../input/dataset-charset";
import {
  readDatasetBody,
  readPartNumber,
  readUploadId,
} from "../input/dataset-upload";
import { readLimits } from "../input/limits";
import { readDatasetName, readLimit } from "../input/model-ref";
import { readUploadPartSize } from "../input/upload-options";
import { documented } from "../openapi/documented";
import { DATASET_OPERATIONS as OPERATIONS } from "../openapi/dataset-operations";
import {
  beginUpload,
  cancelUpload,
  finishUpload,
  putPart,
} from "../storage/dataset-parts";
import {
  deleteDataset,
  headDataset,
  listDatasets,
  putDataset,
  readDataset,
  type DatasetInfo,
} from "../storage/dataset-store";
import { putDatasetStream } from "../storage/dataset-stream";
import { privateReadAccess, writeAccess } from "./access";

export const datasets = new Hono<AppEnv>();

datasets.get(
  "/",
  privateReadAccess,
  documented(OPERATIONS.listDatasets, async (c) => {
    const limit = readLimit(c.req.query("limit"));
    const cursor = c.req.query("cursor") || undefined;
    const page = await listDatasets(c.env.DATA, limit, cursor);
    return c.json({
      datasets: page.datasets.map(summary),
      cursor: page.cursor,
    });
  }),
);

datasets.put(
  "/:name",
  writeAccess,
  documented(OPERATIONS.putDataset, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const limits = readLimits(c.env);
    const max = limits.maxDatasetBytes;
    const body = c.req.raw.body!;
    const { bytes, charset } = readDatasetBody(
      c.req.raw,
      max,
      "the dataset",
      true,
    );
    // UTF-8 streams through as sent; another charset is converted on the
    // way, to a length known only at its end, so it goes up in parts.
    const info =
      charset === "utf-8"
        ? await putDataset(c.env.DATA, name, body, bytes)
        : await putDatasetStream(
            c.env.DATA,
            name,
            utf8Stream(body, charset, bytes, max),
            limits.datasetPartBytes,
          );
    return created(c, info);
  }),
);

datasets.get(
  "/:name",
  privateReadAccess,
  documented(OPERATIONS.getDataset, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const info = await headDataset(c.env.DATA, name);
    if (info === null) throw new DatasetNotFoundError(name);
    return c.json(summary(info), 200, { ETag: `"${info.etag}"` });
  }),
);

datasets.get(
  "/:name/content",
  privateReadAccess,
  documented(OPERATIONS.getDatasetContent, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const { info, body } = await readDataset(c.env.DATA, name);
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Length": String(info.bytes),
      ETag: `"${info.etag}"`,
    });
  }),
);

datasets.delete(
  "/:name",
  writeAccess,
  documented(OPERATIONS.deleteDataset, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    if (!(await deleteDataset(c.env.DATA, name))) {
      throw new DatasetNotFoundError(name);
    }
    return c.body(null, 204);
  }),
);

datasets.post(
  "/:name/uploads",
  writeAccess,
  documented(OPERATIONS.startUpload, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    // The body's partSize, within R2's and the service's bounds, else the
    // service's DATASET_PART_BYTES; never a body ignored.
    const partSize = await readUploadPartSize(c.req.raw, readLimits(c.env));
    return c.json(await beginUpload(c.env, name, partSize), 201);
  }),
);

datasets.put(
  "/:name/uploads/:uploadId/parts/:partNumber",
  writeAccess,
  documented(OPERATIONS.uploadPart, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const uploadId = readUploadId(c.req.param("uploadId"));
    const part = readPartNumber(c.req.param("partNumber"));
    // A part is a request too (413 over MAX_DATASET_BYTES); the upload's
    // own partSize bounds it more closely (400, checked by putPart).
    const max = readLimits(c.env).maxDatasetBytes;
    const what = `part ${part}`;
    const { bytes } = readDatasetBody(c.req.raw, max, what, false);
    const body = c.req.raw.body!;
    return c.json(await putPart(c.env, name, uploadId, part, body, bytes));
  }),
);

datasets.post(
  "/:name/uploads/:uploadId/complete",
  writeAccess,
  documented(OPERATIONS.completeUpload, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const uploadId = readUploadId(c.req.param("uploadId"));
    return created(c, await finishUpload(c.env, name, uploadId));
  }),
);

datasets.delete(
  "/:name/uploads/:uploadId",
  writeAccess,
  documented(OPERATIONS.abortUpload, async (c) => {
    const name = readDatasetName(c.req.param("name"));
    const uploadId = readUploadId(c.req.param("uploadId"));
    await cancelUpload(c.env, name, uploadId);
    return c.body(null, 204);
  }),
);

/** What the routes answer of a dataset: its info without the ETag (a header). */
function summary({ name, bytes, contentType, createdAt }: DatasetInfo) {
  return { name, bytes, contentType, createdAt };
}

/** 201 with the dataset stored, its path as Location and its ETag. */
function created(c: Context<AppEnv>, info: DatasetInfo) {
  return c.json(summary(info), 201, {
    Location: `/v1/datasets/${info.name}`,
    ETag: `"${info.etag}"`,
  });
}
