/**
 * The page's versions of the shown model, from `GET .../versions`: view any
 * of them, point the `serving` alias at one (a rollback: every read without
 * `?version=` then gets it) or delete the alias (reads get the newest), each
 * with a message saying what changed; and the shown version's exports
 * (`export.onnx`, `export.mjs`) downloaded through fetch with the token.
 */
export const VERSIONS_SCRIPT = String.raw`
// The versions of "name" as a table, the one shown marked; the newest first.
async function versionList(name, shown) {
  const table = $("versions");
  const ticket = showing;
  const answer = await call("GET", "/v1/models/" + encodeURIComponent(name) + "/versions?limit=100");
  if (ticket !== showing) return;
  keepingFocus(table, () => versionRows(table, name, shown, answer.versions));
  $("clear-serving").disabled = !answer.versions.some((v) => (v.aliases || []).includes("serving"));
}

// Fills "table" with a row for each of "versions" of "name", "shown" marked.
function versionRows(table, name, shown, versions) {
  table.textContent = "";
  const head = table.insertRow();
  for (const h of ["version", "created", "accuracy", "threshold", "aliases", "actions"]) head.append(element("th", h));
  for (const v of versions) {
    const row = table.insertRow();
    row.dataset.version = String(v.version);
    if (v.version === shown) row.setAttribute("aria-current", "true");
    row.append(element("th", "v" + v.version + (v.version === shown ? " (shown)" : "")));
    const created = row.insertCell();
    created.append(element("time", dateTime(v.createdAt)));
    created.firstChild.dateTime = v.createdAt;
    row.insertCell().textContent = percent(v.accuracy);
    row.insertCell().textContent = v.threshold === undefined || v.threshold === null ? "—" : String(v.threshold);
    row.insertCell().textContent = (v.aliases || []).join(", ");
    const actions = row.insertCell();
    actions.append(versionButton("view", name, v.version, () => showModel(name, v.version)), " ",
      versionButton("serve", name, v.version, () => setServing(name, v.version)));
  }
}

// A button "what" for version "version" of "name", running "act" on click.
function versionButton(what, name, version, act) {
  const button = element("button", what + " v" + version, what);
  button.type = "button";
  button.setAttribute("aria-label", what + " " + name + " version " + version);
  button.dataset.focusKey = what + " " + version;
  button.addEventListener("click", () => act().catch((e) => show("versions-status", e.message, true)));
  return button;
}

// Points serving at "version" and shows what reads now get.
async function setServing(name, version) {
  const path = "/v1/models/" + encodeURIComponent(name) + "/aliases/serving";
  await call("PUT", path, JSON.stringify({ version }), "application/json");
  await showModel(name);
  show("versions-status", "serving now points at v" + version + ": every read of " + name + " without a version gets it");
  await listModels();
}

$("clear-serving").addEventListener("click", async () => {
  const name = shownModel.name;
  try {
    await call("DELETE", "/v1/models/" + encodeURIComponent(name) + "/aliases/serving");
    await showModel(name);
    show("versions-status", "serving cleared: every read of " + name + " without a version gets the newest, v" + shownModel.version);
    // The button is disabled now (nothing to clear): the focus goes to the
    // line that says what changed, not to the page's top.
    const active = document.activeElement;
    if (active === document.body || active === $("clear-serving")) $("versions-status").focus();
    await listModels();
  } catch (error) {
    show("versions-status", error.message, true);
  }
});

// Downloads the shown version's export "kind" (onnx or mjs) with the
// token, under the name the service gives it.
async function exportDownload(kind) {
  const { name, version } = shownModel;
  const path = "/v1/models/" + encodeURIComponent(name) + "/export." + kind + "?version=" + version;
  const saved = await download(path, name + "-v" + version + "." + kind);
  show("export-status", "downloaded " + saved.name + " (" + saved.bytes + " bytes)");
}
for (const kind of ["onnx", "mjs"]) {
  $("export-" + kind).addEventListener("click", () =>
    exportDownload(kind).catch((e) => show("export-status", e.message, true)));
}
`;
