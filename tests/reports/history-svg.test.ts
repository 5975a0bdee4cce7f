/**
 * The training-history chart: well-formed standalone SVG, real axes, every
 * point inside the plot.
 */
import { describe, expect, it } from "vitest";
import type { EpochLog } from "../../src/engine/epoch-history";
import { historySvg } from "../../src/reports/history-svg";
import { findAll, parseXml, pathPoints, type XmlElement } from "./xml";

// The lab's diabetes run, epochs 0..100 logged every 10 (README.md).
const costs = [
  0.693147, 0.572727, 0.539493, 0.519708, 0.50637, 0.49683, 0.489692, 0.48418,
  0.479812, 0.476276, 0.473363,
];
const history: EpochLog[] = costs.map((cost, k) => ({
  epoch: 10 * k,
  cost,
  accuracy: 0.6535 + 0.0113 * k,
}));

function texts(root: XmlElement, groupClass: string): string[] {
  const group = findAll(root, "g").find(
    (g) => g.attributes.class === groupClass,
  );
  return group ? findAll(group, "text").map((t) => t.text) : [];
}

/** The plot area's edges, read from the first and last grid lines. */
function plotBounds(root: XmlElement) {
  const lines = (cls: string) =>
    findAll(root, "g")
      .filter((g) => g.attributes.class === cls)
      .flatMap((g) => findAll(g, "line"));
  const xs = lines("x-axis").map((l) => Number(l.attributes.x1));
  const ys = lines("y-axis").map((l) => Number(l.attributes.y1));
  return {
    left: Math.min(...xs),
    right: Math.max(...xs),
    top: Math.min(...ys),
    bottom: Math.max(...ys),
  };
}

function expectInside(root: XmlElement): void {
  const b = plotBounds(root);
  const points = [
    ...findAll(root, "path").flatMap((p) => pathPoints(p.attributes.d)),
    ...findAll(root, "circle").map(
      (c) => [Number(c.attributes.cx), Number(c.attributes.cy)] as const,
    ),
  ];
  expect(points.length).toBeGreaterThan(0);
  for (const [x, y] of points) {
    expect(x).toBeGreaterThanOrEqual(b.left - 0.01);
    expect(x).toBeLessThanOrEqual(b.right + 0.01);
    expect(y).toBeGreaterThanOrEqual(b.top - 0.01);
    expect(y).toBeLessThanOrEqual(b.bottom + 0.01);
  }
}

describe("historySvg", () => {
  const svg = historySvg(history);
  const root = parseXml(svg);

  it("is a standalone 640 × 400 SVG with no NaN, scripts or fonts", () => {
    expect(root.name).toBe("svg");
    expect(root.attributes).toMatchObject({
      xmlns: "http://www.w3.org/2000/svg",
      width: "640",
      height: "400",
      viewBox: "0 0 640 400",
      "font-family": "sans-serif",
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined|<script|@font-face|href/);
  });

  it("labels the epoch, cost and accuracy axes with nice ticks", () => {
    expect(texts(root, "x-axis")).toEqual([
      "0",
      "20",
      "40",
      "60",
      "80",
      "100",
      "epoch",
    ]);
    expect(texts(root, "y-axis")).toEqual([
      "0.45",
      "0.50",
      "0.55",
      "0.60",
      "0.65",
      "0.70",
      "cost",
    ]);
    // accuracy 65.35% .. 76.65%
    expect(texts(root, "y2-axis")).toEqual([
      "65%",
      "70%",
      "75%",
      "80%",
      "accuracy",
    ]);
  });

  it("has a title and a legend of cost and accuracy", () => {
    expect(findAll(root, "title")[0].text).toBe("Training history");
    expect(texts(root, "legend")).toEqual(["cost", "accuracy"]);
  });

  it("draws a line and dots for each series, inside the plot", () => {
    const paths = findAll(root, "path");
    expect(paths).toHaveLength(2);
    for (const p of paths) expect(pathPoints(p.attributes.d)).toHaveLength(11);
    expect(findAll(root, "circle")).toHaveLength(22);
    expectInside(root);
  });

  it("draws a validation series dashed, and says so in the legend", () => {
    const validation = history.map((log) => ({
      ...log,
      cost: log.cost + 0.02,
      accuracy: log.accuracy - 0.03,
    }));
    const withValidation = parseXml(historySvg(history, { validation }));
    const dashed = findAll(withValidation, "path").filter(
      (p) => p.attributes["stroke-dasharray"],
    );
    expect(dashed).toHaveLength(2);
    expect(texts(withValidation, "legend")).toEqual([
      "cost",
      "accuracy",
      "training",
      "validation",
    ]);
    expectInside(withValidation);
  });

  it("escapes the title", () => {
    const title = `diabetes <v1> & "friends"`;
    const svgText = historySvg(history, { title });
    expect(svgText).toContain("diabetes &lt;v1&gt; &amp; &quot;friends&quot;");
    expect(findAll(parseXml(svgText), "title")[0].text).toBe(title);
  });

  it("draws a single logged epoch as dots on a real axis", () => {
    const one = historySvg([{ epoch: 0, cost: 0.693147, accuracy: 1 }]);
    expect(one).not.toMatch(/NaN|Infinity/);
    const r = parseXml(one);
    expect(texts(r, "x-axis")).toEqual(["0", "1", "epoch"]);
    expect(texts(r, "y2-axis")).toContain("100.0%");
    expect(findAll(r, "circle")).toHaveLength(2);
    expectInside(r);
  });

  it("leaves out dots on long histories", () => {
    const long = Array.from({ length: 1001 }, (_, e) => ({
      epoch: e * 100,
      cost: 1 / (1 + e),
      accuracy: 0.5 + e / 2002,
    }));
    const r = parseXml(historySvg(long));
    expect(findAll(r, "circle")).toHaveLength(0);
    expect(texts(r, "x-axis")).toContain("100000");
    expectInside(r);
  });
});
