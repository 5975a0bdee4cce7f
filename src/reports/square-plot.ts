/**
 * The layout of the pictures whose two axes both run from 0 to 1 (the ROC
 * curve, the precision–recall curve, the reliability diagram): 640 × 400, a
 * square plot with a legend to its right, the model's line in one colour
 * and a dashed reference line (chance, or perfect calibration) in grey.
 */
import { niceTicks } from "./nice-ticks";
import { bottomAxis, linePath, sideAxis, type PlotArea } from "./svg-chart";

/** The sizes and colours the square pictures share. */
export const SQUARE = {
  width: 640,
  height: 400,
  plot: { left: 96, top: 48, width: 296, height: 296 } as PlotArea,
  /** Where the legend starts, right of the plot. */
  legendX: 96 + 296 + 32,
  curveColor: "#1f6fb4",
  referenceColor: "#888",
  dash: "6 4",
} as const;

/** A square plot's scales, axes and reference line. */
export interface SquarePlot {
  /** The pixel x of a value 0..1. */
  x(value: number): number;
  /** The pixel y of a value 0..1. */
  y(value: number): number;
  /** The pixel y of the plot's bottom edge. */
  readonly bottom: number;
  /** Both axes, with ticks at 0, 0.2, ..., 1, and a grid. */
  readonly axes: string[];
  /** The dashed grey line from `from` to `to`, in values 0..1. */
  reference(
    from: readonly [number, number],
    to: readonly [number, number],
  ): string;
}

/** The square plot with `xTitle` under it and `yTitle` to its left. */
export function squarePlot(xTitle: string, yTitle: string): SquarePlot {
  const { plot } = SQUARE;
  const ticks = niceTicks(0, 1, 5);
  const bottom = plot.top + plot.height;
  const x = (value: number): number => plot.left + value * plot.width;
  const y = (value: number): number => bottom - value * plot.height;
  return {
    x,
    y,
    bottom,
    axes: [
      bottomAxis(plot, ticks, xTitle),
      sideAxis(plot, ticks, yTitle, "left", { grid: true }),
    ],
    reference: (from, to) =>
      linePath(
        [
          [x(from[0]), y(from[1])],
          [x(to[0]), y(to[1])],
        ],
        SQUARE.referenceColor,
        SQUARE.dash,
      ),
  };
}
