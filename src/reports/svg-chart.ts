/**
 * The pieces every SVG chart of a report shares: XML escaping, axes with
 * ticks (from nice-ticks.ts) and grid lines, line paths and a legend.
 *
 * Output is plain standalone SVG 1.1 text: no scripts, no external fonts
 * (the generic `sans-serif`), so it renders the same in a browser, an <img>
 * tag or rsvg-convert.
 */
import { formatTick, linearScale, type Ticks } from "./nice-ticks";

/** The plot area inside a chart, in SVG user units (y grows downward). */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One line in a legend. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  /** An SVG `stroke-dasharray`, for a dashed line. */
  readonly dash?: string;
}

/** Text colour, and the colours of axes and grid lines. */
const ink = "#222";
const axisColor = "#555";
const gridColor = "#e3e3e3";

/** `text` safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A coordinate with at most two decimals, the precision a screen needs. */
export function coord(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * The horizontal axis under `plot`: vertical grid lines, ticks, their labels
 * and the axis title.
 */
export function bottomAxis(
  plot: PlotArea,
  ticks: Ticks,
  title: string,
): string {
  const x = linearScale(ticks.lo, ticks.hi, plot.left, plot.left + plot.width);
  const bottom = plot.top + plot.height;
  const parts = ticks.values.map((v) => {
    const px = coord(x(v));
    return (
      `<line x1="${px}" y1="${coord(plot.top)}" x2="${px}" y2="${coord(bottom)}" stroke="${gridColor}"/>` +
      `<line x1="${px}" y1="${coord(bottom)}" x2="${px}" y2="${coord(bottom + 5)}" stroke="${axisColor}"/>` +
      `<text x="${px}" y="${coord(bottom + 18)}" text-anchor="middle">${escapeXml(formatTick(v, ticks.step))}</text>`
    );
  });
  parts.push(
    `<line x1="${coord(plot.left)}" y1="${coord(bottom)}" x2="${coord(plot.left + plot.width)}" y2="${coord(bottom)}" stroke="${axisColor}"/>`,
    `<text x="${coord(plot.left + plot.width / 2)}" y="${coord(bottom + 38)}" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
  );
  return `<g class="x-axis">${parts.join("")}</g>`;
}

/**
 * A vertical axis on the `side` of `plot`: ticks, labels, the axis title
 * (rotated, in `color`), and horizontal grid lines when `grid` is set.
 */
export function sideAxis(
  plot: PlotArea,
  ticks: Ticks,
  title: string,
  side: "left" | "right",
  options: { grid?: boolean; color?: string; unit?: string } = {},
): string {
  const y = linearScale(ticks.lo, ticks.hi, plot.top + plot.height, plot.top);
  const edge = side === "left" ? plot.left : plot.left + plot.width;
  const out = side === "left" ? -1 : 1;
  const anchor = side === "left" ? "end" : "start";
  const parts = ticks.values.map((v) => {
    const py = coord(y(v));
    const label = formatTick(v, ticks.step) + (options.unit ?? "");
    const grid = options.grid
      ? `<line x1="${coord(plot.left)}" y1="${py}" x2="${coord(plot.left + plot.width)}" y2="${py}" stroke="${gridColor}"/>`
      : "";
    return (
      grid +
      `<line x1="${coord(edge)}" y1="${py}" x2="${coord(edge + 5 * out)}" y2="${py}" stroke="${axisColor}"/>` +
      `<text x="${coord(edge + 8 * out)}" y="${py}" dy="0.35em" text-anchor="${anchor}">${escapeXml(label)}</text>`
    );
  });
  // Rotated -90° on both sides so both read bottom to top; the glyphs then
  // lie left of the baseline, hence the wider offset on the right.
  const titleX = coord(edge + (side === "left" ? -50 : 60));
  const titleY = coord(plot.top + plot.height / 2);
  parts.push(
    `<line x1="${coord(edge)}" y1="${coord(plot.top)}" x2="${coord(edge)}" y2="${coord(plot.top + plot.height)}" stroke="${axisColor}"/>`,
    `<text x="${titleX}" y="${titleY}" transform="rotate(-90 ${titleX} ${titleY})" text-anchor="middle" font-size="13" fill="${options.color ?? ink}">${escapeXml(title)}</text>`,
  );
  return `<g class="${side === "left" ? "y-axis" : "y2-axis"}">${parts.join("")}</g>`;
}

/**
 * An SVG path through `points` (already in SVG units); a non-finite point
 * breaks the line rather than drawing to NaN. Empty when no point is finite.
 */
export function linePath(
  points: readonly (readonly [number, number])[],
  color: string,
  dash?: string,
): string {
  let d = "";
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${coord(x)} ${coord(y)}`;
    pen = true;
  }
  if (d === "") return "";
  const dashed = dash ? ` stroke-dasharray="${dash}"` : "";
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${dashed}/>`;
}

/** Small dots at `points`, for series too short to read as a line. */
export function markers(
  points: readonly (readonly [number, number])[],
  color: string,
): string {
  return points
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .map(
      ([x, y]) =>
        `<circle cx="${coord(x)}" cy="${coord(y)}" r="3" fill="${color}"/>`,
    )
    .join("");
}

/**
 * A legend of line samples and labels starting at (x, y): in one row, each
 * entry as wide as its label needs (estimated at 7 units a character), or
 * in a column.
 */
export function legend(
  x: number,
  y: number,
  items: readonly LegendItem[],
  layout: "row" | "column" = "row",
): string {
  let dx = 0;
  let dy = 0;
  const parts = items.map((item) => {
    const dash = item.dash ? ` stroke-dasharray="${item.dash}"` : "";
    const sx = x + dx;
    const sy = y + dy;
    const entry =
      `<line x1="${coord(sx)}" y1="${coord(sy)}" x2="${coord(sx + 24)}" y2="${coord(sy)}" stroke="${item.color}" stroke-width="2"${dash}/>` +
      `<text x="${coord(sx + 30)}" y="${coord(sy)}" dy="0.35em">${escapeXml(item.label)}</text>`;
    if (layout === "row") dx += 30 + item.label.length * 7 + 20;
    else dy += 20;
    return entry;
  });
  return `<g class="legend">${parts.join("")}</g>`;
}

/**
 * A standalone SVG document of `width` × `height` with a white background,
 * a `<title>` and a visible title at the top, and `body` (SVG text) after.
 */
export function svgDocument(
  width: number,
  height: number,
  title: string,
  body: readonly string[],
): string {
  const t = escapeXml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="12" fill="${ink}" role="img">\n` +
    `<title>${t}</title>\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n` +
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${t}</text>\n` +
    body.filter((part) => part !== "").join("\n") +
    "\n</svg>\n"
  );
}
