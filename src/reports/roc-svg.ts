/**
 * The ROC curve as an SVG chart: true against false positive rate on a
 * square plot, the chance diagonal, and the AUC in the title and legend.
 */
import { coord, legend, linePath, svgDocument } from "./svg-chart";
import { SQUARE, squarePlot } from "./square-plot";

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

const { curveColor, referenceColor: chanceColor, dash, legendX } = SQUARE;

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
  const square = squarePlot("false positive rate", "true positive rate");
  const { x, y, bottom } = square;
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

  const { top } = SQUARE.plot;
  const body = [...square.axes, square.reference([0, 0], [1, 1])];
  if (auc !== null && finite.length > 1) {
    const outline = finite.map(([px, py]) => `L${coord(px)} ${coord(py)}`);
    body.push(
      `<path d="M${coord(x(0))} ${coord(bottom)}${outline.join("")}L${coord(x(1))} ${coord(bottom)}Z" fill="${curveColor}" fill-opacity="0.12" stroke="none"/>`,
      linePath(points, curveColor),
    );
  }
  const chance = { label: "chance (AUC = 0.500)", color: chanceColor, dash };
  if (auc === null) {
    body.push(
      legend(legendX, top + 16, [chance], "column"),
      `<text x="${coord(legendX)}" y="${coord(top + 48)}">only one class in the labels:</text>`,
      `<text x="${coord(legendX)}" y="${coord(top + 66)}">no curve, no AUC</text>`,
    );
  } else {
    const model = { label: `model (AUC = ${aucText})`, color: curveColor };
    body.push(legend(legendX, top + 16, [model, chance], "column"));
  }
  return svgDocument(SQUARE.width, SQUARE.height, title, body);
}
