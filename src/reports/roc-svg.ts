/**
 * The ROC curve as an SVG chart: true against false positive rate on a
 * square plot, the chance diagonal, and the AUC in the title and legend.
 */
import {
  bottomAxis,
  coord,
  legend,
  linePath,
  sideAxis,
  svgDocument,
  type PlotArea,
} from "./svg-chart";
import { niceTicks } from "./nice-ticks";

/**
 * The points of an ROC curve: `RocCurve` or its JSON form `RocCurveJson`
 * from src/engine/roc.ts. A null or NaN rate is left out of the line.
 */
export interface RocPoints {
  readonly fpr: ArrayLike<number | null>;
  readonly tpr: ArrayLike<number | null>;
}

/** What `rocSvg` draws besides the curve. */
export interface RocSvgOptions {
  /** The chart's title; "ROC curve (AUC = …)" when absent. */
  title?: string;
}

const width = 640;
const height = 400;
const plot: PlotArea = { left: 96, top: 48, width: 296, height: 296 };
const curveColor = "#1f6fb4";
const chanceColor = "#888";
const dash = "6 4";

/**
 * A 640 × 400 standalone SVG of an ROC curve with area `auc` (as
 * `rocAuc` gives it; null when the labels held one class, drawn as no curve).
 * The area under the curve is shaded, so it reads as the AUC.
 */
export function rocSvg(
  curve: RocPoints,
  auc: number | null,
  options: RocSvgOptions = {},
): string {
  const ticks = niceTicks(0, 1, 5);
  const bottom = plot.top + plot.height;
  const x = (fpr: number): number => plot.left + fpr * plot.width;
  const y = (tpr: number): number => bottom - tpr * plot.height;
  const points: (readonly [number, number])[] = [];
  for (let k = 0; k < curve.fpr.length; k++) {
    points.push([x(curve.fpr[k] ?? NaN), y(curve.tpr[k] ?? NaN)]);
  }
  const finite = points.filter(
    ([px, py]) => Number.isFinite(px) && Number.isFinite(py),
  );
  const aucText = auc === null ? "" : auc.toFixed(3);
  const title =
    options.title ??
    (auc === null
      ? "ROC curve (AUC undefined)"
      : `ROC curve (AUC = ${aucText})`);

  const body = [
    bottomAxis(plot, ticks, "false positive rate"),
    sideAxis(plot, ticks, "true positive rate", "left", { grid: true }),
    linePath(
      [
        [x(0), y(0)],
        [x(1), y(1)],
      ],
      chanceColor,
      dash,
    ),
  ];
  if (auc !== null && finite.length > 1) {
    const outline = finite.map(([px, py]) => `L${coord(px)} ${coord(py)}`);
    body.push(
      `<path d="M${coord(x(0))} ${coord(bottom)}${outline.join("")}L${coord(x(1))} ${coord(bottom)}Z" fill="${curveColor}" fill-opacity="0.12" stroke="none"/>`,
      linePath(points, curveColor),
    );
  }
  const legendX = plot.left + plot.width + 32;
  const chance = { label: "chance (AUC = 0.500)", color: chanceColor, dash };
  if (auc === null) {
    body.push(
      legend(legendX, plot.top + 16, [chance], "column"),
      `<text x="${coord(legendX)}" y="${coord(plot.top + 48)}">only one class in the labels:</text>`,
      `<text x="${coord(legendX)}" y="${coord(plot.top + 66)}">no curve, no AUC</text>`,
    );
  } else {
    const model = { label: `model (AUC = ${aucText})`, color: curveColor };
    body.push(legend(legendX, plot.top + 16, [model, chance], "column"));
  }
  return svgDocument(width, height, title, body);
}
