/**
 * The page's view of one model version: its name, accuracy and warnings, the
 * metrics panel with the threshold suggestions, the weights, the curves, the
 * versions, the text report and the predict form pointed at it. Showing a
 * model first clears what the page said of the one before (status lines,
 * prediction, explanations).
 */
export const MODEL_VIEW_SCRIPT = String.raw`
let shownModel = null;
// Counts the models asked for, so an answer for one asked before is dropped.
let showing = 0;

// Shows version "version" of model "name" (without one, the version reads
// without ?version= get: serving's, else the newest), and "message" (or
// nothing) in the status line.
async function showModel(name, version, message) {
  const ticket = ++showing;
  show("status", message || "");
  for (const id of ["prediction", "threshold-status", "versions-status", "export-status"]) show(id, "");
  $("explanations").textContent = "";
  $("report").textContent = "";
  $("predict").dataset.model = "";
  const base = "/v1/models/" + encodeURIComponent(name);
  const model = await call("GET", base + (version === undefined ? "" : "?version=" + version));
  const at = "?version=" + model.version;
  const report = await call("GET", base + "/report" + at);
  const two = report.classes.length === 2;
  const suggested = two ? await loadSuggestions(base, at, Object.keys(report.metrics)) : {};
  if (ticket !== showing) return;
  shownModel = model;
  suggestions = suggested;
  $("result").hidden = false;
  $("model-name").textContent = name + " v" + model.version;
  $("accuracy").textContent = percent(report.accuracy);
  warningList(report.warnings);
  metricsTables(report);
  weightsChart(model);
  predictHint(model);
  const text = fetch(base + "/report" + at, { headers: headers({ accept: "text/plain" }) }).then((r) => r.text());
  await Promise.all([curveCharts(base, at, report), versionList(name, model.version)]);
  const lines = await text;
  if (ticket !== showing) return;
  $("report").textContent = lines;
  $("predict").dataset.version = String(model.version);
  $("predict").dataset.model = name;
}

// Hides the view of the model "name" (all of it is gone).
function forgetModel(name) {
  if (!shownModel || shownModel.name !== name) return;
  showing++;
  shownModel = null;
  $("result").hidden = true;
  $("predict").dataset.model = "";
  clearCurves();
}

$("weights-class").addEventListener("change", () => weightsChart(shownModel));

// The model's warnings, one an item: its code, then its message.
function warningList(warnings) {
  const list = $("warnings");
  list.textContent = "";
  for (const w of warnings || []) {
    const item = element("li");
    item.dataset.code = w.code;
    item.append(element("code", w.code), ": " + w.message);
    list.append(item);
  }
  list.hidden = list.children.length === 0;
}
`;
