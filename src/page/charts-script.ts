/**
 * The page's charts: the service's SVGs (cost curve, ROC curve) fetched with
 * the token and shown from blob: URLs, and the weights drawn in the page as
 * inline SVG, one bar per feature by name.
 */
export const CHARTS_SCRIPT = String.raw`
// A chart into the <img> with id "id": fetched with the token like every call
// (an <img> cannot send one, and with READ_TOKEN set reads need it), shown
// from a blob: URL, the only images the page's CSP lets in (img-src blob:).
// A chart asked for before another model was shown is dropped.
async function chart(id, path) {
  const ticket = showing;
  const response = await fetch(path, { headers: headers({}) });
  if (!response.ok) throw failure(response, await response.text());
  const blob = await response.blob();
  if (ticket === showing) setChart(id, URL.createObjectURL(blob));
}

// Points the <img> "id" at "url" (none when null), freeing the chart it showed.
function setChart(id, url) {
  const img = $(id);
  if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  if (url === null) img.removeAttribute("src");
  else img.src = url;
}

const SVG = "http://www.w3.org/2000/svg";

function svgElement(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

// The weights of "model" (its JSON) as bars, in standardized units when it
// has them; with many classes, those of the class chosen in #weights-class.
// Drawn in percentages of the box's width, so the text keeps its size on any
// screen and only the bars grow or shrink.
function weightsChart(model) {
  const standardized = Boolean(model.standardizedWeights);
  const weights = model.standardizedWeights || model.weights;
  const many = Array.isArray(weights.b);
  const select = $("weights-class");
  $("weights-class-control").hidden = !many;
  if (many && select.dataset.model !== model.name + "@" + model.version) {
    select.textContent = "";
    model.classes.forEach((c, k) => select.append(new Option(String(c), String(k))));
    select.dataset.model = model.name + "@" + model.version;
  }
  const w = many ? weights.w[Number(select.value) || 0] : weights.w;
  const names = model.featureNames || w.map((_, j) => "x" + (j + 1));
  $("weights-note").textContent = standardized
    ? "Change of the logit per standard deviation of each feature (standardized units), bias " + decimal(many ? weights.b[Number(select.value) || 0] : weights.b) + "."
    : "Change of the logit per unit of each feature (the data's units), bias " + decimal(many ? weights.b[Number(select.value) || 0] : weights.b) + ".";
  const lo = Math.min(0, ...w);
  const hi = Math.max(0, ...w);
  const span = hi - lo || 1;
  const left = 40;
  const width = 44;
  const at = (v) => left + (width * (v - lo)) / span;
  const rowHeight = 26;
  const svg = svgElement("svg", { height: String(w.length * rowHeight + 8), role: "img", "aria-label": "weight of each feature" });
  w.forEach((value, j) => {
    const y = 4 + j * rowHeight;
    const name = names[j].length > 18 ? names[j].slice(0, 17) + "…" : names[j];
    const row = svgElement("g", { class: "weight", "data-feature": names[j] });
    row.append(svgElement("title", {}, names[j] + ": " + value));
    row.append(svgElement("text", { x: "38%", y: String(y + 17), "text-anchor": "end" }, name));
    const from = Math.min(at(0), at(value));
    row.append(svgElement("rect", {
      x: from + "%", y: String(y + 4), height: String(rowHeight - 8),
      width: Math.max(Math.abs(at(value) - at(0)), 0.2) + "%",
      fill: value < 0 ? "#cf222e" : "#0969da",
    }));
    row.append(svgElement("text", { x: "100%", y: String(y + 17), "text-anchor": "end" }, value.toFixed(3)));
    svg.append(row);
  });
  svg.append(svgElement("line", { x1: at(0) + "%", x2: at(0) + "%", y1: "0", y2: "100%", stroke: "#555" }));
  const box = $("weights-chart");
  box.textContent = "";
  box.append(svg);
}
`;
