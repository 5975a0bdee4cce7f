/**
 * The steps of a prediction job, each a function the Workflow runs inside
 * one `step.do` (predict-run.ts): it checks the job's cancel flag first, does
 * a bounded piece of work, leaves what the next step needs in R2 or the
 * job's Durable Object, and returns only small values. Each may run again
 * from its start (a retry) and lands on the same state.
 *
 * 1. "prepare k": the first pass (prepare-chunk.ts) with `labels:
 *    "optional"`: rows of the model's features, or with the label last; the
 *    last call maps the labels' classes onto the model's and the header's
 *    names onto its features, as `/evaluate` and `/predict` read them.
 * 2. "score k": shard k (`shardRows` rows: at most `jobStepValues` values
 *    with its text) predicted by the engine function `/predict` uses and
 *    written as `/predict`'s CSV answer writes it (prediction-stream.ts),
 *    to `jobs/<id>/out/<k>`; with labels, the same predictions added to
 *    the job's measures (predict-measures.ts), each row predicted once.
 * 3. "metrics" (with labels), "part n", "complete" (output-steps.ts).
 */
import type { PredictJobSpec } from "../domain/job";
import type { ModelVersion } from "../domain/model-version";
import { measureRows, type RowMeasures } from "../engine/final-pass";
import type { Prediction } from "../engine/linear-model";
import type { Bindings } from "../env";
import { DatasetError } from "../errors";
import { TextLabelCoder } from "../input/class-coder";
import { indexAmong, notAClassOf } from "../input/class-index";
import { readCsvDialect } from "../input/csv-dialect";
import { columnOrder, reorderColumns } from "../input/feature-names";
import type { Limits } from "../input/limits";
import { predictionStream } from "../reports/prediction-stream";
import { storeStep } from "../storage/faults";
import { writeOutputChunk } from "../storage/job-output";
import { reportProgress } from "../storage/job-store";
import { readShard, type Shard } from "../storage/shard-store";
import { pinnedModel, predictCancelled } from "./predict-boundary";
import { keepMeasures, measuresBefore } from "./predict-measures";
import type { StepOutcome } from "./job-steps";
import {
  prepareChunk,
  type PrepareCursor,
  type PrepareSpec,
} from "./prepare-chunk";

/** What the score steps need, once the dataset is read: small JSON data. */
export interface PredictPlan {
  readonly rows: number;
  readonly shards: number;
  readonly shardRows: number;
  /** Model outputs: 1 (two classes) or K. */
  readonly outputs: number;
  /** For each provisional label code, the model's class; null without labels. */
  readonly labelClasses: number[] | null;
  /** The column of each model feature (a header by name); null: as read. */
  readonly order: number[] | null;
}

/**
 * Text a number of a prediction's CSV line may take, counted in stored
 * values (4 bytes): `String` of a float32 read as float64 is at most 23
 * characters (`-1.1754943508222875e-38`), with its comma 24 bytes.
 */
const TEXT_VALUES_PER_NUMBER = 6;

/**
 * Rows a shard (and so a score step) holds: its values and its text (the
 * outputs and the label, `TEXT_VALUES_PER_NUMBER` each) within
 * `limits.jobStepValues`.
 */
export function predictShardRows(
  limits: Limits,
  cols: number,
  outputs: number,
): number {
  const perRow = cols + TEXT_VALUES_PER_NUMBER * (outputs + 1);
  return Math.max(1, Math.floor(limits.jobStepValues / perRow));
}

/**
 * "prepare k": reads one range of the dataset into shards (prepareChunk),
 * and, once it is read, the plan of the score steps.
 *
 * @throws the first pass's errors (prepare-chunk.ts), DatasetError naming
 *   the line of a label that is not a class of the model or a header that
 *   does not name its features
 */
export async function preparePrediction(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  cursor: PrepareCursor,
  limits: Limits,
): Promise<StepOutcome<{ cursor: PrepareCursor; plan: PredictPlan | null }>> {
  if (await predictCancelled(env, id, "preparing")) return { stop: true };
  const model = await pinnedModel(env, spec);
  const outputs = model.weights.b.length;
  const shardRows = predictShardRows(limits, model.features, outputs);
  const prepareSpec: PrepareSpec = {
    dataset: spec.dataset,
    dialect: readCsvDialect({ ...spec.dialect }, "json").dialect,
    labels: "optional",
    features: model.features,
    shardRows,
  };
  const next = await prepareChunk(env.DATA, id, cursor, prepareSpec, limits);
  const plan = next.done ? planOf(next, model, shardRows) : null;
  await reportProgress(env, id, {
    epoch: null,
    epochs: 0,
    rowsRead: plan === null ? next.rows : 0,
    rowsTotal: plan === null ? null : plan.rows,
  });
  return { stop: false, cursor: next, plan };
}

/** The plan of the score steps from the first pass's last cursor. */
function planOf(
  cursor: PrepareCursor,
  model: ModelVersion,
  shardRows: number,
): PredictPlan {
  const outputs = model.weights.b.length;
  const labelClasses = cursor.labels === true ? classesOf(cursor, model) : null;
  const names = model.featureNames;
  const order =
    names !== undefined && cursor.featureNames !== null
      ? columnOrder(cursor.featureNames, names, model.name, "the header")
      : null;
  return {
    rows: cursor.rows,
    shards: cursor.shards,
    shardRows,
    outputs,
    labelClasses,
    order,
  };
}

/**
 * Each provisional label code's class among the model's, as `/evaluate`
 * maps labels (class-index.ts).
 *
 * @throws DatasetError naming the first line whose label is none of them
 */
function classesOf(cursor: PrepareCursor, model: ModelVersion): number[] {
  const coded = TextLabelCoder.from(cursor.labelTexts).classes();
  if (typeof coded === "string") throw new DatasetError(coded);
  const index = indexAmong(coded.values, model.classValues);
  return Array.from(coded.codes, (code, k) => {
    if (index[code] === -1) {
      const line = `line ${cursor.labelTexts.lines[k]}`;
      const value = coded.values[code];
      throw new DatasetError(
        notAClassOf(line, value, model.classValues, model.name),
      );
    }
    return index[code];
  });
}

/**
 * "score k": predicts shard `k` once and writes its lines (step 0's after
 * the header) to the job's output chunk `k`; with labelled rows, adds the
 * same predictions to the job's measures (predict-measures.ts: checkpoint
 * k read, k + 1 written); returns the chunk's size in bytes.
 */
export async function scorePrediction(
  env: Bindings,
  id: string,
  spec: PredictJobSpec,
  plan: PredictPlan,
  k: number,
): Promise<StepOutcome<{ bytes: number }>> {
  if (await predictCancelled(env, id, "running")) return { stop: true };
  const model = await pinnedModel(env, spec);
  const shard = await readShard(env.DATA, id, k);
  const measures =
    plan.labelClasses === null
      ? null
      : await measuresBefore(env, id, k, {
          outputs: plan.outputs,
          rows: plan.rows,
          threshold: model.threshold ?? 0.5,
        });
  const chunks = await scoreShard(model, plan, shard, k, measures);
  const bytes = await writeOutputChunk(env.DATA, id, k, chunks);
  if (measures !== null) {
    await keepMeasures(env, id, k, measures);
    await storeStep("measures:kept", spec.output);
  }
  await reportProgress(env, id, {
    epoch: null,
    epochs: 0,
    rowsRead: Math.min(plan.rows, (k + 1) * plan.shardRows),
    rowsTotal: plan.rows,
  });
  return { stop: false, bytes };
}

/**
 * The work of "score k" on shard `k` without its I/O: the shard's rows
 * predicted by the engine function `/predict` uses, as `/predict`'s CSV
 * answer writes them (prediction-stream.ts; the header only for k = 0),
 * and, with `measures`, the same predictions and the rows' labels (mapped
 * onto the model's classes) added to them (final-pass.ts's `measureRows`),
 * so each row is predicted once.
 *
 * @throws Error when `measures` is given and the shard has no labels
 */
export async function scoreShard(
  model: ModelVersion,
  plan: PredictPlan,
  shard: Shard,
  k: number,
  measures: RowMeasures | null,
): Promise<Uint8Array[]> {
  const read = { values: shard.x, rows: shard.rows, cols: shard.cols };
  const rows = plan.order === null ? read : reorderColumns(read, plan.order);
  const { weights, classValues, threshold, featureNames } = model;
  let predicted: Prediction | undefined;
  if (measures !== null) {
    const { labelClasses } = plan;
    if (labelClasses === null || shard.labels === null) {
      throw new Error(`shard ${k} has no labels to measure`);
    }
    const y = Float32Array.from(shard.labels, (c) => labelClasses[c]);
    const { values: x, rows: n, cols } = rows;
    predicted = {
      probabilities: new Float32Array(n * weights.b.length),
      labels: new Uint32Array(n),
    };
    const data = { x, y, rows: n, cols };
    measureRows(measures, data, weights, "labelled", predicted, threshold);
  }
  const stream = predictionStream(
    weights,
    classValues,
    rows,
    threshold,
    false,
    "csv",
    featureNames,
    predicted,
  );
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  // The header is the first line of the first chunk: only step 0 keeps it.
  if (k > 0) chunks[0] = chunks[0].subarray(chunks[0].indexOf(0x0a) + 1);
  return chunks;
}
