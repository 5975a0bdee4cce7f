/**
 * The end of a job's first pass, once `prepareChunk` has read the whole
 * file: the classes (as a training request resolves them), the label
 * counts, the validation split, and for `standardize` the training rows'
 * feature statistics; then the manifest (storage/shard-manifest.ts).
 *
 * Steps, each a call:
 * 1. "labels": reads every shard's labels alone (4 bytes a row, one range
 *    read a shard), resolves the classes, counts them and draws the split,
 *    writing the membership. It holds about 9 bytes a row, so a dataset of
 *    more than `limits.maxSplitRows` labelled rows is refused.
 * 2. "moments" (with `standardize`): two passes over the shards
 *    (jobs/feature-moments.ts), `limits.jobStepValues` values a call.
 * 3. The manifest is written, and the cursor is "done".
 * Each call is idempotent: it writes the same objects from the same cursor.
 */
import type { ClassValue } from "../engine/class-values";
import type { ValidationOption } from "../engine/model-options";
import { validationCount, validationMembership } from "../engine/split";
import { DatasetError, LimitError, OptionError } from "../errors";
import { TextLabelCoder } from "../input/class-coder";
import { resolveClasses } from "../input/class-index";
import type { Limits } from "../input/limits";
import { checkSplitCounts } from "../input/validation-option";
import {
  writeManifest,
  writeMembership,
  type ShardManifest,
} from "../storage/shard-manifest";
import { readShardLabels } from "../storage/shard-store";
import {
  startMoments,
  stepMoments,
  type MomentsCursor,
} from "./feature-moments";
import type { PrepareCursor, PrepareSpec } from "./prepare-chunk";

/** What the end of the pass needs beyond the first pass's spec. */
export interface FinishSpec extends PrepareSpec {
  /** The `classes` training option (a count K, or the list). */
  readonly classes?: number | readonly ClassValue[];
  readonly positiveClass?: ClassValue;
  readonly validation?: ValidationOption;
  /** Whether to compute the training rows' mean and scale. */
  readonly standardize: boolean;
}

/** What the labels told, kept between the steps. */
export interface LabelSummary {
  readonly classValues: ClassValue[] | null;
  readonly labelClasses: number[] | null;
  readonly classCounts: number[] | null;
  readonly trainingCounts: number[] | null;
  readonly training: number;
  readonly validation: number;
}

/** Where the end of the pass is: small JSON data. */
export type FinishCursor =
  | { readonly phase: "labels" }
  | {
      readonly phase: "moments";
      readonly labels: LabelSummary;
      readonly moments: MomentsCursor;
    }
  | { readonly phase: "done"; readonly labels: LabelSummary };

/** The cursor the end of the pass starts from. */
export function startFinishing(): FinishCursor {
  return { phase: "labels" };
}

/**
 * Takes the next step from `cursor` for job `jobId`, whose first pass
 * ended at `prepared`; a "done" cursor means the manifest is written.
 *
 * @throws DatasetError for labels that cannot be classes (a number that is
 *   not an integer, too many classes)
 * @throws SingleClassError, OptionError as a training request's classes
 *   and split would (a label not among `classes`, a split leaving a part
 *   empty, a split without labels)
 * @throws LimitError for more labelled rows than `maxSplitRows`
 */
export async function finishPreparation(
  bucket: R2Bucket,
  jobId: string,
  prepared: PrepareCursor,
  cursor: FinishCursor,
  spec: FinishSpec,
  limits: Limits,
): Promise<FinishCursor> {
  if (!prepared.done || prepared.cols === null) {
    throw new Error("finishPreparation before the first pass is over");
  }
  if (cursor.phase === "done") return cursor;
  const cols = prepared.cols;
  let labels: LabelSummary;
  let moments: MomentsCursor;
  if (cursor.phase === "labels") {
    labels = await readLabels(bucket, jobId, prepared, spec, limits);
    if (!spec.standardize) return finish(bucket, jobId, prepared, spec, labels);
    moments = startMoments(cols);
  } else {
    labels = cursor.labels;
    moments = cursor.moments;
  }
  const layout = {
    shards: prepared.shards,
    shardRows: spec.shardRows,
    rows: prepared.rows,
    cols,
    training: labels.training,
  };
  const next = await stepMoments(bucket, jobId, layout, moments, limits);
  if ("cursor" in next)
    return { phase: "moments", labels, moments: next.cursor };
  return finish(bucket, jobId, prepared, spec, labels, next);
}

/** Writes the manifest; the "done" cursor. */
async function finish(
  bucket: R2Bucket,
  jobId: string,
  prepared: PrepareCursor,
  spec: FinishSpec,
  labels: LabelSummary,
  stats: ShardManifest["stats"] = null,
): Promise<FinishCursor> {
  const { validation } = spec;
  const manifest: ShardManifest = {
    format: 1,
    dataset: spec.dataset,
    rows: prepared.rows,
    cols: prepared.cols ?? 0,
    shardRows: spec.shardRows,
    shardCount: prepared.shards,
    featureNames: prepared.featureNames,
    warnings: prepared.warnings,
    classValues: labels.classValues,
    labelClasses: labels.labelClasses,
    classCounts: labels.classCounts,
    trainingCounts: labels.trainingCounts,
    training: labels.training,
    validation: labels.validation,
    split:
      validation === undefined
        ? null
        : { fraction: validation.fraction, seed: validation.seed },
    stats,
  };
  await writeManifest(bucket, jobId, manifest);
  return { phase: "done", labels };
}

/**
 * Every row's label, as a class index: the classes resolved from the label
 * texts and the options, counted, and the split drawn and written.
 */
async function readLabels(
  bucket: R2Bucket,
  jobId: string,
  prepared: PrepareCursor,
  spec: FinishSpec,
  limits: Limits,
): Promise<LabelSummary> {
  const { rows, shards } = prepared;
  if (prepared.labels !== true) {
    if (spec.validation !== undefined) {
      throw new OptionError("validation needs labels: the rows have none");
    }
    const none = { classValues: null, labelClasses: null };
    const counts = { classCounts: null, trainingCounts: null };
    return { ...none, ...counts, training: rows, validation: 0 };
  }
  if (rows > limits.maxSplitRows) {
    throw new LimitError(
      `the dataset has ${rows} labelled rows, a job reads at most ${limits.maxSplitRows} labels in one step: raise MAX_SPLIT_ROWS`,
    );
  }
  // Provisional codes (class-coder.ts), then the labels' value indices.
  const y = new Float32Array(rows);
  const reads: Promise<void>[] = [];
  for (let k = 0; k < shards; k++) {
    const first = k * spec.shardRows;
    const count = Math.min(spec.shardRows, rows - first);
    reads.push(
      readShardLabels(bucket, jobId, k, count).then((labels) =>
        y.set(labels, first),
      ),
    );
  }
  await Promise.all(reads);
  const coded = TextLabelCoder.from(prepared.labelTexts).classes();
  if (typeof coded === "string") throw new DatasetError(coded);
  // The first row of each provisional code, to read its class back.
  const firstOf = new Array<number>(coded.codes.length).fill(-1);
  for (let i = 0; i < rows; i++) {
    if (firstOf[y[i]] === -1) firstOf[y[i]] = i;
    y[i] = coded.codes[y[i]];
  }
  const labelled = { x: new Float32Array(0), y, rows, cols: 0 };
  const classValues = resolveClasses(
    { ...labelled, labelValues: coded.values },
    spec.classes,
    spec.positiveClass,
  );
  const labelClasses = firstOf.map((i) => (i === -1 ? -1 : y[i]));
  const classCounts = new Array<number>(classValues.length).fill(0);
  for (let i = 0; i < rows; i++) classCounts[y[i]]++;
  const { validation } = spec;
  if (validation === undefined) {
    const all = { trainingCounts: classCounts, training: rows, validation: 0 };
    return { classValues, labelClasses, classCounts, ...all };
  }
  checkSplitCounts(validation, classCounts);
  const { fraction, seed } = validation;
  await writeMembership(bucket, jobId, validationMembership(y, fraction, seed));
  const trainingCounts = classCounts.map(
    (n) => n - validationCount(n, fraction),
  );
  const training = trainingCounts.reduce((a, b) => a + b, 0);
  return {
    classValues,
    labelClasses,
    classCounts,
    trainingCounts,
    training,
    validation: rows - training,
  };
}
