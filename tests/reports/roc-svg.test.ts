/**
 * The ROC chart: well-formed standalone SVG, the curve inside a square plot,
 * the diagonal, the AUC in title and legend.
 */
import { describe, expect, it } from "vitest";
import { rocCurve, rocCurveJson } from "../../src/engine/roc";
import { rocSvg } from "../../src/reports/roc-svg";
import { findAll, parseXml, pathPoints, type XmlElement } from "./xml";

// The roc_curve docstring example: AUC 0.75.
const curve = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);

function axisTexts(root: XmlElement, cls: string): string[] {
  return findAll(root, "g")
    .filter((g) => g.attributes.class === cls)
    .flatMap((g) => findAll(g, "text").map((t) => t.text));
}

describe("rocSvg", () => {
  const svg = rocSvg(curve, 0.75);
  const root = parseXml(svg);

  it("is a standalone 640 × 400 SVG with no NaN", () => {
    expect(root.attributes).toMatchObject({
      xmlns: "http://www.w3.org/2000/svg",
      width: "640",
      height: "400",
      viewBox: "0 0 640 400",
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined|<script/);
  });

  it("puts the AUC in the title and the legend", () => {
    expect(findAll(root, "title")[0].text).toBe("ROC curve (AUC = 0.750)");
    const legend = findAll(root, "g").find(
      (g) => g.attributes.class === "legend",
    );
    expect(findAll(legend!, "text").map((t) => t.text)).toEqual([
      "model (AUC = 0.750)",
      "chance (AUC = 0.500)",
    ]);
  });

  it("has rate axes from 0 to 1 by 0.2", () => {
    const ticks = ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"];
    expect(axisTexts(root, "x-axis")).toEqual([
      ...ticks,
      "false positive rate",
    ]);
    expect(axisTexts(root, "y-axis")).toEqual([...ticks, "true positive rate"]);
  });

  it("draws the curve's corners and the diagonal inside a square plot", () => {
    const paths = findAll(root, "path");
    const diagonal = paths.find((p) => p.attributes["stroke-dasharray"])!;
    const [[x0, y0], [x1, y1]] = pathPoints(diagonal.attributes.d);
    expect(x1 - x0).toBe(y0 - y1);
    const line = paths.find(
      (p) => p.attributes.fill === "none" && !p.attributes["stroke-dasharray"],
    )!;
    const points = pathPoints(line.attributes.d);
    expect(points).toHaveLength(5);
    const size = x1 - x0;
    const expected = [
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ];
    points.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(x0 + expected[k][0] * size, 2);
      expect(y).toBeCloseTo(y0 - expected[k][1] * size, 2);
    });
  });

  it("draws the JSON form (null first threshold) the same", () => {
    expect(rocSvg(rocCurveJson(curve), 0.75)).toBe(svg);
  });

  it("draws no curve and says why when the AUC is undefined", () => {
    const one = rocSvg(rocCurveJson(rocCurve([0.2, 0.7], [1, 1])), null);
    expect(one).not.toMatch(/NaN|Infinity/);
    const r = parseXml(one);
    expect(findAll(r, "title")[0].text).toBe("ROC curve (AUC undefined)");
    expect(findAll(r, "path")).toHaveLength(1);
    expect(one).toContain("only one class in the labels");
  });

  it("escapes a given title", () => {
    const title = "diabetes <v2> & co";
    const text = rocSvg(curve, 0.75, { title });
    expect(text).toContain("diabetes &lt;v2&gt; &amp; co");
    expect(findAll(parseXml(text), "title")[0].text).toBe(title);
  });
});
