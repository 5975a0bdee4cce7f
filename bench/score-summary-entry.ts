/**
 * What bench/score-summary.mjs times, bundled by it with esbuild: the score
 * summary of a set past the exact bound and the exact path beside it.
 */
export {
  addToSummary,
  scoreSummary,
  summaryMeasures,
} from "../src/engine/score-summary";
export { packScoreHistogram } from "../src/engine/score-histogram";
export { scoreCurve } from "../src/engine/score-curve";
export { rowScores } from "../src/engine/row-scores";
export { binaryModelMetrics } from "../src/engine/linear-model";
export { Mt19937 } from "../src/engine/torch-init";
