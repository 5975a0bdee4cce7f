/**
 * The page's metrics panel: every metric the service computes, for the
 * training rows and the validation rows, and the confusion matrix of either,
 * which for two classes follows a threshold slider over the stored ROC
 * curve's points and the thresholds route's suggestions.
 */
export const METRICS_SCRIPT = String.raw`
// Two classes: the report's metrics, and the names the page gives them.
const BINARY_METRICS = [
  ["samples", "samples"], ["accuracy", "accuracy"], ["precision", "precision"],
  ["recall", "recall"], ["f1", "F1"], ["specificity", "specificity"],
  ["logLoss", "log loss"], ["rocAuc", "ROC AUC"],
];
// Many classes: the averages and the mean cross-entropy.
const MULTICLASS_METRICS = [
  ["samples", "samples"], ["accuracy", "accuracy"], ["cost", "log loss (cross-entropy)"],
  ["macro.precision", "macro precision"], ["macro.recall", "macro recall"], ["macro.f1", "macro F1"],
  ["weighted.precision", "weighted precision"], ["weighted.recall", "weighted recall"], ["weighted.f1", "weighted F1"],
];

let shownReport = null;

// The metrics table of "report": a row per metric, a column per set of rows.
function metricsTables(report) {
  shownReport = report;
  const two = report.classes.length === 2;
  const sets = Object.keys(report.metrics);
  $("metrics-note").textContent = two
    ? "At the model's threshold " + report.threshold + "; ROC AUC and log loss do not depend on it."
    : "Each row's class is its most likely one.";
  const table = $("metrics");
  table.textContent = "";
  const head = table.insertRow();
  head.append(element("th", "metric"), ...sets.map((s) => element("th", s + " rows")));
  for (const [key, label] of two ? BINARY_METRICS : MULTICLASS_METRICS) {
    const row = table.insertRow();
    row.append(element("th", label));
    for (const set of sets) {
      const value = key.split(".").reduce((v, k) => v[k], report.metrics[set]);
      const cell = row.insertCell();
      cell.id = "m-" + set + "-" + key.replace(".", "-");
      cell.textContent = key === "samples" ? String(value) : decimal(value);
    }
  }
  classMetricsTable(report, sets, two);
  const select = $("confusion-rows");
  select.value = "training";
  select.querySelector("option[value=validation]").disabled = !report.metrics.validation;
  select.closest("label").hidden = !report.metrics.validation;
  confusionPanel();
}

// Many classes: precision, recall, F1 and support of each class, per set.
function classMetricsTable(report, sets, two) {
  const table = $("class-metrics");
  table.textContent = "";
  table.hidden = two;
  if (two) return;
  const head = table.insertRow();
  head.append(element("th", "class"));
  for (const set of sets) {
    for (const m of ["precision", "recall", "F1", "support"]) head.append(element("th", set + " " + m));
  }
  report.classes.forEach((c, k) => {
    const row = table.insertRow();
    row.append(element("th", String(c)));
    for (const set of sets) {
      const m = report.metrics[set];
      for (const key of ["precision", "recall", "f1"]) row.insertCell().textContent = decimal(m[key][k]);
      row.insertCell().textContent = String(m.support[k]);
    }
  });
}

// The points the slider moves over, for one set's metrics: each ROC point
// (p >= its threshold is positive; the first, null, is none positive), the
// points of "extra" (the thresholds route's suggestions, counted by the API)
// and the model's own threshold, with their counts, by increasing threshold.
function thresholdPoints(m, extra) {
  const points = m.roc.thresholds.map((t, k) => {
    const tp = Math.round((m.roc.tpr[k] || 0) * m.positives);
    const fp = Math.round((m.roc.fpr[k] || 0) * m.negatives);
    return { threshold: t === null ? Infinity : t, tp, fp, fn: m.positives - tp, tn: m.negatives - fp };
  });
  const own = Object.assign({ threshold: m.threshold, own: true }, m.confusionMatrix);
  const added = extra.filter((p) => p.threshold !== m.threshold);
  const taken = new Set([m.threshold, ...added.map((p) => p.threshold)]);
  const kept = points.filter((p) => !taken.has(p.threshold));
  return kept.concat(added, [own]).sort((a, b) => a.threshold - b.threshold);
}

// The confusion matrix of the chosen set; with two classes, at the
// slider's point, with the metrics that depend on the threshold.
function confusionPanel() {
  const report = shownReport;
  const set = $("confusion-rows").value;
  const m = report.metrics[set];
  const two = report.classes.length === 2;
  $("threshold-control").hidden = !two || !m.roc;
  $("threshold-actions").hidden = !two || !m.roc;
  $("confusion-title").textContent = "Confusion matrix (" + set + " rows)";
  if (!two || !m.roc) {
    $("threshold-metrics").textContent = "";
    return confusionTable(report, m.confusionMatrix);
  }
  const points = thresholdPoints(m, suggestionPoints(set));
  const slider = $("threshold");
  slider.max = String(points.length - 1);
  slider.value = String(points.findIndex((p) => p.own));
  slider.points = points;
  suggestionButtons(set);
  thresholdMoved();
}

function thresholdMoved() {
  const p = $("threshold").points[Number($("threshold").value)];
  const shown = p.threshold === Infinity ? "above every score" : p.threshold.toPrecision(4);
  const names = [p.own && "the model's"].concat(p.suggested || []).filter(Boolean);
  $("threshold-value").textContent = shown + (names.length ? " (" + names.join(", ") + ")" : "");
  // A version's threshold is in [0, 1]: "above every score" is no threshold.
  $("save-threshold").disabled = Boolean(p.own) || !(p.threshold <= 1);
  $("threshold").setAttribute("aria-valuetext", $("threshold-value").textContent);
  confusionTable(shownReport, p);
  // The formulas of src/engine/metrics.ts, 0 where a denominator is 0.
  const ratio = (a, b) => (b === 0 ? 0 : a / b);
  const n = p.tp + p.fp + p.tn + p.fn;
  const parts = [
    ["accuracy", ratio(p.tp + p.tn, n)], ["precision", ratio(p.tp, p.tp + p.fp)],
    ["recall", ratio(p.tp, p.tp + p.fn)], ["F1", ratio(2 * p.tp, 2 * p.tp + p.fp + p.fn)],
    ["specificity", ratio(p.tn, p.tn + p.fp)],
  ];
  $("threshold-metrics").textContent = parts.map(([k, v]) => k + " " + decimal(v)).join(", ");
}

$("threshold").addEventListener("input", thresholdMoved);
$("confusion-rows").addEventListener("change", confusionPanel);

// Rows: true classes, columns: predicted ones, by class index (the headers
// name the class values); for two classes, the positive class first as the
// lab reads it (tp, fn / fp, tn).
function confusionTable(report, c) {
  const two = report.classes.length === 2;
  const classes = two ? [1, 0] : c.map((_, k) => k);
  const count = two
    ? (a, p) => (a ? (p ? c.tp : c.fn) : (p ? c.fp : c.tn))
    : (a, p) => c[a][p];
  const name = (k) => String(report.classes[k]);
  const table = $("confusion");
  table.textContent = "";
  const head = table.insertRow();
  head.append(element("th"), ...classes.map((p) => element("th", "predicted " + name(p))));
  for (const a of classes) {
    const row = table.insertRow();
    row.append(element("th", "label " + name(a)));
    for (const p of classes) {
      const cell = row.insertCell();
      cell.id = "c" + a + "-" + p;
      cell.textContent = count(a, p);
    }
  }
}
`;
