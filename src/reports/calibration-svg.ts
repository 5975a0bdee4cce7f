/**
 * The reliability diagram as an SVG chart: each non-empty bin's fraction of
 * positives against its mean predicted probability (sklearn's
 * `calibration_curve`, 10 uniform bins), the diagonal of a perfectly
 * calibrated model, and the Brier score in the title and legend.
 */
import { calibrationCurve, type Calibration } from "../engine/calibration";
import { SQUARE, squarePlot } from "./square-plot";
import { coord, legend, linePath, markers, svgDocument } from "./svg-chart";

/** What `calibrationSvg` draws besides the bins. */
export interface CalibrationSvgOptions {
  /** The chart's title; "Reliability diagram (Brier score = …)" when absent. */
  title?: string;
}

const { curveColor, referenceColor: diagonalColor, dash, legendX } = SQUARE;

/**
 * A 640 × 400 standalone SVG of `calibration`: a marker a non-empty bin at
 * (mean predicted probability, fraction of positives), joined in bin order,
 * with the rows in each bin written beside the plot.
 */
export function calibrationSvg(
  calibration: Calibration,
  options: CalibrationSvgOptions = {},
): string {
  const curve = calibrationCurve(calibration);
  const square = squarePlot(
    "mean predicted probability",
    "fraction of positives",
  );
  const { x, y } = square;
  const { top } = SQUARE.plot;
  const points = curve.meanPredicted.map(
    (p, k) => [x(p), y(curve.fractionPositive[k])] as const,
  );
  const brier = calibration.brierScore.toFixed(4);
  const title = options.title ?? `Reliability diagram (Brier score = ${brier})`;
  const rows = calibration.counts.map(
    (count, k) =>
      `<text x="${coord(legendX)}" y="${coord(top + 80 + 16 * k)}">${(k / 10).toFixed(1)}–${((k + 1) / 10).toFixed(1)}: ${count} rows</text>`,
  );
  return svgDocument(SQUARE.width, SQUARE.height, title, [
    ...square.axes,
    square.reference([0, 0], [1, 1]),
    linePath(points, curveColor),
    markers(points, curveColor),
    legend(
      legendX,
      top + 16,
      [
        { label: `model (Brier score = ${brier})`, color: curveColor },
        { label: "perfectly calibrated", color: diagonalColor, dash },
      ],
      "column",
    ),
    ...rows,
  ]);
}
