// The page's "Large datasets" panel in a real headless Chromium against the
// Worker under `wrangler dev`: upload the lab's diabetes CSV (one PUT) and a
// file past one part (in parts of 5 MiB, the bar moving within each part
// under throttled uploads), cancel an upload, start a training job with the
// lab's options and watch it succeed through its event stream (read with
// fetch and the token, never a URL), its cost curve and final cost, open the
// model it stored, score a labelled file by a prediction job started from
// its form with a version or an alias chosen among the model's (output
// downloaded, metrics as /evaluate gives them), and cancel a long job.
// Every test fails on a console error or a CSP violation;
// screenshots go to test-artifacts/ (jobs*.png). Run with
// `npm run test:e2e -- tests/e2e/jobs.e2e.mjs`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import {
  BINARY_METRIC_KEYS,
  TOKEN,
  TOY_CSV,
  apiCall,
  openPage,
  screenshot,
  serverAndBrowser,
  shown,
  train,
} from "./browser.mjs";

// The lab's diabetes data: 759 rows of 8 features, no header (npm run data).
const DIABETES = "data/data-03-diabetes.csv";
const DIABETES_CSV = readFileSync(DIABETES);
// Parts of R2's smallest size, so a test file of 11 MB goes in three.
const PART_BYTES = 5 * 1024 * 1024;
// The lab's final logged cost, epoch 100 (tests/fixtures/lab05.ts).
const LAB_FINAL_COST = "0.480661";

const run = serverAndBrowser({ DATASET_PART_BYTES: String(PART_BYTES) });

/** A file of the diabetes rows `times` over, written under bench/out/. */
function repeated(times, name) {
  mkdirSync("bench/out", { recursive: true });
  const path = `bench/out/${name}.csv`;
  writeFileSync(path, Buffer.concat(Array(times).fill(DIABETES_CSV)));
  return path;
}

/** The page, with the token typed in and the dataset and job lists loaded. */
async function pageWithToken(viewport) {
  const opened = await openPage(run, viewport);
  await opened.page.fill("#token", TOKEN);
  await opened.page.press("#token", "Tab");
  return opened;
}

/** Uploads `path` through the page and waits for its status line. */
async function upload(page, path) {
  await page.setInputFiles("#dataset-file", path);
  await page.click("#upload-start");
  await expect
    .poll(() => page.textContent("#upload-status"), { timeout: 60_000 })
    .toMatch(/^uploaded |error|:/);
}

it("uploads the diabetes CSV, trains it by a job with the lab's options and opens the model", async () => {
  const { page, problems } = await pageWithToken();
  const requests = [];
  page.on("request", (r) => requests.push(r));
  await expect
    .poll(() => page.textContent("#datasets"))
    .toBe("no datasets yet");

  await upload(page, DIABETES);
  // The name comes from the file's name; one PUT, the bar at 100%.
  expect(await page.inputValue("#dataset-name")).toBe("data-03-diabetes");
  expect(await page.textContent("#upload-status")).toBe(
    `uploaded data-03-diabetes (${DIABETES_CSV.length} bytes)`,
  );
  expect(await page.$eval("#upload-progress", (p) => p.value)).toBe(100);
  expect(await page.textContent("#upload-percent")).toBe("100%");
  const stored = await apiCall(
    run.server,
    "/v1/datasets/data-03-diabetes/content",
  );
  expect(Buffer.from(await stored.arrayBuffer()).equals(DIABETES_CSV)).toBe(
    true,
  );
  // Listed with its size, and offered to the job form with a model name.
  await expect
    .poll(() => page.textContent("#datasets li[data-dataset=data-03-diabetes]"))
    .toContain("data-03-diabetes (53.4 kB");
  expect(await page.inputValue("#job-dataset")).toBe("data-03-diabetes");
  expect(await page.inputValue("#job-model")).toBe("data-03-diabetes");

  // The lab's options: 100 epochs, lr 1, plain gradient descent, bce, zeros.
  await page.fill("#job-model", "diabetes-job");
  await page.fill("#epochs", "100");
  await page.fill("#lr", "1");
  await page.selectOption("#optimizer", "sgd");
  await page.click("#job-start button[type=submit]");
  await expect
    .poll(() => page.textContent("#job-state"), { timeout: 60_000 })
    .toBe("succeeded");
  const id = await page.textContent("#job-id");
  const job = await (await apiCall(run.server, `/v1/jobs/${id}`)).json();
  expect(job.options).toEqual({ epochs: 100, lr: 1 });
  expect(job.result).toEqual({ model: "diabetes-job", version: 1 });

  // The bar full, epoch 100 of 100, one point per logged epoch, the
  // lab's last cost.
  expect(await page.$eval("#job-progress", (p) => p.value)).toBe(1);
  expect(await page.textContent("#job-epoch")).toBe("100%, epoch 100/100");
  const points = await page.$$eval("#job-chart circle.point", (circles) =>
    circles.map((c) => c.textContent),
  );
  expect(points).toEqual(
    job.history.map((l) => `epoch ${l.epoch}: cost ${l.cost.toFixed(6)}`),
  );
  expect(points).toHaveLength(11);
  expect(await page.textContent("#job-cost")).toMatch(
    new RegExp(`^Epoch 100 cost ${LAB_FINAL_COST}, accuracy 76\\.68%$`),
  );
  // The events were read with fetch and the token in a header, never in a URL.
  const stream = requests.find((r) =>
    r.url().endsWith(`/v1/jobs/${id}/events`),
  );
  expect(stream.headers().authorization).toBe(`Bearer ${TOKEN}`);
  expect(requests.some((r) => r.url().includes(TOKEN))).toBe(false);

  // The model list has the new version; the job's button opens it.
  await expect
    .poll(() => page.textContent("#models"))
    .toContain("diabetes-job v1 (76.68%)");
  expect(await page.textContent("#job-open-model")).toBe(
    "open diabetes-job v1",
  );
  await page.click("#job-open-model");
  await shown(page, "diabetes-job");
  expect(await page.textContent("#accuracy")).toBe("76.68%");
  // The jobs list has it, also under the succeeded filter.
  await page.selectOption("#jobs-state", "succeeded");
  await expect
    .poll(() =>
      page.$eval(`#jobs li[data-job="${id}"]`, (li) => li.dataset.state),
    )
    .toBe("succeeded");
  await page.locator("#job").scrollIntoViewIfNeeded();
  await screenshot(page, "jobs-succeeded");
  expect(problems).toEqual([]);
}, 120_000);

it("uploads a file past one part in parts, and a cancelled upload leaves nothing", async () => {
  const path = repeated(210, "diabetes-x210");
  const bytes = readFileSync(path);
  expect(bytes.length).toBeGreaterThan(2 * PART_BYTES);
  const { page, problems } = await pageWithToken();
  const parts = [];
  page.on("request", (r) => {
    const part = r.url().match(/\/parts\/(\d+)$/);
    if (part) parts.push(Number(part[1]));
  });

  // Uploads throttled to 8 MB/s (Chromium's DevTools network conditions),
  // so a part takes about 0.65 s and its progress events come between.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 8_000_000,
  });
  // Every percent the bar shows, as it shows it.
  await page.evaluate(() => {
    window.percents = [];
    const shown = document.getElementById("upload-percent");
    new MutationObserver(() => window.percents.push(shown.textContent)).observe(
      shown,
      { childList: true, characterData: true, subtree: true },
    );
  });
  await upload(page, path);
  expect(await page.textContent("#upload-status")).toBe(
    `uploaded diabetes-x210 (${bytes.length} bytes, in parts)`,
  );
  expect(parts).toEqual([1, 2, 3]);
  await cdp.detach();
  // The bar moved within each whole part, never back: a percent strictly
  // between the part's first and last byte's (part 3 is 0.7 MB, too short
  // to count on an event within it).
  const percents = (await page.evaluate(() => window.percents)).map((p) =>
    Number(p.slice(0, -1)),
  );
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  for (const n of [1, 2]) {
    const from = Math.round((((n - 1) * PART_BYTES) / bytes.length) * 100);
    const to = Math.round(((n * PART_BYTES) / bytes.length) * 100);
    expect(percents.some((p) => p > from && p < to)).toBe(true);
  }
  expect(await page.textContent("#upload-percent")).toBe("100%");
  const stored = await apiCall(
    run.server,
    "/v1/datasets/diabetes-x210/content",
  );
  expect(Buffer.from(await stored.arrayBuffer()).equals(bytes)).toBe(true);

  // Part 2 held back until the upload is cancelled: the bar stops at one
  // part of three, the upload is aborted, nothing is stored.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/parts/2", async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  const aborts = [];
  page.on("request", (r) => {
    if (r.method() === "DELETE" && r.url().includes("/uploads/"))
      aborts.push(r);
  });
  await page.fill("#dataset-name", "cancelled-upload");
  await page.click("#upload-start");
  await expect
    .poll(() => page.textContent("#upload-status"))
    .toBe("uploading part 2 of 3…");
  expect(await page.textContent("#upload-percent")).toBe(
    `${Math.round((PART_BYTES / bytes.length) * 100)}%`,
  );
  await screenshot(page, "jobs-upload-parts", false);
  await page.click("#upload-cancel");
  await expect
    .poll(() => page.textContent("#upload-status"))
    .toBe("upload cancelled");
  release();
  await expect.poll(() => aborts.length).toBe(1);
  expect(await page.textContent("#upload-percent")).toBe("0%");
  const gone = await apiCall(run.server, "/v1/datasets/cancelled-upload");
  expect(gone.status).toBe(404);

  // The stored one deleted from the keyboard, after the question.
  await page.focus('#datasets li[data-dataset="diabetes-x210"] button.danger');
  await page.keyboard.press("Enter");
  expect(
    await page.textContent('#datasets li[data-dataset="diabetes-x210"] span'),
  ).toBe("Delete dataset diabetes-x210? Jobs can no longer train on it. ");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#datasets-status"))
    .toBe("deleted dataset diabetes-x210");
  await expect
    .poll(() => page.evaluate(() => document.activeElement.id))
    .toBe("datasets-status");
  expect((await apiCall(run.server, "/v1/datasets/diabetes-x210")).status).toBe(
    404,
  );
  expect(problems).toEqual([]);
}, 120_000);

/** Starts a job on `dataset` with the lab's options through the page; its id. */
async function startLabJob(page, dataset, model) {
  await expect
    .poll(() =>
      page.$$eval("#job-dataset option", (o) => o.map((x) => x.value)),
    )
    .toContain(dataset);
  await page.selectOption("#job-dataset", dataset);
  await page.fill("#job-model", model);
  await page.click("#job-start button[type=submit]");
  await expect
    .poll(() => page.textContent("#job-status"), { timeout: 60_000 })
    .toMatch(/^started job /);
  return page.textContent("#job-id");
}

/** Stores the diabetes CSV as dataset `name` through the API. */
async function putDiabetes(name) {
  const put = await apiCall(run.server, `/v1/datasets/${name}`, {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body: DIABETES_CSV,
  });
  expect(put.status).toBe(201);
}

it("takes a dropped event stream up again after its last event (Last-Event-ID)", async () => {
  await putDiabetes("diabetes-resume");
  const { page, problems } = await pageWithToken({ width: 390, height: 844 });
  // The first stream is cut after its third event, as a dropped
  // connection leaves it; the next goes to the Worker untouched.
  const streams = [];
  await page.route("**/v1/jobs/*/events", async (route) => {
    streams.push(route.request().headers());
    if (streams.length > 1) return route.continue();
    const whole = await (await route.fetch()).text();
    const three = whole.split("\n\n").slice(0, 3).join("\n\n") + "\n\n";
    await route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: three,
    });
  });
  await startLabJob(page, "diabetes-resume", "resumed");
  await expect
    .poll(() => page.textContent("#job-state"), { timeout: 60_000 })
    .toBe("succeeded");
  expect(streams).toHaveLength(2);
  expect(streams[0]["last-event-id"]).toBeUndefined();
  expect(streams[1]["last-event-id"]).toBe("3");
  expect(await page.textContent("#job-connection")).toBe("(events (resumed))");
  expect(streams[1].authorization).toBe(`Bearer ${TOKEN}`);
  // The epochs came in the second stream: the whole curve, the lab's cost.
  expect(await page.$$eval("#job-chart circle.point", (c) => c.length)).toBe(
    11,
  );
  expect(await page.textContent("#job-cost")).toContain(
    `Epoch 100 cost ${LAB_FINAL_COST}`,
  );
  // A 390 px screen: the page never scrolls sideways; the curve keeps 540
  // of its 640 px (its text readable) and scrolls in its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(
    390,
  );
  const curve = await page.$eval(
    "#job-chart svg",
    (svg) => svg.getBoundingClientRect().width,
  );
  expect(curve).toBeGreaterThanOrEqual(540);
  await page.locator("#job").scrollIntoViewIfNeeded();
  await screenshot(page, "jobs-390px", false);
  expect(problems).toEqual([]);
}, 120_000);

it("polls the job when its event stream keeps failing", async () => {
  await putDiabetes("diabetes-polled");
  const { page, problems } = await pageWithToken();
  let refused = 0;
  await page.route("**/v1/jobs/*/events", (route) => {
    refused++;
    return route.abort("failed");
  });
  const polls = [];
  page.on("request", (r) => {
    if (/\/v1\/jobs\/[0-9a-f-]+$/.test(r.url())) polls.push(r);
  });
  await startLabJob(page, "diabetes-polled", "polled");
  await expect
    .poll(() => page.textContent("#job-state"), { timeout: 60_000 })
    .toBe("succeeded");
  expect(await page.textContent("#job-connection")).toBe(
    "(polling (events failed))",
  );
  expect(refused).toBe(3);
  expect(polls.length).toBeGreaterThan(0);
  expect(await page.textContent("#job-cost")).toContain(
    `Epoch 100 cost ${LAB_FINAL_COST}`,
  );
  expect(await page.textContent("#job-open-model")).toBe("open polled v1");
  // Only the three refused streams reached the console.
  expect(problems).toEqual(
    Array(3).fill("Failed to load resource: net::ERR_FAILED"),
  );
}, 120_000);

it("scores a labelled dataset by a prediction job from its form, downloads the output and shows /evaluate's metrics", async () => {
  // The first 200 rows of the diabetes data (labelled: the class last); the
  // lab's model trained on the whole file through the API as scorer v1, a
  // shorter run as v2 (the newest), aliases on each, and a toy model.
  const rows = DIABETES_CSV.toString().split("\n").slice(0, 200);
  mkdirSync("bench/out", { recursive: true });
  const path = "bench/out/diabetes-200.csv";
  writeFileSync(path, rows.join("\n") + "\n");
  await train(run.server, "scorer", DIABETES_CSV, { epochs: 100, lr: 1 });
  await train(run.server, "scorer", DIABETES_CSV, { epochs: 10, lr: 1 });
  await train(run.server, "toy", TOY_CSV);
  for (const [alias, version] of [
    ["candidate", 1],
    ["stale", 2],
  ]) {
    const set = await apiCall(
      run.server,
      `/v1/models/scorer/aliases/${alias}`,
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version }),
      },
    );
    expect(set.status).toBe(200);
  }
  const { page, problems } = await pageWithToken();
  const requests = [];
  page.on("request", (r) => requests.push(r));
  await upload(page, path);
  expect(await page.textContent("#upload-status")).toMatch(
    /^uploaded diabetes-200 /,
  );

  // Every control of the form has its label (an accessible name would also
  // hold a select's chosen option); the output name is offered from the
  // dataset's.
  const labels = await page.$$eval(
    "#predict-job-start input, #predict-job-start select",
    (controls) =>
      controls.map((c) => [c.id, c.labels[0].firstChild.textContent.trim()]),
  );
  expect(labels).toEqual([
    ["predict-job-dataset", "dataset"],
    ["predict-job-model", "model"],
    ["predict-job-version", "version"],
    ["predict-job-output", "output dataset"],
  ]);
  await expect
    .poll(() =>
      page.$$eval("#predict-job-model option", (o) => o.map((x) => x.value)),
    )
    .toContain("scorer");
  await page.selectOption("#predict-job-dataset", "diabetes-200");
  expect(await page.inputValue("#predict-job-output")).toBe(
    "diabetes-200-scores",
  );
  // The version choice follows the model chosen: the toy's one version,
  // then scorer's versions, newest first and chosen, and its aliases.
  const versionChoices = () =>
    page.$$eval("#predict-job-version option", (o) =>
      o.map((x) => [x.value, x.textContent]),
    );
  await page.selectOption("#predict-job-model", "toy");
  await expect.poll(versionChoices).toEqual([["1", "v1 (newest)"]]);
  await page.selectOption("#predict-job-model", "scorer");
  await expect.poll(versionChoices).toEqual([
    ["2", "v2 (newest, stale)"],
    ["1", "v1 (candidate)"],
    ["candidate", "candidate (v1)"],
    ["stale", "stale (v2)"],
  ]);
  expect(await page.inputValue("#predict-job-version")).toBe("2");
  // Version 1 chosen from the keyboard, and the form sent with Enter.
  await page.focus("#predict-job-version");
  await page.keyboard.press("ArrowDown");
  expect(await page.inputValue("#predict-job-version")).toBe("1");
  // Refused first, naming what is wrong, and no job started: the output
  // named as the dataset read, then an alias deleted since the page
  // listed it.
  await page.fill("#predict-job-output", "diabetes-200");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#predict-job-status"))
    .toBe(
      "invalid_option: output is diabetes-200, the dataset the job reads: name another dataset to write",
    );
  expect(await page.getAttribute("#predict-job-status", "class")).toBe("error");
  const posted = () =>
    JSON.parse(
      requests
        .findLast((r) => r.method() === "POST" && r.url().endsWith("/v1/jobs"))
        .postData(),
    );
  expect(posted().version).toBe(1);
  const unset = await apiCall(run.server, "/v1/models/scorer/aliases/stale", {
    method: "DELETE",
  });
  expect(unset.status).toBe(204);
  await page.fill("#predict-job-output", "diabetes-200-scores");
  await page.selectOption("#predict-job-version", "stale");
  await page.press("#predict-job-output", "Enter");
  await expect
    .poll(() => page.textContent("#predict-job-status"))
    .toBe("model_not_found: model scorer has no alias stale");
  const none = await (
    await apiCall(run.server, "/v1/jobs?model=scorer")
  ).json();
  expect(none.jobs).toEqual([]);
  // The alias candidate chosen: the job pins version 1, the one it names.
  await page.selectOption("#predict-job-version", "candidate");
  await page.press("#predict-job-output", "Enter");
  await expect
    .poll(() => page.textContent("#predict-job-status"), { timeout: 60_000 })
    .toMatch(/^started prediction job /);
  expect(posted()).toEqual({
    kind: "predict",
    dataset: "diabetes-200",
    model: "scorer",
    version: "candidate",
    output: "diabetes-200-scores",
  });
  await expect
    .poll(() => page.textContent("#job-state"), { timeout: 60_000 })
    .toBe("succeeded");
  // The job view names the version the alias pinned.
  expect(await page.textContent("#job-what")).toBe(
    "predict scorer v1 on diabetes-200",
  );
  expect(await page.textContent("#job-epoch")).toBe(
    "100%, 200/200 rows scored",
  );
  const id = await page.textContent("#job-id");
  const job = await (await apiCall(run.server, `/v1/jobs/${id}`)).json();
  expect(job.version).toBe(1);
  expect(job.result.dataset).toBe("diabetes-200-scores");
  expect(job.result.rows).toBe(200);

  // The output downloads from the keyboard, read with the token in a
  // header and saved from a blob: URL: a header and a line a row, the
  // bytes the API serves.
  expect(await page.textContent("#job-download")).toBe(
    "download diabetes-200-scores.csv (200 rows)",
  );
  await page.focus("#job-download");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.keyboard.press("Enter"),
  ]);
  expect(download.suggestedFilename()).toBe("diabetes-200-scores.csv");
  expect(download.url()).toMatch(/^blob:/);
  const saved = readFileSync(await download.path());
  const lines = saved.toString().trimEnd().split("\n");
  expect(lines[0]).toBe("probability,label");
  expect(lines).toHaveLength(201);
  expect(lines[1]).toMatch(/^0\.\d+,[01]$/);
  const served = await apiCall(
    run.server,
    "/v1/datasets/diabetes-200-scores/content",
  );
  expect(Buffer.from(await served.arrayBuffer()).equals(saved)).toBe(true);
  await expect
    .poll(() => page.textContent("#job-download-status"))
    .toBe(`downloaded diabetes-200-scores.csv (${saved.length} bytes)`);
  const content = requests.find((r) =>
    r.url().endsWith("/v1/datasets/diabetes-200-scores/content"),
  );
  expect(content.headers().authorization).toBe(`Bearer ${TOKEN}`);
  expect(requests.some((r) => r.url().includes(TOKEN))).toBe(false);

  // The metrics shown are /evaluate's on the same rows, at 4 decimals.
  const evaluated = await (
    await apiCall(run.server, "/v1/models/scorer/evaluate?version=1", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: rows.join("\n") + "\n",
    })
  ).json();
  expect(evaluated.samples).toBe(200);
  expect(await page.isVisible("#job-metrics")).toBe(true);
  expect(await page.textContent("#job-m-samples")).toBe("200");
  for (const key of ["threshold", ...BINARY_METRIC_KEYS]) {
    expect(await page.textContent(`#job-m-${key}`)).toBe(
      evaluated[key].toFixed(4),
    );
    expect(job.result.metrics[key]).toBe(evaluated[key]);
  }
  // The output is listed as a dataset once the job has ended.
  await expect
    .poll(() =>
      page.$$eval("#datasets li", (l) => l.map((x) => x.dataset.dataset)),
    )
    .toContain("diabetes-200-scores");
  await page.locator("#job").scrollIntoViewIfNeeded();
  await screenshot(page, "jobs-predict");
  // Only the two refused starts reached the console.
  expect(problems).toEqual([
    "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    "Failed to load resource: the server responded with a status of 404 (Not Found)",
  ]);
}, 120_000);

// Under `wrangler dev` the Worker answers while a job runs only because
// bench/dev-server.mjs sets JOB_STEP_YIELD (src/jobs/job-run.ts): without
// it, POST /v1/jobs answered once the job had ended, and this test fails.
it("cancels a long job, which ends cancelled with no model", async () => {
  // 5,000 epochs: a step each, each step ending at a boundary where a
  // cancel is honoured.
  await putDiabetes("diabetes-long");
  const { page, problems } = await pageWithToken({ width: 390, height: 844 });
  await page.fill("#epochs", "5000");
  await page.fill("#lr", "0.1");
  await startLabJob(page, "diabetes-long", "long-job");
  await page.click("#job-cancel");
  await expect
    .poll(() => page.textContent("#job-state"), { timeout: 90_000 })
    .toBe("cancelled");
  expect(await page.isDisabled("#job-cancel")).toBe(true);
  expect(await page.isHidden("#job-open-model")).toBe(true);
  const model = await apiCall(run.server, "/v1/models/long-job");
  expect(model.status).toBe(404);
  await page.selectOption("#jobs-state", "cancelled");
  await expect
    .poll(() =>
      page.$$eval("#jobs li", (items) => items.map((li) => li.dataset.state)),
    )
    .toEqual(["cancelled"]);
  // A 390 px screen: nothing overflows the page.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(
    390,
  );
  await page.locator("#job").scrollIntoViewIfNeeded();
  await screenshot(page, "jobs-cancelled-390px", false);
  expect(problems).toEqual([]);
}, 120_000);
