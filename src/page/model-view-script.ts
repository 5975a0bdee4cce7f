/**
 * The page's view of one model version: its name, accuracy and warnings, the
 * metrics panel, the weights, the curves, the text report and the predict
 * form pointed at it. Showing a model first clears what the page said of the
 * one before (status line, prediction, explanations).
 */
export const MODEL_VIEW_SCRIPT = String.raw`
let shownModel = null;
// Counts the models asked for, so an answer for one asked before is dropped.
let showing = 0;

// Shows version "version" of model "name", and "message" (or nothing) in the
// status line.
async function showModel(name, version, message) {
  const ticket = ++showing;
  show("status", message || "");
  show("prediction", "");
  $("explanations").textContent = "";
  $("report").textContent = "";
  $("predict").dataset.model = "";
  const base = "/v1/models/" + encodeURIComponent(name);
  const at = "?version=" + version;
  const [model, report] = await Promise.all([call("GET", base + at), call("GET", base + "/report" + at)]);
  if (ticket !== showing) return;
  shownModel = model;
  $("result").hidden = false;
  $("model-name").textContent = name + " v" + version;
  $("accuracy").textContent = percent(report.accuracy);
  warningList(report.warnings);
  metricsTables(report);
  weightsChart(model);
  predictHint(model);
  // A ROC curve is drawn for two classes only.
  const two = report.classes.length === 2;
  $("roc").hidden = !two;
  const text = fetch(base + "/report" + at, { headers: headers({ accept: "text/plain" }) }).then((r) => r.text());
  await Promise.all([
    chart("history", base + "/history.svg" + at),
    two ? chart("roc", base + "/roc.svg" + at) : setChart("roc", null),
  ]);
  const lines = await text;
  if (ticket !== showing) return;
  $("report").textContent = lines;
  $("predict").dataset.version = String(version);
  $("predict").dataset.model = name;
}

// Hides the view of the model "name" (all of it is gone).
function forgetModel(name) {
  if (!shownModel || shownModel.name !== name) return;
  showing++;
  shownModel = null;
  $("result").hidden = true;
  $("predict").dataset.model = "";
  setChart("history", null);
  setChart("roc", null);
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
