/**
 * A final pass (final-pass.ts) as a checkpoint holds it between a job's
 * steps: plain data for `structuredClone` (typed arrays, numbers, arrays),
 * with each score summary's histogram packed to its non-empty bins
 * (score-histogram.ts's `packScoreHistogram`, 12 bytes a bin) instead of
 * its 2,080,776 bytes of bins. What the exact path keeps (5 bytes a row,
 * at most `EXACT_SCORE_ROWS` rows a set) and the K-output sums are kept as
 * they are.
 */
import type { FinalPass, RowMeasures } from "./final-pass";
import {
  packScoreHistogram,
  unpackScoreHistogram,
  type PackedScoreHistogram,
} from "./score-histogram";
import type { ScoreSummary } from "./score-summary";

/** A score summary with its histogram packed. */
export type PackedScoreSummary = Omit<ScoreSummary, "histogram"> & {
  readonly histogram: PackedScoreHistogram;
};

/** A set's measures with its summary, if any, packed. */
export type PackedRowMeasures = Omit<RowMeasures, "summary"> & {
  readonly summary: PackedScoreSummary | null;
};

/** A final pass as a checkpoint stores it. */
export type PackedFinalPass = Omit<FinalPass, "training" | "validation"> & {
  readonly training: PackedRowMeasures;
  readonly validation: PackedRowMeasures | null;
};

/**
 * `pass` with its histograms packed; the rest shared with `pass`, not
 * copied (a store clones it).
 */
export function packFinalPass(pass: FinalPass): PackedFinalPass {
  return {
    ...pass,
    training: packRows(pass.training),
    validation: pass.validation && packRows(pass.validation),
  };
}

/** The pass `packed` holds, ready for more rows; shares its arrays. */
export function unpackFinalPass(packed: PackedFinalPass): FinalPass {
  return {
    ...packed,
    training: unpackRows(packed.training),
    validation: packed.validation && unpackRows(packed.validation),
  };
}

function packRows(rows: RowMeasures): PackedRowMeasures {
  const { summary } = rows;
  return {
    ...rows,
    summary: summary && {
      ...summary,
      histogram: packScoreHistogram(summary.histogram),
    },
  };
}

function unpackRows(rows: PackedRowMeasures): RowMeasures {
  const { summary } = rows;
  return {
    ...rows,
    summary: summary && {
      ...summary,
      histogram: unpackScoreHistogram(summary.histogram),
    },
  };
}
