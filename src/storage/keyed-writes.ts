/**
 * Writes that carry an `Idempotency-Key`: what the name's Durable Object
 * says a keyed request is to do, and the answers it keeps for retries
 * (idempotency-records.ts has the rules). A stored version or a delete
 * records its answer in the same step as the write (`saveModel`,
 * `deleteModel`); an error that stored nothing records it here.
 */
import type {
  Admission,
  IdempotencyScope,
  RecordedAnswer,
} from "./idempotency-records";
import type { StoreBindings } from "./model-store";

/** What a write to `name` with this key and request digest is to do. */
export function admitWrite(
  store: StoreBindings,
  name: string,
  scope: IdempotencyScope,
  digest: string,
): Promise<Admission> {
  return store.MODEL_VERSIONS.getByName(name).admit(name, scope, digest);
}

/** Keeps the answer of a keyed write that stored nothing (a 4xx error). */
export function recordAnswer(
  store: StoreBindings,
  name: string,
  scope: IdempotencyScope,
  answer: RecordedAnswer,
): Promise<void> {
  return store.MODEL_VERSIONS.getByName(name).answered(name, scope, answer);
}

/** Forgets a keyed write that failed by a fault of the service, so that a retry runs. */
export function releaseWrite(
  store: StoreBindings,
  name: string,
  scope: IdempotencyScope,
): Promise<void> {
  return store.MODEL_VERSIONS.getByName(name).release(name, scope);
}
