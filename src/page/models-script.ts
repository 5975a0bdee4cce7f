/**
 * The page's list of models (asked for again when the token changes, where
 * reads need one): open one, or delete one, every version of it, after a
 * confirmation step that says what will go, with a message saying what
 * went (the focus moved to it).
 */
export const MODELS_SCRIPT = String.raw`
// Lists the models; the list is replaced only once the answer is in, so a
// click on one of its buttons is never lost to a list emptied under it.
async function listModels() {
  const list = $("models");
  const newest = latest("models");
  // Where reads need a token, none is asked for without one (a 401).
  if (readsNeedToken() && !$("token").value.trim()) {
    list.textContent = "models are listed with a token: this Worker's reads need one";
    offerModels([]);
    return;
  }
  try {
    const page = await call("GET", "/v1/models?limit=100");
    if (!newest()) return;
    keepingFocus(list, () => list.replaceChildren(...page.models.map(modelItem)));
    if (page.models.length === 0) list.textContent = "no models yet";
    offerModels(page.models);
  } catch (error) {
    if (!newest()) return;
    list.textContent = error.message;
    // The job form offers no model it could not list.
    offerModels([]);
  }
}

// Whether this Worker's reads need a token (READ_TOKEN set), as the page
// was served.
function readsNeedToken() {
  return document.body.dataset.readsNeedToken === "true";
}

// An item of the list: open the model, or ask to delete every version.
function modelItem(m) {
  const item = element("li");
  item.dataset.model = m.name;
  const open = element("button", m.name + " v" + m.version + " (" + percent(m.accuracy) + ")");
  open.type = "button";
  open.className = "open";
  open.dataset.focusKey = "open " + m.name;
  // Opens the version reads without ?version= get: serving's, else the newest.
  open.addEventListener("click", () => showModel(m.name).catch((e) => show("status", e.message, true)));
  const remove = element("button", "delete", "danger");
  remove.type = "button";
  remove.setAttribute("aria-label", "delete " + m.name);
  remove.dataset.focusKey = "delete " + m.name;
  remove.addEventListener("click", () => confirmDelete(item, m));
  item.append(open, " ", remove);
  return item;
}

// Asks before deleting model "m", every version of it.
function confirmDelete(item, m) {
  const question = "Delete " + m.name + ", every version of it (the newest is v" + m.version + ")? This cannot be undone. ";
  askToDelete(item, question, "models-status", async () => {
    await call("DELETE", "/v1/models/" + encodeURIComponent(m.name));
    show("models-status", "deleted " + m.name + ", every version");
    forgetModel(m.name);
    await listModels();
  });
}

// Replaces the item's two buttons with "question", confirm and cancel:
// confirm runs "remove" (its error goes to the status line "status") and
// then moves the focus to that line, which says what went (the item and
// its buttons are gone: the focus would fall back to the page's top);
// cancel puts the buttons back.
function askToDelete(item, question, status, remove) {
  const yes = element("button", "confirm delete", "danger confirm");
  yes.type = "button";
  const no = element("button", "cancel", "cancel");
  no.type = "button";
  const buttons = Array.from(item.children);
  // Keyed after the delete button, so that a redraw of the list asks again.
  const asker = buttons[1].dataset.focusKey;
  yes.dataset.askedBy = asker;
  yes.dataset.focusKey = "confirm " + asker;
  no.dataset.focusKey = "cancel " + asker;
  item.textContent = "";
  item.append(element("span", question), yes, " ", no);
  yes.focus();
  no.addEventListener("click", () => {
    item.textContent = "";
    item.append(buttons[0], " ", buttons[1]);
    buttons[1].focus();
  });
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      await remove();
      $(status).focus();
    } catch (error) {
      show(status, error.message, true);
      yes.disabled = false;
    }
  });
}
// A new token is tried on a read at once: a wrong one is refused even where
// reads are public, and the list says so now, not at the next write; where
// reads need a token, the first right one lists the models. A list
// already shown is left alone (its buttons may be under the pointer); one
// that showed an error or nothing is listed again.
async function tokenChanged() {
  // The answer for the token typed last wins; a refusal also drops a list
  // still on its way, asked with an earlier token.
  const newest = latest("token");
  try {
    await call("GET", "/v1/models?limit=1");
    if (!newest()) return;
    if (!$("models").querySelector("li")) await listModels();
  } catch (error) {
    if (!newest()) return;
    latest("models");
    $("models").textContent = error.message;
    offerModels([]);
  }
}
$("token").addEventListener("change", tokenChanged);
listModels();
`;
