/**
 * The prediction-job form's version: a `<select>` of the chosen model's
 * versions (`GET /v1/models/{name}/versions`, newest first, the cursor
 * followed up to `VERSION_CHOICES` of them) and its aliases (`GET
 * /v1/models/{name}/aliases`), the newest version chosen unless one of the
 * same model was chosen before and is still there; refreshed whenever the
 * model choice or the model list changes. A version goes to `POST
 * /v1/jobs` as its number, an alias as its name (the job pins the number
 * the alias names when it starts).
 */
export const PREDICT_JOB_VERSION_SCRIPT = String.raw`
// The most versions the form offers: more are named through the API.
const VERSION_CHOICES = 100;
// Counts the models whose versions were asked for, so an answer for one
// asked before is dropped.
let versionsAsked = 0;

// The newest versions of "name", at most VERSION_CHOICES of them, and
// whether older ones are left out.
async function newestVersions(name) {
  const base = "/v1/models/" + encodeURIComponent(name) + "/versions?limit=" + VERSION_CHOICES;
  const versions = [];
  let cursor = null;
  do {
    const page = await call("GET", base + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    versions.push(...page.versions);
    cursor = page.cursor;
  } while (cursor && versions.length < VERSION_CHOICES);
  return { versions: versions.slice(0, VERSION_CHOICES), more: Boolean(cursor) || versions.length > VERSION_CHOICES };
}

// Fills the version choice with the versions and aliases of the model
// chosen in the form; the note under it says what is left out or failed.
async function offerVersions() {
  const name = $("predict-job-model").value;
  const select = $("predict-job-version");
  // The choice is kept over a refresh of the same model's list only.
  const before = select.dataset.model === name ? select.value : "";
  const ticket = ++versionsAsked;
  show("predict-job-version-note", "");
  if (!name) {
    select.textContent = "";
    select.dataset.model = "";
    return;
  }
  try {
    const base = "/v1/models/" + encodeURIComponent(name);
    const [listed, named] = await Promise.all([newestVersions(name), call("GET", base + "/aliases")]);
    if (ticket !== versionsAsked) return;
    select.textContent = "";
    select.dataset.model = name;
    const numbers = element("optgroup");
    numbers.label = "versions, newest first";
    listed.versions.forEach((v, i) => {
      const what = [i === 0 ? "newest" : ""].concat(v.aliases || []).filter(Boolean);
      numbers.append(new Option("v" + v.version + (what.length ? " (" + what.join(", ") + ")" : ""), String(v.version)));
    });
    select.append(numbers);
    if (named.aliases.length > 0) {
      const aliases = element("optgroup");
      aliases.label = "aliases";
      for (const a of named.aliases) aliases.append(new Option(a.alias + " (v" + a.version + ")", a.alias));
      select.append(aliases);
    }
    // Filled afresh, the select has its first option (the newest) chosen.
    if (Array.from(select.options).some((o) => o.value === before)) select.value = before;
    if (listed.more) {
      show("predict-job-version-note", "the newest " + VERSION_CHOICES + " versions are offered; an older one can be named through the API (POST /v1/jobs)");
    }
  } catch (error) {
    if (ticket !== versionsAsked) return;
    select.textContent = "";
    select.dataset.model = "";
    show("predict-job-version-note", error.message, true);
  }
}

// The version chosen as POST /v1/jobs takes it: a number, or an alias.
function chosenVersion() {
  const value = $("predict-job-version").value;
  return /^[0-9]+$/.test(value) ? Number(value) : value;
}

$("predict-job-model").addEventListener("change", offerVersions);
`;
