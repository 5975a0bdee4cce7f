/**
 * The training history as an SVG line chart: cost per logged epoch on the
 * left axis, accuracy (in percent) on the right, and optionally a second,
 * dashed, series such as the same numbers on validation data.
 */
import type { EpochLog } from "../engine/epoch-history";
import {
  bottomAxis,
  legend,
  linePath,
  markers,
  sideAxis,
  svgDocument,
  type LegendItem,
  type PlotArea,
} from "./svg-chart";
import { linearScale, niceTicks } from "./nice-ticks";

/** What `historySvg` draws besides the training history. */
export interface HistorySvgOptions {
  /** The chart's title; "Training history" when absent. */
  title?: string;
  /** A second series drawn dashed, e.g. cost and accuracy on held-out data. */
  validation?: readonly EpochLog[];
}

const width = 640;
const height = 400;
const plot: PlotArea = { left: 72, top: 64, width: 488, height: 280 };
const costColor = "#1f6fb4";
const accuracyColor = "#d95f02";
const dashed = "6 4";
// Up to this many points a series also gets a dot per point, so one or two
// logged epochs still show.
const maxMarked = 25;

/**
 * A 640 × 400 standalone SVG of `history`: cost (left axis) and accuracy × 100
 * (right axis, %) against the epoch, with "nice" ticks fitted to the data of
 * both series.
 *
 * @param history the logged epochs, in order; at least one
 */
export function historySvg(
  history: readonly EpochLog[],
  options: HistorySvgOptions = {},
): string {
  const validation = options.validation ?? [];
  const all = [...history, ...validation];
  const epochs = all.map((log) => log.epoch);
  const costs = all.map((log) => log.cost).filter(Number.isFinite);
  const percents = all.map((log) => log.accuracy * 100).filter(Number.isFinite);

  const firstEpoch = Math.min(...epochs);
  const lastEpoch = Math.max(...epochs);
  const xTicks = niceTicks(
    firstEpoch,
    Math.max(lastEpoch, firstEpoch + 1),
    6,
    true,
  );
  const costTicks = niceTicks(Math.min(...costs), Math.max(...costs));
  const accuracyTicks = niceTicks(...percentRange(percents));

  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  const x = linearScale(xTicks.lo, xTicks.hi, plot.left, right);
  const yCost = linearScale(costTicks.lo, costTicks.hi, bottom, plot.top);
  const yAccuracy = linearScale(
    accuracyTicks.lo,
    accuracyTicks.hi,
    bottom,
    plot.top,
  );

  const body = [
    bottomAxis(plot, xTicks, "epoch"),
    sideAxis(plot, costTicks, "cost", "left", { grid: true, color: costColor }),
    sideAxis(plot, accuracyTicks, "accuracy", "right", {
      color: accuracyColor,
      unit: "%",
    }),
  ];
  const series: [readonly EpochLog[], string | undefined][] = [
    [history, undefined],
    [validation, dashed],
  ];
  for (const [logs, dash] of series) {
    const cost = logs.map((l) => [x(l.epoch), yCost(l.cost)] as const);
    const accuracy = logs.map(
      (l) => [x(l.epoch), yAccuracy(l.accuracy * 100)] as const,
    );
    body.push(linePath(cost, costColor, dash));
    body.push(linePath(accuracy, accuracyColor, dash));
    if (logs.length <= maxMarked) {
      body.push(markers(cost, costColor), markers(accuracy, accuracyColor));
    }
  }

  const items: LegendItem[] = [
    { label: "cost", color: costColor },
    { label: "accuracy", color: accuracyColor },
  ];
  if (validation.length > 0) {
    items.push(
      { label: "training", color: "#777" },
      { label: "validation", color: "#777", dash: dashed },
    );
  }
  body.push(legend(plot.left, 44, items));
  return svgDocument(width, height, options.title ?? "Training history", body);
}

/** The data range of accuracies in percent, widened to 1 point if empty. */
function percentRange(percents: number[]): [number, number] {
  const lo = Math.min(...percents);
  const hi = Math.max(...percents);
  if (lo < hi) return [lo, hi];
  return [Math.max(0, lo - 1), Math.min(100, hi + 1)];
}

/**
 * The validation rows' cost and accuracy of each logged epoch of `history`
 * that has them, as a series `historySvg` draws beside the training one.
 */
export function validationHistory(history: readonly EpochLog[]): EpochLog[] {
  return history.flatMap((log) =>
    log.validationCost === undefined
      ? []
      : [
          {
            epoch: log.epoch,
            cost: log.validationCost,
            accuracy: log.validationAccuracy ?? NaN,
          },
        ],
  );
}
