/**
 * The page's training form: the CSV (a file, typed, or the lab's toy data),
 * its header offered as feature names, the name filled from the file's name,
 * and the options people use most, sent as `PUT /v1/models/{name}` with the
 * options in the query string.
 */
export const TRAIN_FORM_SCRIPT = String.raw`
const TOY = "hours_lecture,hours_lab,passed\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
// What the optimizer choices send as the optimizer option (sgd: nothing).
const OPTIMIZERS = { momentum: { sgd: { momentum: 0.9 } }, adam: { adam: {} } };

$("use-toy").addEventListener("click", () => {
  $("csv").value = TOY;
  $("name").value = $("name").value || "toy";
  $("epochs").value = 1000;
  offerNames();
});

$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  if (!file) return;
  $("csv").value = await file.text();
  offerName("name", nameOfFile(file));
  offerNames();
});

$("csv").addEventListener("input", offerNames);

// The CSV's first line that is not a comment, split at commas, and its index.
function firstLine(lines) {
  const i = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  return { i, fields: i < 0 ? [] : lines[i].split(",").map((f) => f.trim()) };
}

// A header, as the service's header=auto reads one: no feature field a number.
function isHeader(fields) {
  return fields.length > 1 && fields.slice(0, -1).every((f) => f === "" || isNaN(Number(f)));
}

// Offers the header's feature fields as the feature names, unless the
// names were typed in since they were last offered.
function offerNames() {
  const { fields } = firstLine($("csv").value.split("\n"));
  const input = $("feature-names");
  if (input.value !== "" && input.value !== input.dataset.offered) return;
  input.value = isHeader(fields) ? fields.slice(0, -1).join(",") : "";
  input.dataset.offered = input.value;
}

// The CSV to send: with names typed in, they become its header (the label's
// own name kept), and "header" says a header is there.
function csvWithNames(query) {
  const csv = $("csv").value;
  const names = $("feature-names").value.split(",").map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) return csv;
  const lines = csv.split("\n");
  const { i, fields } = firstLine(lines);
  if (i < 0) return csv;
  if (isHeader(fields)) lines[i] = names.concat(fields.slice(-1)).join(",");
  else lines.splice(i, 0, names.concat(["label"]).join(","));
  query.set("header", "present");
  return lines.join("\n");
}

// The options as a job's JSON body takes them; each left at its default
// is not sent.
function trainingOptions() {
  // An empty field is sent as not a number, for the service to refuse.
  const options = { epochs: Number($("epochs").value || NaN), lr: Number($("lr").value || NaN) };
  // bce is the default; a model of many classes takes no loss at all.
  if ($("loss").value !== "bce") options.loss = $("loss").value;
  const optimizer = OPTIMIZERS[$("optimizer").value];
  if (optimizer) options.optimizer = optimizer;
  if (Number($("l2").value) > 0) options.l2 = Number($("l2").value);
  const fraction = Number($("validation").value);
  if (fraction > 0) options.validation = { fraction };
  if ($("standardize").checked) options.standardize = true;
  return options;
}

// The same options as query parameters: JSON-valued ones as their JSON.
function trainingQuery() {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(trainingOptions())) {
    query.set(name, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return query;
}

$("train").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("status", "training…");
  const name = encodeURIComponent($("name").value.trim());
  const query = trainingQuery();
  const body = csvWithNames(query);
  try {
    const model = await call("PUT", "/v1/models/" + name + "?" + query, body, "text/csv");
    await showModel(model.name, model.version, "trained " + model.name + " version " + model.version);
    await listModels();
  } catch (error) {
    show("status", error.message, true);
  }
});
`;
