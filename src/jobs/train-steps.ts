/**
 * The training steps of a job, each the work of one `step.do`, after the
 * `plan` step (prepare-steps.ts): `train k` reads checkpoint k, trains on
 * the shards `nextShards` names (at most `perStep`, JOB_STEP_VALUES values
 * rows × features), writes checkpoint k + 1 and never the one it read, so
 * a retry after a crash starts again from k and writes the same k + 1;
 * `finish` turns the last checkpoint into the model and keeps it in R2;
 * `publish` stores it as a training request stores its own. Each returns
 * only small values.
 */
import type { JobResult, TrainJobSpec } from "../domain/job";
import type { Dataset } from "../engine/dataset";
import { historyLength, historyLogs } from "../engine/epoch-history";
import type { ShardRows } from "../engine/shard-plan";
import {
  finishShardTraining,
  nextShards,
  packShardCheckpoint,
  trainShards,
  unpackShardCheckpoint,
  type ShardCheckpoint,
  type StoredShardCheckpoint,
} from "../engine/shard-training";
import { splitPart } from "../engine/split";
import type { Bindings } from "../env";
import {
  dropStepCheckpoint,
  loadStepCheckpoint,
  saveStepCheckpoint,
} from "../storage/job-checkpoints";
import { loadDraft, saveDraft } from "../storage/job-drafts";
import {
  enterStep,
  loadCheckpoint,
  reportProgress,
  succeedJob,
} from "../storage/job-store";
import { admitWrite } from "../storage/keyed-writes";
import { saveModel } from "../storage/model-store";
import {
  readShardDataset,
  type ShardManifest,
} from "../storage/shard-manifest";
import { cancelled, type StepOutcome } from "./job-steps";
import { SETUP, type TrainingSetup } from "./prepare-steps";

/** What `train k` answers: the next checkpoint, and what it read. */
export interface TrainStepResult {
  /** The checkpoint the next step reads (k + 1). */
  readonly next: number;
  /** Whether training is done (the next step is `finish`). */
  readonly done: boolean;
  /** Shards read, and their values (rows × features). */
  readonly shards: number;
  readonly values: number;
}

async function loadSetup(env: Bindings, id: string): Promise<TrainingSetup> {
  const setup = (await loadCheckpoint(env, id, SETUP)) as TrainingSetup | null;
  if (setup === null) throw new Error(`job ${id} has no training plan`);
  return setup;
}

async function loadTraining(
  env: Bindings,
  id: string,
  k: number,
): Promise<ShardCheckpoint> {
  const stored = await loadStepCheckpoint<StoredShardCheckpoint>(env, id, k);
  if (stored === null) throw new Error(`job ${id} has no checkpoint ${k}`);
  return unpackShardCheckpoint(stored);
}

/** Shard `k` of job `id`, split by its membership. */
async function shardRows(
  env: Bindings,
  id: string,
  manifest: ShardManifest,
  k: number,
): Promise<{ rows: ShardRows; data: Dataset }> {
  const { dataset, membership } = await readShardDataset(
    env.DATA,
    id,
    manifest,
    k,
  );
  const held = manifest.validation > 0;
  return {
    data: dataset,
    rows: {
      training: held ? splitPart(dataset, membership, 0) : dataset,
      validation: held ? splitPart(dataset, membership, 1) : null,
    },
  };
}

/**
 * `train k`: one step of the training from checkpoint `k`; reports the
 * last iteration run and the epochs it logged.
 *
 * @throws TrainingDivergedError as a request's training does
 */
export async function trainStep(
  env: Bindings,
  id: string,
  k: number,
): Promise<StepOutcome<TrainStepResult>> {
  if (await cancelled(env, id, "running")) return { stop: true };
  const { plan, manifest, perStep } = await loadSetup(env, id);
  const checkpoint = await loadTraining(env, id, k);
  const names = nextShards(plan, checkpoint, perStep);
  const read = await Promise.all(
    names.map((s) => shardRows(env, id, manifest, s)),
  );
  const logged = historyLength(checkpoint.state.history);
  trainShards(
    plan,
    checkpoint,
    read.map(({ rows }) => rows),
  );
  await saveStepCheckpoint(env, id, k + 1, packShardCheckpoint(checkpoint));
  // Checkpoint k − 1 is no step's any more: step k − 1 finished.
  if (k > 0) await dropStepCheckpoint(env, id, k - 1);
  const { state } = checkpoint;
  await reportProgress(
    env,
    id,
    {
      epoch: state.epoch === 0 ? null : state.epoch - 1,
      epochs: plan.options.epochs,
      rowsRead: manifest.rows,
      rowsTotal: manifest.rows,
    },
    historyLogs(state.history, logged),
  );
  const values = read.reduce((sum, { data }) => sum + data.rows * data.cols, 0);
  return {
    stop: false,
    next: k + 1,
    done: checkpoint.phase === "done",
    shards: names.length,
    values,
  };
}

/**
 * `finish`: the job is finalizing from here (a cancel is refused); the
 * model of the last checkpoint `k`, as finish-fit.ts makes a request's,
 * kept in R2 for `publish`.
 */
export async function finishTrainingStep(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
  k: number,
): Promise<StepOutcome<{ cost: number }>> {
  if (await cancelled(env, id, "finalizing")) return { stop: true };
  const { plan, manifest } = await loadSetup(env, id);
  const checkpoint = await loadTraining(env, id, k);
  const fitted = finishShardTraining(plan, checkpoint, manifest.warnings);
  const { featureNames } = manifest;
  await saveDraft(env.DATA, id, {
    name: spec.model,
    ...fitted,
    ...(featureNames !== null && { featureNames }),
    job: { id, dataset: spec.dataset },
  });
  return { stop: false, cost: fitted.cost };
}

/**
 * `publish`: stores the trained model as the next version of `spec.model`,
 * exactly as a training request stores its own, and ends the job
 * succeeded. The version is written under the model's idempotency record
 * keyed by the job's id, in the same step as it is published: a retried
 * `publish` finds the version it stored and stores no second one.
 */
export async function publish(
  env: Bindings,
  id: string,
  spec: TrainJobSpec,
): Promise<StepOutcome<JobResult>> {
  const { job, stop } = await enterStep(env, id, "finalizing");
  // A retry of a publish that ended the job: its answer again.
  if (
    job.state === "succeeded" &&
    job.result !== null &&
    "version" in job.result
  ) {
    return { stop: false, ...job.result };
  }
  if (stop) return { stop: true };
  const name = spec.model;
  const scope = { scope: "job", key: id };
  const admission = await admitWrite(env, name, scope, id);
  let version: number;
  if (admission.kind === "replay" && admission.answer.version !== undefined) {
    version = admission.answer.version;
  } else if (admission.kind === "run") {
    const draft = await loadDraft(env.DATA, id);
    if (draft === null) throw new Error(`job ${id} has no trained model`);
    version = (await saveModel(env, draft, new Date(), scope)).version;
  } else {
    // A publish of this job that never answered (its Worker died): the
    // step's retries wait out the lease (STORE_LEASE_SECONDS), then run it.
    throw new Error(`job ${id} is storing its model already; retry later`);
  }
  const result = { model: name, version };
  await succeedJob(env, id, result);
  return { stop: false, ...result };
}
