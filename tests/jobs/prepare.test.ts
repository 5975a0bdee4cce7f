/**
 * A job's first pass against real R2 (miniflare's, through `env.DATA`):
 * datasets uploaded as a dataset route stores them, read in ranges of
 * 1,000 bytes so records straddle ranges, cut into shards of 100 rows; the
 * shards are held to what the training request's own CSV reader
 * (input/csv.ts `parseCsv`, then input/class-index.ts `resolveClasses`)
 * makes of the whole text, element by element, and the split and the
 * statistics to engine/split.ts `stratifiedSplit` and
 * engine/standardize.ts `featureStats` on the same rows.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import zooCsv from "../../data/data-04-zoo.csv?raw";
import { stratifiedSplit } from "../../src/engine/split";
import { featureStats } from "../../src/engine/standardize";
import { DatasetError } from "../../src/errors";
import { resolveClasses } from "../../src/input/class-index";
import { parseCsv } from "../../src/input/csv";
import { DEFAULT_DIALECT, type CsvDialect } from "../../src/input/csv-dialect";
import { DEFAULT_LIMITS, type Limits } from "../../src/input/limits";
import {
  finishPreparation,
  startFinishing,
  type FinishCursor,
  type FinishSpec,
} from "../../src/jobs/finish-preparation";
import {
  prepareChunk,
  startPreparation,
  type PrepareCursor,
} from "../../src/jobs/prepare-chunk";
import {
  deleteJobObjects,
  jobPrefix,
  readManifest,
  readShard,
  readShardDataset,
  type ShardManifest,
} from "../../src/storage/shard-store";

const bucket = env.DATA;
const RANGE = 1000;
const limits: Limits = {
  ...DEFAULT_LIMITS,
  jobRangeBytes: RANGE,
  jobStepValues: 500,
};

let jobs = 0;

/** Uploads `text` as dataset `name`, as the datasets route stores it. */
async function upload(name: string, text: string): Promise<void> {
  await bucket.put(`datasets/${name}`, text);
}

function specOf(dataset: string, more: Partial<FinishSpec> = {}): FinishSpec {
  return {
    dataset,
    dialect: DEFAULT_DIALECT,
    labels: "required",
    shardRows: 100,
    standardize: false,
    ...more,
  };
}

/** Runs the first pass to its end: every cursor, and the manifest. */
async function prepare(spec: FinishSpec, jobId = `job-${++jobs}`) {
  const cursors: PrepareCursor[] = [startPreparation()];
  let cursor = cursors[0];
  while (!cursor.done) {
    cursor = await prepareChunk(bucket, jobId, cursor, spec, limits);
    cursors.push(cursor);
  }
  const finishing: FinishCursor[] = [startFinishing()];
  let end = finishing[0];
  while (end.phase !== "done") {
    end = await finishPreparation(bucket, jobId, cursor, end, spec, limits);
    finishing.push(end);
  }
  const manifest = (await readManifest(bucket, jobId)) as ShardManifest;
  return { jobId, cursors, finishing, manifest };
}

/** Every row and label of a job's shards, in order, labels as class indices. */
async function shardRows(jobId: string, manifest: ShardManifest) {
  const x: number[] = [];
  const y: number[] = [];
  const membership: number[] = [];
  const sizes: number[] = [];
  for (let k = 0; k < manifest.shardCount; k++) {
    const shard = await readShardDataset(bucket, jobId, manifest, k);
    x.push(...shard.dataset.x);
    y.push(...shard.dataset.y);
    membership.push(...shard.membership);
    sizes.push(shard.dataset.rows);
  }
  return { x, y, membership, sizes };
}

/** What a training request makes of `text`: rows, and labels as class indices. */
function requestRows(text: string, dialect: CsvDialect = DEFAULT_DIALECT) {
  const table = parseCsv(text, true, dialect);
  const classValues = resolveClasses(table, undefined, undefined);
  return { table, classValues };
}

/** Every object of a job, by key, as bytes. */
async function objectsOf(jobId: string): Promise<Map<string, number[]>> {
  const listed = await bucket.list({ prefix: jobPrefix(jobId) });
  const objects = new Map<string, number[]>();
  for (const { key } of listed.objects) {
    const object = await bucket.get(key);
    objects.set(key, [...new Uint8Array(await object!.arrayBuffer())]);
  }
  return objects;
}

describe("prepareChunk and finishPreparation", () => {
  it("cut the lab's diabetes into 8 shards equal to a request's rows, split and statistics", async () => {
    await upload("diabetes", diabetesCsv);
    const validation = { fraction: 0.2, seed: 7 };
    const spec = specOf("diabetes", { validation, standardize: true });
    const { jobId, cursors, finishing, manifest } = await prepare(spec);

    // Ranges of at most 1,000 bytes: many steps, each reading one range.
    expect(cursors.length - 1).toBeGreaterThanOrEqual(
      Math.ceil(diabetesCsv.length / RANGE),
    );
    for (let i = 1; i < cursors.length; i++) {
      const read = cursors[i].offset - cursors[i - 1].offset;
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThanOrEqual(RANGE);
    }
    expect(cursors.at(-1)!.offset).toBe(diabetesCsv.length);
    // The moments' steps each read at most 500 values (5 shards of 100 × 8).
    expect(finishing.length).toBeGreaterThan(4);

    const { table, classValues } = requestRows(diabetesCsv);
    expect(manifest.rows).toBe(759);
    expect(manifest.cols).toBe(8);
    expect(manifest.shardCount).toBe(8);
    const rows = await shardRows(jobId, manifest);
    expect(rows.sizes).toEqual([100, 100, 100, 100, 100, 100, 100, 59]);
    expect(rows.x).toEqual([...table.x]);
    expect(rows.y).toEqual([...table.y]);
    expect(manifest.classValues).toEqual(classValues);
    expect(manifest.classValues).toEqual([0, 1]);
    const ones = table.y.reduce((n, label) => n + label, 0);
    expect(manifest.classCounts).toEqual([759 - ones, ones]);
    expect(manifest.featureNames).toBeNull();

    // The split a request draws: the same rows on each side.
    const split = stratifiedSplit(table, validation.fraction, validation.seed);
    const training = rows.membership.filter((m) => m === 0).length;
    expect(manifest.training).toBe(training);
    expect(manifest.training).toBe(split.training.rows);
    expect(manifest.validation).toBe(split.validation.rows);
    const picked = (which: number) =>
      rows.x.filter((_, v) => rows.membership[Math.floor(v / 8)] === which);
    expect(picked(0)).toEqual([...split.training.x]);
    expect(picked(1)).toEqual([...split.validation.x]);

    // featureStats on the training rows, to 1e-12 (in fact the same bits).
    const stats = featureStats(split.training.x, split.training.rows, 8);
    for (let j = 0; j < 8; j++) {
      const mean = manifest.stats!.mean[j];
      const scale = manifest.stats!.scale[j];
      expect(Math.abs(mean - stats.mean[j])).toBeLessThanOrEqual(
        1e-12 * Math.abs(stats.mean[j]),
      );
      expect(Math.abs(scale - stats.scale[j])).toBeLessThanOrEqual(
        1e-12 * stats.scale[j],
      );
      expect(mean).toBe(stats.mean[j]);
      expect(scale).toBe(stats.scale[j]);
    }
  });
});
