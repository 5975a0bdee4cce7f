// What the end-to-end files share: a Worker under `wrangler dev`, a headless
// Chromium (Debian's, driven by playwright-core), a page's console errors and
// CSP violations, and screenshots into test-artifacts/ (ignored by git: they
// are a run's evidence, not sources).
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { startDevServer } from "../../bench/dev-server.mjs";

export const TOKEN = "e2e-token";
export const READ_TOKEN = "e2e-read-token";
export const TOY_CSV =
  "hours_lecture,hours_lab,passed\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
/** The two-class metrics the page prints at 4 decimals, by their API names. */
export const BINARY_METRIC_KEYS = [
  "accuracy",
  "precision",
  "recall",
  "f1",
  "specificity",
  "logLoss",
  "rocAuc",
];
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Starts `wrangler dev` with `vars` (API_TOKEN is TOKEN unless given). */
export function startServer(vars = {}) {
  return startDevServer({ API_TOKEN: TOKEN, LOG_LEVEL: "error", ...vars });
}

/** Launches the headless Chromium the tests drive. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Starts a Worker (with `vars`) and a browser before the file's tests, runs
 * `ready(server)` once both are up, and stops them after the tests. Returns
 * the object whose `server` and `browser` the tests then use.
 */
export function serverAndBrowser(vars = {}, ready = async () => {}) {
  const run = {};
  beforeAll(async () => {
    run.server = await startServer(vars);
    run.browser = await launchBrowser();
    await ready(run.server);
  }, 120_000);
  afterAll(async () => {
    await run.browser?.close();
    run.server?.stop();
  });
  return run;
}

/** Console errors, script errors and CSP violations of `page`, as they come. */
export function problemsOf(page) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

/**
 * Saves a screenshot of `page` as test-artifacts/`name`.png: the whole page,
 * or with `fullPage` false the window only.
 */
export async function screenshot(page, name, fullPage = true) {
  mkdirSync("test-artifacts", { recursive: true });
  await page.screenshot({ path: `test-artifacts/${name}.png`, fullPage });
}

/** The API's answer to `path` on `server`, with the write token. */
export async function apiCall(server, path, init = {}) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
  });
  return response;
}

/** Trains `name` on `csv` through the API (query `options`); 201 or throws. */
export async function train(server, name, csv, options = {}) {
  const query = new URLSearchParams(options);
  const response = await apiCall(server, `/v1/models/${name}?${query}`, {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body: csv,
  });
  if (response.status !== 201)
    throw new Error(`training ${name}: ${await response.text()}`);
  return response.json();
}

/**
 * Waits until the page shows model `name` whole. The result section is
 * unhidden before the page has fetched the report's text and pointed the
 * predict form at the model, so a test that only waited for it could predict
 * against no model at all (CI saw "no route GET /v1/models//predict").
 */
export async function shown(page, name) {
  await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
  await page.waitForFunction(
    (expected) =>
      document.getElementById("predict").dataset.model === expected &&
      document.getElementById("report").textContent !== "",
    name,
    { timeout: 30_000 },
  );
}

/**
 * A new page at `path` of `run`'s Worker, in a window of `viewport`, and
 * the list its console errors and CSP violations go to.
 */
export async function openPage(
  run,
  viewport = { width: 1100, height: 1700 },
  path = "/",
) {
  const page = await run.browser.newPage({ viewport });
  const problems = problemsOf(page);
  await page.goto(`${run.server.url}${path}`);
  return { page, problems };
}

/** Chooses model `name` in the page's list and waits until it is shown. */
export async function openModel(page, name) {
  await page.click(`#models li[data-model=${name}] button.open`);
  await shown(page, name);
}

/**
 * Waits until the charts `ids` (the cost and ROC curves unless given) have
 * loaded (naturalWidth is 0 for a broken one).
 */
export async function chartsLoaded(page, ids = ["#history", "#roc"]) {
  for (const id of ids) {
    await expect
      .poll(() => page.$eval(id, (img) => img.naturalWidth))
      .toBeGreaterThan(0);
  }
}
