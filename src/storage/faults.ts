/**
 * A fault hook between the storage steps of training, publishing and
 * deleting, so tests can stop the store at any step and check what a crash
 * there would leave. The store calls `storeStep(name)` between each pair of
 * writes; with no hook set (always, outside tests) it does nothing.
 *
 * A thrown fault is not a crash (the store's own error paths still run), so
 * `npm run chaos` kills a real `wrangler dev` as well.
 */

/** Every step the store passes, in the order an operation passes them. */
export const STORE_STEPS = [
  /** saveModel: a number was allocated, nothing written yet. */
  "save:allocated",
  /** saveModel: the version's key is written to KV, not yet published. */
  "save:written",
  /** publish: the Durable Object recorded the version; the KV head is not moved. */
  "publish:recorded",
  /** saveModel: published, before the answer. */
  "save:published",
  /** remove: the delete is recorded (the tombstone); KV untouched. */
  "remove:recorded",
  /** cleanup: the KV head is deleted; versions not yet. */
  "cleanup:head",
  /** cleanup: one batch of version keys is deleted. */
  "cleanup:batch",
  /** completeOutput (a prediction job): the output dataset is complete; the job has not succeeded. */
  "output:completed",
  /** scorePrediction (a prediction job): score step k kept its measures as checkpoint k + 1; its progress is not reported. */
  "measures:kept",
] as const;

/** One of STORE_STEPS. */
export type StoreStep = (typeof STORE_STEPS)[number];

/** The hook tests set; throws (or waits) to fault the store at a step of model `name`. */
export type StoreFault = (
  step: StoreStep,
  name: string,
) => void | Promise<void>;

let fault: StoreFault | null = null;

/** Sets (or, with null, clears) the fault hook. For tests only. */
export function setStoreFault(hook: StoreFault | null): void {
  fault = hook;
}

/** Called by the store between two writes on model `name`; runs the hook if one is set. */
export async function storeStep(step: StoreStep, name: string): Promise<void> {
  if (fault !== null) await fault(step, name);
}
