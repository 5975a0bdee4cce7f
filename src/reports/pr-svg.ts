/**
 * The precision–recall curve as an SVG chart: precision against recall on a
 * square plot, drawn as the steps `average_precision_score` integrates,
 * with the average precision in the title and legend and the precision of
 * a model that knows nothing (the positives' share) as a dashed line.
 */
import { classTotals, type ScoreCurve } from "../engine/score-curve";
import { averagePrecision } from "../engine/threshold-choice";
import { SQUARE, squarePlot } from "./square-plot";
import { coord, legend, linePath, svgDocument } from "./svg-chart";

/** What `prSvg` draws besides the curve. */
export interface PrSvgOptions {
  /** The chart's title; "Precision–recall curve (AP = …)" when absent. */
  title?: string;
}

const { curveColor, referenceColor: chanceColor, dash, legendX } = SQUARE;

/**
 * A 640 × 400 standalone SVG of the precision–recall curve of `curve`
 * (score-curve.ts): from the highest threshold down, recall R_k = tp_k / P
 * and precision P_k = tp_k / (tp_k + fp_k) (sklearn's
 * `precision_recall_curve`), a step up to R_k at height P_k each, so the
 * area under the steps is the average precision Σ (R_k − R_{k−1})·P_k.
 * Points closer than a hundredth of a pixel are drawn once.
 */
export function prSvg(curve: ScoreCurve, options: PrSvgOptions = {}): string {
  const ap = averagePrecision(curve);
  const { positives, negatives } = classTotals(curve);
  const chance = positives / (positives + negatives);
  const square = squarePlot("recall", "precision");
  const { x, y } = square;
  const points: [number, number][] = [[x(0), y(1)]];
  let recallBefore = 0;
  const add = (px: number, py: number) => {
    const [lx, ly] = points[points.length - 1];
    if (coord(lx) !== coord(px) || coord(ly) !== coord(py)) {
      points.push([px, py]);
    }
  };
  for (let k = 0; k < curve.thresholds.length; k++) {
    const recall = positives > 0 ? curve.tps[k] / positives : 0;
    const precision = curve.tps[k] / (curve.tps[k] + curve.fps[k]);
    add(x(recallBefore), y(precision));
    add(x(recall), y(precision));
    recallBefore = recall;
  }
  const apText = ap.toFixed(3);
  const title = options.title ?? `Precision–recall curve (AP = ${apText})`;
  return svgDocument(SQUARE.width, SQUARE.height, title, [
    ...square.axes,
    square.reference([0, chance], [1, chance]),
    linePath(points, curveColor),
    legend(
      legendX,
      SQUARE.plot.top + 16,
      [
        { label: `model (AP = ${apText})`, color: curveColor },
        {
          label: `chance (AP = ${chance.toFixed(3)})`,
          color: chanceColor,
          dash,
        },
      ],
      "column",
    ),
  ]);
}
