/**
 * The page's prediction jobs: score a stored dataset with a model (`POST
 * /v1/jobs` with `{kind: "predict", dataset, model, version, output}`, the
 * version chosen among those predict-job-version-script.ts offers), started
 * as a training job is (`startJob`) and followed in the job view; when one
 * succeeds, its output dataset downloads (read with the token through
 * `fetch`, saved from a `blob:` URL) and the metrics it measured on labelled
 * rows are shown, as `/evaluate` names them.
 */
export const PREDICT_JOB_SCRIPT = String.raw`
// The output name offered for "dataset": "<dataset>-scores", within the
// 64 characters a name may have.
function scoresName(dataset) {
  return dataset ? dataset.slice(0, 64 - "-scores".length) + "-scores" : "";
}

// The models of the page's list offered to the form, the one chosen before
// kept when it is still there.
function offerModels(models) {
  const select = $("predict-job-model");
  const before = select.value;
  select.textContent = "";
  for (const m of models) select.append(new Option(m.name, m.name, false, m.name === before));
  offerVersions();
}

$("predict-job-dataset").addEventListener("change", () =>
  offerName("predict-job-output", scoresName($("predict-job-dataset").value)));

$("predict-job-start").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = {
    kind: "predict",
    dataset: $("predict-job-dataset").value,
    model: $("predict-job-model").value,
    version: chosenVersion(),
    output: $("predict-job-output").value.trim(),
  };
  startJob(body, "predict-job-status", "prediction job");
});

// The prediction job's result in the job view: the output to download
// and, for labelled rows, its metrics; hidden for any other job or state.
function drawPredictOutput() {
  const result = job.state === "succeeded" && job.kind === "predict" ? job.result : null;
  const download = $("job-download");
  download.hidden = !result;
  if (result) download.textContent = "download " + result.dataset + ".csv (" + result.rows + " rows)";
  $("job-metrics-box").hidden = !(result && result.metrics);
  if (result && result.metrics) predictMetricsTable(result.metrics);
}

// One row per metric, its value as the page prints metrics (4 decimals):
// the two-class metrics at the version's threshold, or the K-class ones.
function predictMetricsTable(metrics) {
  const two = metrics.rocAuc !== undefined;
  const table = $("job-metrics");
  table.textContent = "";
  const head = table.insertRow();
  head.append(element("th", "metric"), element("th", "labelled rows"));
  const rows = two ? [["threshold", "threshold"]].concat(BINARY_METRICS) : MULTICLASS_METRICS;
  for (const [key, label] of rows) {
    const value = key.split(".").reduce((v, k) => v[k], metrics);
    const row = table.insertRow();
    row.append(element("th", label));
    const cell = row.insertCell();
    cell.id = "job-m-" + key.replace(".", "-");
    cell.textContent = key === "samples" ? String(value) : decimal(value);
  }
  if (two && metrics.rocAucError !== undefined) {
    const row = table.insertRow();
    row.append(element("th", "ROC AUC at most off by"));
    row.insertCell().textContent = decimal(metrics.rocAucError);
  }
}

$("job-download").addEventListener("click", async () => {
  const name = job.result.dataset;
  show("job-download-status", "downloading " + name + "…");
  try {
    const saved = await download("/v1/datasets/" + encodeURIComponent(name) + "/content", name + ".csv");
    show("job-download-status", "downloaded " + saved.name + " (" + saved.bytes + " bytes)");
  } catch (error) {
    show("job-download-status", error.message, true);
  }
});
`;
