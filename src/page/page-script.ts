/**
 * The browser script of the page at `/`, as text the page inlines under a
 * CSP nonce. Plain ES2020 with no build step: it only calls the public API.
 */
export const PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
const TOY = "hours_lecture,hours_lab,passed\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
$("token").value = sessionStorage.getItem("token") || "";
$("token").addEventListener("change", () => sessionStorage.setItem("token", $("token").value));

function headers(extra) {
  const h = Object.assign({}, extra);
  const token = $("token").value.trim();
  if (token) h.authorization = "Bearer " + token;
  return h;
}

async function call(method, path, body, type) {
  const response = await fetch(path, {
    method,
    headers: headers(type ? { "content-type": type } : {}),
    body,
  });
  const text = await response.text();
  if (!response.ok) throw failure(response, text);
  return parsed(text);
}

function parsed(text) {
  try { return JSON.parse(text); } catch (e) { return text; }
}

// The API's error as a message: "code: message", or the status and the text.
function failure(response, text) {
  const data = parsed(text);
  return new Error(data && data.error ? data.error.code + ": " + data.error.message : response.status + " " + text);
}

// A chart into the <img> with id "id": fetched with the token like every call
// (an <img> cannot send one, and with READ_TOKEN set reads need it), shown
// from a blob: URL, the only images the page's CSP lets in (img-src blob:).
async function chart(id, path) {
  const response = await fetch(path, { headers: headers({}) });
  if (!response.ok) throw failure(response, await response.text());
  const blob = await response.blob();
  setChart(id, URL.createObjectURL(blob));
}

// Points the <img> "id" at "url" (none when null), freeing the chart it showed.
function setChart(id, url) {
  const img = $(id);
  if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  if (url === null) img.removeAttribute("src");
  else img.src = url;
}

function show(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.className = isError ? "error" : "";
}

$("use-toy").addEventListener("click", () => {
  $("csv").value = TOY;
  $("name").value = $("name").value || "toy";
  $("epochs").value = 1000;
});

$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  if (file) $("csv").value = await file.text();
});

$("train").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("status", "training…");
  const name = encodeURIComponent($("name").value.trim());
  const query = new URLSearchParams({ epochs: $("epochs").value, lr: $("lr").value });
  // bce is the default; a model of many classes takes no loss at all.
  if ($("loss").value !== "bce") query.set("loss", $("loss").value);
  try {
    const model = await call("PUT", "/v1/models/" + name + "?" + query, $("csv").value, "text/csv");
    show("status", "trained " + model.name + " version " + model.version);
    await showModel(model.name, model.version);
    await listModels();
  } catch (error) {
    show("status", error.message, true);
  }
});

async function showModel(name, version) {
  const base = "/v1/models/" + encodeURIComponent(name);
  const report = await call("GET", base + "/report?version=" + version);
  $("result").hidden = false;
  $("model-name").textContent = name + " v" + version;
  $("accuracy").textContent = (report.accuracy * 100).toFixed(2) + "%";
  warningList(report.warnings);
  confusionTable(report);
  // A ROC curve is drawn for two classes only.
  const two = report.classes.length === 2;
  $("roc").hidden = !two;
  await Promise.all([
    chart("history", base + "/history.svg?version=" + version),
    two ? chart("roc", base + "/roc.svg?version=" + version) : setChart("roc", null),
  ]);
  const text = await fetch(base + "/report?version=" + version, { headers: headers({ accept: "text/plain" }) });
  $("report").textContent = await text.text();
  $("predict").dataset.model = name;
}

// The model's warnings, one an item: its code, then its message.
function warningList(warnings) {
  const list = $("warnings");
  list.textContent = "";
  for (const w of warnings || []) {
    const item = document.createElement("li");
    item.dataset.code = w.code;
    const code = document.createElement("code");
    code.textContent = w.code;
    item.append(code, ": " + w.message);
    list.append(item);
  }
  list.hidden = list.children.length === 0;
}

// Rows: true classes, columns: predicted ones, by class index (the headers
// name the class values); for two classes, the positive class first as the
// lab reads it (tp, fn / fp, tn).
function confusionTable(report) {
  const c = report.confusionMatrix;
  const two = report.classes.length === 2;
  const classes = two ? [1, 0] : c.map((_, k) => k);
  const count = two
    ? (a, p) => (a ? (p ? c.tp : c.fn) : (p ? c.fp : c.tn))
    : (a, p) => c[a][p];
  const name = (k) => String(report.classes[k]);
  const table = $("confusion");
  table.textContent = "";
  const head = table.insertRow();
  head.appendChild(document.createElement("th"));
  for (const p of classes) {
    const th = document.createElement("th");
    th.textContent = "predicted " + name(p);
    head.appendChild(th);
  }
  for (const a of classes) {
    const row = table.insertRow();
    const th = document.createElement("th");
    th.textContent = "label " + name(a);
    row.appendChild(th);
    for (const p of classes) {
      const cell = row.insertCell();
      cell.id = "c" + a + "-" + p;
      cell.textContent = count(a, p);
    }
  }
}

$("predict").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = encodeURIComponent($("predict").dataset.model || "");
  try {
    const result = await call("GET", "/v1/models/" + name + "/predict?x=" + encodeURIComponent($("row").value));
    const label = result.labels[0];
    const p = result.classes.length === 2
      ? result.probabilities[0]
      : result.probabilities[0][result.classes.indexOf(label)];
    show("prediction", "probability " + p.toFixed(4) + ", label " + label);
  } catch (error) {
    show("prediction", error.message, true);
  }
});

async function listModels() {
  const list = $("models");
  list.textContent = "";
  try {
    const page = await call("GET", "/v1/models?limit=100");
    for (const m of page.models) {
      const item = document.createElement("li");
      const open = document.createElement("button");
      open.textContent = m.name + " v" + m.version + " (" + (m.accuracy * 100).toFixed(2) + "%)";
      open.addEventListener("click", () => showModel(m.name, m.version).catch((e) => show("status", e.message, true)));
      const remove = document.createElement("button");
      remove.textContent = "delete";
      remove.className = "danger";
      remove.addEventListener("click", async () => {
        try {
          await call("DELETE", "/v1/models/" + encodeURIComponent(m.name));
          await listModels();
        } catch (error) {
          show("status", error.message, true);
        }
      });
      item.append(open, " ", remove);
      list.append(item);
    }
    if (page.models.length === 0) list.textContent = "no models yet";
  } catch (error) {
    list.textContent = error.message;
  }
}
listModels();
`;
