/**
 * `trainLinear` with its history as the API gives it (one `EpochLog` an
 * iteration, epoch-history.ts's `historyLogs`), for the tests that read a
 * training's history entry by entry.
 */
import type { Dataset } from "../../src/engine/dataset";
import { historyLogs, type EpochLog } from "../../src/engine/epoch-history";
import {
  trainLinear,
  type LinearFit,
  type TrainOptions,
} from "../../src/engine/train";

/** What `trainLinear` gives, its history as logs. */
export type LoggedFit = Omit<LinearFit, "history"> & {
  readonly history: EpochLog[];
};

/** `trainLinear(data, options)`, its history as `historyLogs` gives it. */
export function trainLogs(data: Dataset, options: TrainOptions): LoggedFit {
  const fit = trainLinear(data, options);
  return { ...fit, history: historyLogs(fit.history) };
}
