/**
 * The page's predict form: rows typed one a line (a header of the model's
 * feature names allowed), sent as CSV to `POST /v1/models/{name}/predict`
 * with `explain`, and each row's logit shown feature by feature.
 */
export const PREDICT_SCRIPT = String.raw`
// The predict form's hint for "model": as many values as it has features,
// by name when it has names (an 8-feature model does not read "4,3").
function predictHint(model) {
  const names = model.featureNames || Array.from({ length: model.features }, (_, j) => "x" + (j + 1));
  $("row-label").textContent = "rows to predict, one a line: " + model.features + " comma-separated values (" + names.join(", ") + ")";
  $("row").placeholder = names.join(",");
  $("row").value = "";
}

$("predict").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("predict").dataset.model || "";
  const version = $("predict").dataset.version || "";
  const explain = $("explain").checked;
  $("explanations").textContent = "";
  try {
    const query = "?version=" + version + (explain ? "&explain=true" : "");
    const text = $("row").value.trim() + "\n";
    const result = await call("POST", "/v1/models/" + encodeURIComponent(name) + "/predict" + query, text, "text/csv", "application/json");
    const lines = result.labels.map((label, i) => {
      const p = result.classes.length === 2
        ? result.probabilities[i]
        : result.probabilities[i][result.classes.indexOf(label)];
      return "probability " + p.toFixed(4) + ", label " + label;
    });
    show("prediction", lines.length === 1 ? lines[0] : lines.map((l, i) => "row " + (i + 1) + ": " + l).join("; "));
    if (explain) explanationTables(result, rowsOf(text));
  } catch (error) {
    show("prediction", error.message, true);
  }
});

// The numeric rows of the CSV "text" (a header line skipped), as typed.
function rowsOf(text) {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const numeric = (l) => l.split(",").every((v) => v.trim() !== "" && !isNaN(Number(v)));
  return lines.filter(numeric).map((l) => l.split(",").map(Number));
}

// A table per row: each feature's value and share w_j·x_j of the logit
// (of the row's class, with many), then the bias and the logit itself.
function explanationTables(result, rows) {
  const box = $("explanations");
  result.explanations.forEach((e, i) => {
    const names = result.features || e.contributions.map((_, j) => "x" + (j + 1));
    const table = element("table", undefined, "explanation");
    table.id = "explanation-" + i;
    const caption = table.createCaption();
    caption.textContent = "row " + (i + 1) + ": logit" + (e.class === undefined ? "" : " of class " + e.class) + ", feature by feature";
    const head = table.insertRow();
    head.append(element("th", "feature"), element("th", "value"), element("th", "w·x"));
    e.contributions.forEach((part, j) => {
      const row = table.insertRow();
      row.dataset.feature = names[j];
      row.append(element("th", names[j]));
      row.insertCell().textContent = rows[i] ? String(rows[i][j]) : "";
      row.insertCell().textContent = part.toFixed(4);
    });
    for (const [label, value] of [["bias", e.bias], ["logit", e.logit]]) {
      const row = table.insertRow();
      row.append(element("th", label));
      row.insertCell();
      row.insertCell().textContent = value.toFixed(4);
    }
    box.append(table);
  });
}
`;
