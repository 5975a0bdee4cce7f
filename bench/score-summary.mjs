/**
 * The final metrics of one set of 3,000,000 rows past the exact bound, in
 * Node: the score summary (src/engine/score-summary.ts) filled a block of
 * 65,536 rows at a time as a job's steps fill it, then finished
 * (`summaryMeasures`: ROC curve and AUC with its bound, score curve,
 * calibration); beside it the exact path on the same scores (one sort:
 * scoreCurve, binaryModelMetrics, rowScores), its AUC the reference.
 * Prints times, the memory each finish adds, and the checkpoint's size.
 *
 * Usage: node --expose-gc bench/score-summary.mjs [rows] [seed]
 * Not run by `npm test`.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "./wasm-modules.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "out");
mkdirSync(out, { recursive: true });
const bundle = join(out, "score-summary.mjs");
await bundleForNode(join(here, "score-summary-entry.ts"), bundle);
const engine = await import(pathToFileURL(bundle).href);

const rows = Number(process.argv[2] ?? 3_000_000);
const seed = Number(process.argv[3] ?? 1);
const BLOCK = 65_536;

// Scores as a model gives them: σ(z) of a normal logit, float32; labels
// drawn from them. Every tenth row ties on a grid of 1001 values.
const gen = new engine.Mt19937(seed);
const uniform = () => (gen.nextUint32() + 0.5) / 2 ** 32;
const scores = new Float32Array(rows);
const labels = new Uint8Array(rows);
for (let i = 0; i < rows; i++) {
  const z =
    2 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const p = 1 / (1 + Math.exp(-z));
  scores[i] = i % 10 === 0 ? Math.round(p * 1000) / 1000 : p;
  labels[i] = uniform() < scores[i] ? 1 : 0;
}

const gc = globalThis.gc ?? (() => {});
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

/**
 * Runs `f`: its answer, ms, and the memory (heap and array buffers) above
 * the start right after it: its answer and its garbage not yet collected,
 * a lower bound of its peak.
 */
function measure(f) {
  gc();
  const before = used();
  const t0 = performance.now();
  const answer = f();
  const ms = performance.now() - t0;
  return { answer, ms, added: used() - before };
}

const summary = engine.scoreSummary(0.5);
const adding = measure(() => {
  for (let at = 0; at < rows; at += BLOCK) {
    const end = Math.min(at + BLOCK, rows);
    engine.addToSummary(
      summary,
      scores.subarray(at, end),
      labels.subarray(at, end),
    );
  }
});
const binned = measure(() => engine.summaryMeasures(summary));
const packed = measure(() => engine.packScoreHistogram(summary.histogram));
const packedBytes =
  packed.answer.bins.byteLength +
  packed.answer.positives.byteLength +
  packed.answer.negatives.byteLength;
const exact = measure(() => {
  const curve = engine.scoreCurve(scores, labels);
  return {
    metrics: engine.binaryModelMetrics(scores, labels, 0.5, curve),
    scores: engine.rowScores(scores, labels, curve),
  };
});

const b = binned.answer.metrics;
const e = exact.answer.metrics;
const lines = [
  `rows ${rows}, Node ${process.version}`,
  `adding, ${Math.ceil(rows / BLOCK)} blocks of ${BLOCK}: ${adding.ms.toFixed(0)} ms`,
  `histogram finish: ${binned.ms.toFixed(0)} ms, +${mb(binned.added)} MB (state ${mb(summary.histogram.positives.byteLength * 2)} MB)`,
  `exact finish:     ${exact.ms.toFixed(0)} ms, +${mb(exact.added)} MB (state ${mb(rows * 5)} MB)`,
  `rocAuc ${b.rocAuc} (exact ${e.rocAuc}): off ${Math.abs(b.rocAuc - e.rocAuc).toExponential(2)}, bound rocAucError ${b.rocAucError.toExponential(2)}`,
  `logLoss ${b.logLoss} (exact ${e.logLoss}), accuracy ${b.accuracy} (exact ${e.accuracy})`,
  `stored curve: ${binned.answer.scores.curve.thresholds.length} vertices, maxCountError ${binned.answer.scores.curve.step - 1} (exact path: ${exact.answer.scores.curve.step - 1})`,
  `checkpoint: ${packed.answer.bins.length} non-empty bins, ${mb(packedBytes)} MB packed (${packed.ms.toFixed(0)} ms)`,
];
console.log(lines.join("\n"));
if (Math.abs(b.rocAuc - e.rocAuc) > b.rocAucError + 1e-15) {
  console.error("the binned AUC is off by more than its bound");
  process.exit(1);
}
