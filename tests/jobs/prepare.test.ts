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
import {
  DatasetChangedError,
  DatasetError,
  DatasetNotFoundError,
} from "../../src/errors";
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
  readManifest,
  readShardDataset,
  type ShardManifest,
} from "../../src/storage/shard-manifest";
import {
  deleteJobObjects,
  jobPrefix,
  readShard,
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

  it("read the zoo's comments (quotes and all) and its 7 classes as a request does", async () => {
    await upload("zoo", zooCsv);
    const { jobId, manifest } = await prepare(specOf("zoo"));
    const { table, classValues } = requestRows(zooCsv);
    expect(manifest.rows).toBe(table.rows);
    expect(manifest.cols).toBe(16);
    expect(manifest.classValues).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(manifest.classValues).toEqual(classValues);
    const rows = await shardRows(jobId, manifest);
    expect(rows.sizes).toEqual([100, table.rows - 100]);
    expect(rows.x).toEqual([...table.x]);
    expect(rows.y).toEqual([...table.y]);
    const counts = classValues.map(
      (_, k) => table.y.filter((label) => label === k).length,
    );
    expect(manifest.classCounts).toEqual(counts);
    expect(manifest.trainingCounts).toEqual(counts);
    expect(manifest.stats).toBeNull();
  });

  it("keep a header's feature names and read text labels", async () => {
    const names = [
      "preg",
      "plas",
      "pres",
      "skin",
      "insu",
      "mass",
      "pedi",
      "age",
    ];
    const lines = diabetesCsv.trim().split("\n");
    const text = [
      [...names, "outcome"].join(","),
      ...lines.map((line) => line.replace(/,0$/, ",no").replace(/,1$/, ",yes")),
    ].join("\r\n");
    await upload("named", text);
    const { jobId, manifest } = await prepare(
      specOf("named", { positiveClass: "yes" }),
    );
    expect(manifest.featureNames).toEqual(names);
    expect(manifest.classValues).toEqual(["no", "yes"]);
    const { table } = requestRows(diabetesCsv);
    const rows = await shardRows(jobId, manifest);
    expect(rows.x).toEqual([...table.x]);
    expect(rows.y).toEqual([...table.y]);
  });

  it("read a semicolon, decimal-comma file as a request with that dialect", async () => {
    const text = diabetesCsv.replaceAll(",", ";").replaceAll(".", ",");
    await upload("csv2", text);
    const dialect: CsvDialect = {
      header: "auto",
      delimiter: ";",
      decimal: ",",
      delimiterGiven: true,
      given: "json",
    };
    const { jobId, manifest } = await prepare(specOf("csv2", { dialect }));
    const { table } = requestRows(text, dialect);
    const rows = await shardRows(jobId, manifest);
    expect(rows.x).toEqual([...table.x]);
    expect(rows.y).toEqual([...table.y]);
    expect(rows.x).toEqual([...requestRows(diabetesCsv).table.x]);
  });

  it("read quoted fields holding line ends across ranges", async () => {
    const lines = diabetesCsv.trim().split("\n");
    const text = lines
      .map((line, i) => {
        if (i % 7 !== 3) return line;
        const fields = line.split(",");
        fields[2] = `"${fields[2]}\n"`; // a line end inside quotes
        fields[5] = `" ${fields[5]}"`;
        return fields.join(",");
      })
      .join("\n");
    await upload("quoted", text);
    const { jobId, manifest } = await prepare(specOf("quoted"));
    const { table } = requestRows(text);
    expect(table.rows).toBe(759);
    const rows = await shardRows(jobId, manifest);
    expect(rows.x).toEqual([...table.x]);
    expect(rows.y).toEqual([...table.y]);
  });

  it("fail a non-numeric field on line 503 naming the line and field, as a request would", async () => {
    const lines = diabetesCsv.split("\n");
    const fields = lines[502].split(",");
    fields[2] = "n/a";
    lines[502] = fields.join(",");
    const text = lines.join("\n");
    await upload("broken", text);
    const expected = 'line 503 field 3 is not a number: "n/a"';
    expect(() => parseCsv(text, true)).toThrow(expected);
    const jobId = `job-${++jobs}`;
    const failure = prepare(specOf("broken"), jobId);
    await expect(failure).rejects.toThrow(DatasetError);
    await expect(prepare(specOf("broken"), jobId)).rejects.toThrow(
      new DatasetError(expected),
    );
    // The shards before line 503 were written: the job deletes them all.
    expect((await objectsOf(jobId)).size).toBeGreaterThan(0);
    await deleteJobObjects(bucket, jobId);
    expect((await objectsOf(jobId)).size).toBe(0);
  });

  it("fail a ragged row naming its line", async () => {
    const lines = diabetesCsv.split("\n");
    lines[610] = lines[610].split(",").slice(1).join(",");
    const text = lines.join("\n");
    await upload("ragged", text);
    const expected = "line 611 has 8 fields, expected 9";
    expect(() => parseCsv(text, true)).toThrow(expected);
    await expect(prepare(specOf("ragged"))).rejects.toThrow(
      new DatasetError(expected),
    );
  });

  it("read a character a range cuts in two whole, from the next record", async () => {
    // A comment of two-byte characters across byte RANGE: the first range
    // ends inside one (its byte RANGE - 1 is a lead byte, 0xC3).
    const rows = diabetesCsv.split("\n").slice(0, 60);
    let head = "";
    while (head.length < RANGE - 100) head += `${rows.shift()}\n`;
    const pad = (RANGE - 3 - head.length) % 2 === 0 ? "" : " ";
    const text = `${head}# ${pad}${"é".repeat(100)}\n${rows.join("\n")}\n`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes[RANGE - 1]).toBe(0xc3);
    await upload("accents", text);
    const { jobId, manifest } = await prepare(specOf("accents"));
    const { table } = requestRows(text);
    const read = await shardRows(jobId, manifest);
    expect(read.x).toEqual([...table.x]);
    expect(read.y).toEqual([...table.y]);
  });

  it("fail bytes that are not UTF-8 naming their line and field, as a request would", async () => {
    // Line 200 is in a later range than the first (1000 bytes).
    const lines = diabetesCsv.split("\n");
    const before = new TextEncoder().encode(
      `${lines.slice(0, 199).join("\n")}\n0.5,`,
    );
    const after = new TextEncoder().encode(
      `,0.1,0,0,0,0,0,1\n${lines.slice(200).join("\n")}`,
    );
    const bytes = new Uint8Array([...before, 0xff, 0xfe, ...after]);
    expect(before.length).toBeGreaterThan(RANGE);
    await bucket.put("datasets/not-utf8", bytes);
    await expect(prepare(specOf("not-utf8"))).rejects.toThrow(
      new DatasetError(
        "line 200 field 2 has bytes that are not valid utf-8 (or U+FFFD, which stands for such bytes)",
      ),
    );
    // A file whose last character is cut.
    const cut = new TextEncoder().encode("# é\n1,2,0\n3,4,1 é");
    await bucket.put("datasets/cut", cut.subarray(0, cut.length - 1));
    await expect(prepare(specOf("cut"))).rejects.toThrow(
      new DatasetError("line 3 field 3 ends the file inside a utf-8 character"),
    );
  });

  it("take rows with or without labels by the model's feature count", async () => {
    const bare = diabetesCsv.replace(/,[01]$/gm, "");
    await upload("bare", bare);
    await upload("labelled", diabetesCsv);
    const optional = { labels: "optional" as const, features: 8 };
    const without = await prepare(specOf("bare", optional));
    expect(without.manifest.classValues).toBeNull();
    const shard = await readShard(bucket, without.jobId, 0);
    expect(shard.labels).toBeNull();
    const rows = await shardRows(without.jobId, without.manifest);
    expect(rows.x).toEqual([...requestRows(diabetesCsv).table.x]);
    const labelled = await prepare(specOf("labelled", optional));
    expect(labelled.manifest.classValues).toEqual([0, 1]);
    await expect(
      prepare(specOf("bare", { labels: "optional", features: 5 })),
    ).rejects.toThrow(
      "line 1 has 8 fields: the model takes 5 features, so rows need 5 fields, or 6 with the label last",
    );
  });

  it("give the same objects and cursor when a step runs again from its cursor", async () => {
    await upload("again", diabetesCsv);
    const spec = specOf("again", {
      validation: { fraction: 0.25, seed: 3 },
      standardize: true,
    });
    const once = await prepare(spec);
    const after = await objectsOf(once.jobId);
    // Every step again, from its cursor, over the finished objects.
    for (let i = 0; i + 1 < once.cursors.length; i++) {
      const again = await prepareChunk(
        bucket,
        once.jobId,
        once.cursors[i],
        spec,
        limits,
      );
      expect(again).toEqual(once.cursors[i + 1]);
    }
    const prepared = once.cursors.at(-1)!;
    for (let i = 0; i + 1 < once.finishing.length; i++) {
      const again = await finishPreparation(
        bucket,
        once.jobId,
        prepared,
        once.finishing[i],
        spec,
        limits,
      );
      expect(again).toEqual(once.finishing[i + 1]);
    }
    expect(await objectsOf(once.jobId)).toEqual(after);
    // A step that stopped half-way (its partial shard written, its cursor
    // lost) and ran again lands on the same objects as a clean run.
    const pendingAt = once.cursors.findIndex((c) => c.pending > 0);
    expect(pendingAt).toBeGreaterThan(0);
    const twice = `job-${++jobs}`;
    let cursor = startPreparation();
    for (let i = 0; i < pendingAt + 1; i++) {
      cursor = await prepareChunk(bucket, twice, cursor, spec, limits);
    }
    const before = await prepareChunk(bucket, twice, cursor, spec, limits);
    const rerun = await prepareChunk(bucket, twice, cursor, spec, limits);
    expect(rerun).toEqual(before);
  });

  it("refuse a dataset uploaded again while the job reads it", async () => {
    await upload("moving", diabetesCsv);
    const jobId = `job-${++jobs}`;
    const spec = specOf("moving");
    const first = await prepareChunk(
      bucket,
      jobId,
      startPreparation(),
      spec,
      limits,
    );
    await upload("moving", zooCsv);
    await expect(
      prepareChunk(bucket, jobId, first, spec, limits),
    ).rejects.toThrow(DatasetChangedError);
  });

  it("keep every cursor small for 1,000 features (56 kB at most), and refuse a line longer than a range", async () => {
    const cols = 1000;
    const names = Array.from({ length: cols }, (_, j) => `feature_${j}`);
    const lines = [[...names, "label"].join(",")];
    for (let i = 0; i < 50; i++) {
      const row = names.map((_, j) => ((i * 7919 + j * 104729) % 1e4) / 1e3);
      lines.push([...row, i % 3].join(","));
    }
    await upload("wide", lines.join("\n"));
    const spec = specOf("wide", {
      shardRows: 10,
      validation: { fraction: 0.2, seed: 1 },
      standardize: true,
    });
    const wide = { ...limits, jobRangeBytes: 64 * 1024, jobStepValues: 10_000 };
    const jobId = `job-${++jobs}`;
    const sizes: number[] = [];
    let cursor = startPreparation();
    while (!cursor.done) {
      cursor = await prepareChunk(bucket, jobId, cursor, spec, wide);
      sizes.push(JSON.stringify(cursor).length);
    }
    let end = startFinishing();
    while (end.phase !== "done") {
      end = await finishPreparation(bucket, jobId, cursor, end, spec, wide);
      sizes.push(JSON.stringify(end).length);
    }
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThan(100_000);
    const manifest = (await readManifest(bucket, jobId))!;
    expect(manifest.featureNames).toEqual(names);
    expect(manifest.shardCount).toBe(5);
    await expect(
      prepareChunk(bucket, `job-${++jobs}`, startPreparation(), spec, limits),
    ).rejects.toThrow(
      `line 1 is longer than the ${RANGE} bytes one step reads: raise JOB_RANGE_BYTES`,
    );
  });

  it("refuse a dataset that does not exist", async () => {
    await expect(
      prepareChunk(
        bucket,
        "job-x",
        startPreparation(),
        specOf("nothing"),
        limits,
      ),
    ).rejects.toThrow(new DatasetNotFoundError("nothing"));
    expect((await objectsOf("job-x")).size).toBe(0);
  });

  it("refuse more rows than a job may have", async () => {
    await upload("many", diabetesCsv);
    const jobId = `job-${++jobs}`;
    const small = { ...limits, maxJobRows: 100 };
    let cursor = startPreparation();
    const run = async () => {
      while (!cursor.done) {
        cursor = await prepareChunk(
          bucket,
          jobId,
          cursor,
          specOf("many"),
          small,
        );
      }
    };
    await expect(run()).rejects.toThrow(
      "the dataset has more than 100 rows, at most 100 are allowed in a job",
    );
  });
});
