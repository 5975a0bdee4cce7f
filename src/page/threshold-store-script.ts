/**
 * The page's threshold choices for a two-class model: the suggestions of
 * `GET /v1/models/{name}/thresholds` (best F1, best Youden's J) as buttons
 * that move the slider to them, and "save threshold", which stores the
 * slider's threshold as a new version through `POST .../threshold` and shows
 * that version, saying which it came from (its `derivedFrom`).
 */
export const THRESHOLD_STORE_SCRIPT = String.raw`
// The suggestions the buttons offer, by name of the route's answer.
const SUGGESTIONS = [["maxF1", "best F1", "suggest-max-f1"], ["maxYoudenJ", "best Youden's J", "suggest-max-youden-j"]];
// The thresholds route's answer for each set of rows of the shown version.
let suggestions = {};

// Asks the thresholds route of the version at "base" + "at" for each set in
// "sets"; a set it has no curves for (a version stored before they were
// kept answers 404) gets no suggestions.
async function loadSuggestions(base, at, sets) {
  const answers = await Promise.all(sets.map((set) =>
    call("GET", base + "/thresholds" + at + "&dataset=" + set).catch(() => null)));
  const found = {};
  sets.forEach((set, k) => { if (answers[k]) found[set] = answers[k]; });
  return found;
}

// The suggestions of "set" as slider points, one a threshold (F1's and J's
// best can be the same), each with the API's counts at it.
function suggestionPoints(set) {
  const answer = suggestions[set];
  const byThreshold = new Map();
  for (const [key, label] of SUGGESTIONS) {
    const choice = answer && answer[key];
    if (!choice) continue;
    const point = byThreshold.get(choice.threshold) ||
      Object.assign({ threshold: choice.threshold, suggested: [] }, choice.confusionMatrix);
    point.suggested.push(label);
    byThreshold.set(choice.threshold, point);
  }
  return Array.from(byThreshold.values());
}

// Names each button after its threshold on "set", or disables it.
function suggestionButtons(set) {
  const answer = suggestions[set];
  for (const [key, label, id] of SUGGESTIONS) {
    const choice = answer && answer[key];
    $(id).disabled = !choice;
    $(id).textContent = label + (choice ? " (" + choice.threshold.toPrecision(4) + ")" : "");
    $(id).dataset.threshold = choice ? String(choice.threshold) : "";
  }
}

// Moves the slider to the point at the button's threshold.
function moveToSuggestion(id) {
  const slider = $("threshold");
  const threshold = Number($(id).dataset.threshold);
  const k = slider.points.findIndex((p) => p.threshold === threshold);
  if (k < 0) return;
  slider.value = String(k);
  thresholdMoved();
  slider.focus();
}
for (const [, , id] of SUGGESTIONS) $(id).addEventListener("click", () => moveToSuggestion(id));

// Stores the slider's threshold as a new version, then shows that version.
$("save-threshold").addEventListener("click", async () => {
  const p = $("threshold").points[Number($("threshold").value)];
  const name = shownModel.name;
  const from = shownModel.version;
  const button = $("save-threshold");
  button.disabled = true;
  show("threshold-status", "storing threshold " + p.threshold + "…");
  try {
    const path = "/v1/models/" + encodeURIComponent(name) + "/threshold?version=" + from;
    const saved = await call("POST", path, JSON.stringify({ threshold: p.threshold }), "application/json");
    const message = "stored version " + saved.version + " of " + name + " at threshold " +
      saved.threshold + ", derived from version " + saved.derivedFrom;
    await showModel(name, saved.version);
    show("threshold-status", message);
    await listModels();
  } catch (error) {
    show("threshold-status", error.message, true);
    button.disabled = false;
  }
});
`;
