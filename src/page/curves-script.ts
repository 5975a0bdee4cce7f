/**
 * The page's curves of a model version: the cost curve for every model, and
 * for two classes the ROC curve, the precision–recall curve and the
 * calibration diagram, the last two of the training or the validation rows
 * (the switch shows only where the version held rows out). Each is fetched
 * with the token and shown from a blob: URL (see `chart`).
 */
export const CURVES_SCRIPT = String.raw`
const CURVES = ["history", "roc", "pr", "calibration"];
// Where the shown version's curves are read: its path and "?version=n".
let curvesAt = null;

// The curves of the version at "base" + "at", whose report is "report".
async function curveCharts(base, at, report) {
  const two = report.classes.length === 2;
  curvesAt = { base, at, two };
  const select = $("curves-dataset");
  select.value = "training";
  $("curves-dataset-control").hidden = !two || !report.metrics.validation;
  for (const id of ["roc", "pr", "calibration"]) $(id).hidden = !two;
  await Promise.all([
    chart("history", base + "/history.svg" + at),
    two ? chart("roc", base + "/roc.svg" + at) : setChart("roc", null),
    datasetCurves(),
  ]);
}

// The precision–recall and calibration pictures of the chosen rows. A
// version stored before score curves were kept answers them 404: it is
// shown without them (an <img> without src is not displayed).
async function datasetCurves() {
  const { base, at, two } = curvesAt;
  if (!two) return ["pr", "calibration"].forEach((id) => setChart(id, null));
  const dataset = "&dataset=" + $("curves-dataset").value;
  await Promise.all(["pr", "calibration"].map((id) =>
    chart(id, base + "/" + id + ".svg" + at + dataset).catch(() => setChart(id, null))));
}

$("curves-dataset").addEventListener("change", () =>
  datasetCurves().catch((e) => show("status", e.message, true)));

// Empties every curve (the model they were of is gone).
function clearCurves() {
  curvesAt = null;
  for (const id of CURVES) setChart(id, null);
}
`;
