/**
 * The page's list of stored datasets (`GET /v1/datasets`, which needs a
 * token: training data is never public): each with its size and a delete
 * button that asks first, and the same names offered to the job forms
 * (training and prediction).
 */
export const DATASETS_SCRIPT = String.raw`
// The dataset a list was asked to select (an upload's), until a list is
// drawn: an ask that a newer one overtakes passes it on.
let datasetToChoose;

// Lists the datasets and offers them to the job forms, "chosen" selected
// (else the one selected before in each, if it is still there).
async function listDatasets(chosen) {
  const list = $("datasets");
  const newest = latest("datasets");
  const selects = [$("job-dataset"), $("predict-job-dataset")];
  if (chosen !== undefined) datasetToChoose = chosen;
  if (!$("token").value.trim()) {
    list.textContent = "datasets are listed with a token (training data is never public)";
    return;
  }
  try {
    const page = await call("GET", "/v1/datasets?limit=100");
    if (!newest()) return;
    const before = selects.map((select) => datasetToChoose || select.value);
    datasetToChoose = undefined;
    for (const select of selects) select.textContent = "";
    keepingFocus(list, () => list.replaceChildren(...page.datasets.map(datasetItem)));
    for (const d of page.datasets) {
      selects.forEach((select, i) => select.append(new Option(d.name, d.name, false, d.name === before[i])));
    }
    if (page.datasets.length === 0) list.textContent = "no datasets yet";
    offerName("job-model", selects[0].value);
    offerName("predict-job-output", scoresName(selects[1].value));
  } catch (error) {
    if (!newest()) return;
    list.textContent = error.message;
  }
}

// Bytes as people read them: 53.4 kB, 312.5 MB.
function size(bytes) {
  if (bytes < 1000) return bytes + " B";
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return value.toFixed(1) + " " + units[unit];
}

// An item of the list: the dataset's name and size, and delete.
function datasetItem(d) {
  const item = element("li");
  item.dataset.dataset = d.name;
  const text = element("span", d.name + " (" + size(d.bytes) + ", " + dateTime(d.createdAt) + ")");
  const remove = element("button", "delete", "danger");
  remove.type = "button";
  remove.setAttribute("aria-label", "delete dataset " + d.name);
  remove.dataset.focusKey = "delete " + d.name;
  remove.addEventListener("click", () =>
    askToDelete(item, "Delete dataset " + d.name + "? Jobs can no longer train on it. ", "datasets-status", async () => {
      await call("DELETE", "/v1/datasets/" + encodeURIComponent(d.name));
      show("datasets-status", "deleted dataset " + d.name);
      await listDatasets();
    }));
  item.append(text, " ", remove);
  return item;
}

$("token").addEventListener("change", () => {
  listDatasets();
  listJobs();
});
listDatasets();
`;
