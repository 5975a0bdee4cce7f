/**
 * A final pass (final-pass.ts), or one set's measures (a prediction job's
 * labelled rows), as a checkpoint holds it between a job's steps: plain data for `structuredClone` (typed arrays, numbers, arrays),
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
    training: packRowMeasures(pass.training),
    validation: pass.validation && packRowMeasures(pass.validation),
  };
}

/** The pass `packed` holds, ready for more rows; shares its arrays. */
export function unpackFinalPass(packed: PackedFinalPass): FinalPass {
  return {
    ...packed,
    training: unpackRowMeasures(packed.training),
    validation: packed.validation && unpackRowMeasures(packed.validation),
  };
}

/**
 * A set's measures (final-pass.ts's `rowMeasures`) with its summary's
 * histogram packed; the rest shared with `rows`, not copied.
 */
export function packRowMeasures(rows: RowMeasures): PackedRowMeasures {
  const { summary } = rows;
  return {
    ...rows,
    summary: summary && {
      ...summary,
      histogram: packScoreHistogram(summary.histogram),
    },
  };
}

/** The measures `rows` holds, ready for more rows; shares its arrays. */
export function unpackRowMeasures(rows: PackedRowMeasures): RowMeasures {
  const { summary } = rows;
  return {
    ...rows,
    summary: summary && {
      ...summary,
      histogram: unpackScoreHistogram(summary.histogram),
    },
  };
}
