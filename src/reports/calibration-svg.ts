/**
 * The reliability diagram as an SVG chart: each non-empty bin's fraction of
 * positives against its mean predicted probability (sklearn's
 * `calibration_curve`, 10 uniform bins), the diagonal of a perfectly
 * calibrated model, and the Brier score in the title and legend.
 */
import { calibrationCurve, type Calibration } from "../engine/calibration";
import { niceTicks } from "./nice-ticks";
import {
  bottomAxis,
  coord,
  legend,
  linePath,
  markers,
  sideAxis,
  svgDocument,
  type PlotArea,
} from "./svg-chart";

/** What `calibrationSvg` draws besides the bins. */
export interface CalibrationSvgOptions {
  /** The chart's title; "Reliability diagram (Brier score = …)" when absent. */
  title?: string;
}

const width = 640;
const height = 400;
const plot: PlotArea = { left: 96, top: 48, width: 296, height: 296 };
const curveColor = "#1f6fb4";
const diagonalColor = "#888";
const dash = "6 4";

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
  const ticks = niceTicks(0, 1, 5);
  const bottom = plot.top + plot.height;
  const x = (p: number): number => plot.left + p * plot.width;
  const y = (fraction: number): number => bottom - fraction * plot.height;
  const points = curve.meanPredicted.map(
    (p, k) => [x(p), y(curve.fractionPositive[k])] as const,
  );
  const brier = calibration.brierScore.toFixed(4);
  const title = options.title ?? `Reliability diagram (Brier score = ${brier})`;
  const legendX = plot.left + plot.width + 32;
  const rows = calibration.counts.map(
    (count, k) =>
      `<text x="${coord(legendX)}" y="${coord(plot.top + 80 + 16 * k)}">${(k / 10).toFixed(1)}–${((k + 1) / 10).toFixed(1)}: ${count} rows</text>`,
  );
  return svgDocument(width, height, title, [
    bottomAxis(plot, ticks, "mean predicted probability"),
    sideAxis(plot, ticks, "fraction of positives", "left", { grid: true }),
    linePath(
      [
        [x(0), y(0)],
        [x(1), y(1)],
      ],
      diagonalColor,
      dash,
    ),
    linePath(points, curveColor),
    markers(points, curveColor),
    legend(
      legendX,
      plot.top + 16,
      [
        { label: `model (Brier score = ${brier})`, color: curveColor },
        { label: "perfectly calibrated", color: diagonalColor, dash },
      ],
      "column",
    ),
    ...rows,
  ]);
}
