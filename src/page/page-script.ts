/**
 * The browser script of the page at `/`, as text the page inlines under a
 * CSP nonce. Plain ES2020 with no build step: it only calls the public API.
 * This file holds what every part uses (the token, calls, messages); each
 * concern is its own file, joined here into one script in one scope.
 */
import { CHARTS_SCRIPT } from "./charts-script";
import { CURVES_SCRIPT } from "./curves-script";
import { DATASET_UPLOAD_SCRIPT } from "./dataset-upload-script";
import { DATASETS_SCRIPT } from "./datasets-script";
import { JOB_EVENTS_SCRIPT } from "./job-events-script";
import { JOB_VIEW_SCRIPT } from "./job-view-script";
import { JOBS_SCRIPT } from "./jobs-script";
import { METRICS_SCRIPT } from "./metrics-script";
import { MODEL_VIEW_SCRIPT } from "./model-view-script";
import { MODELS_SCRIPT } from "./models-script";
import { PREDICT_JOB_SCRIPT } from "./predict-job-script";
import { PREDICT_JOB_VERSION_SCRIPT } from "./predict-job-version-script";
import { PREDICT_SCRIPT } from "./predict-script";
import { THRESHOLD_STORE_SCRIPT } from "./threshold-store-script";
import { TRAIN_FORM_SCRIPT } from "./train-form-script";
import { VERSIONS_SCRIPT } from "./versions-script";

const CORE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
// The token lives in this tab's sessionStorage, never in a URL.
$("token").value = sessionStorage.getItem("token") || "";
$("token").addEventListener("change", () => sessionStorage.setItem("token", $("token").value));

function headers(extra) {
  const h = Object.assign({}, extra);
  const token = $("token").value.trim();
  if (token) h.authorization = "Bearer " + token;
  return h;
}

// The API's answer to method path (JSON parsed), or an Error with its
// message; "more" holds further headers.
async function call(method, path, body, type, accept, more) {
  const extra = Object.assign({}, more);
  if (type) extra["content-type"] = type;
  if (accept) extra.accept = accept;
  const response = await fetch(path, { method, headers: headers(extra), body });
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

function show(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.className = isError ? "error" : "";
}

// How many times each list ("models", "jobs", ...) was asked for: latest(key)
// counts one more and answers whether that ask is still the newest, so an
// answer that arrives after a newer one's is dropped, not drawn over it.
const asked = {};
function latest(key) {
  const ticket = (asked[key] = (asked[key] || 0) + 1);
  return () => asked[key] === ticket;
}

// Runs "render", which redraws what "container" holds, and gives the focus
// back to the new control of the same data-focus key as the one that had
// it: a keyboard user whose list is redrawn under them (a view, a serving
// change, a job that ends) keeps their place instead of landing on the
// page's top. A question open in the list (askToDelete's) is asked again
// of the redrawn item, by a click of the button that asked it, unless its
// answer is already on its way or the item is gone.
function keepingFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  const open = [...container.querySelectorAll("[data-asked-by]:not(:disabled)")].map((el) => el.dataset.askedBy);
  render();
  for (const opener of open) withFocusKey(container, opener)?.click();
  if (key !== undefined) withFocusKey(container, key)?.focus();
}

// The control in "container" whose data-focus key is "key", if any.
function withFocusKey(container, key) {
  return [...container.querySelectorAll("[data-focus-key]")].find((el) => el.dataset.focusKey === key);
}

// A new element: tag, its text, and its class.
function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

// A name as the service takes one (model or dataset), from a file's name
// without its extension.
function nameOfFile(file) {
  return file.name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 64);
}

// Puts "name" in the input "id" unless a name was typed there since the
// last one offered.
function offerName(id, name) {
  const input = $(id);
  if (name && (!input.value || input.dataset.offered === input.value)) {
    input.value = name;
    input.dataset.offered = name;
  }
}

// A metric as the page prints it: 4 decimals, "—" where there is none.
function decimal(value) {
  return value === null || value === undefined ? "—" : Number(value).toFixed(4);
}

// A time the API gives (ISO 8601, UTC) as the page prints it, to the
// second: 2026-11-29 23:40:14 (the T and milliseconds made the versions
// table's column break mid-date on a narrow screen).
function dateTime(iso) {
  return iso.slice(0, 19).replace("T", " ");
}

function percent(value) {
  return (value * 100).toFixed(2) + "%";
}

// Downloads "path" with the token (never in a URL): fetched, then saved from
// a blob: URL under the file name the service gives, else "name". Resolves
// to {name, bytes} of the file saved; throws the API's error.
async function download(path, name) {
  const response = await fetch(path, { headers: headers({}) });
  if (!response.ok) throw failure(response, await response.text());
  const blob = await response.blob();
  const given = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
  const link = element("a");
  link.href = URL.createObjectURL(blob);
  link.download = given ? given[1] : name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return { name: link.download, bytes: blob.size };
}
`;

/** The whole script, its parts in the order they depend on each other. */
export const PAGE_SCRIPT = [
  CORE_SCRIPT,
  CHARTS_SCRIPT,
  CURVES_SCRIPT,
  METRICS_SCRIPT,
  THRESHOLD_STORE_SCRIPT,
  PREDICT_SCRIPT,
  MODEL_VIEW_SCRIPT,
  VERSIONS_SCRIPT,
  // Before the models list, which fills the job form's model choice (and so
  // its versions) as the page loads.
  PREDICT_JOB_VERSION_SCRIPT,
  MODELS_SCRIPT,
  TRAIN_FORM_SCRIPT,
  DATASET_UPLOAD_SCRIPT,
  DATASETS_SCRIPT,
  JOB_EVENTS_SCRIPT,
  JOB_VIEW_SCRIPT,
  PREDICT_JOB_SCRIPT,
  JOBS_SCRIPT,
].join("\n");
