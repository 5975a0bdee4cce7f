// The page at `/` in a real headless Chromium against the Worker under
// `wrangler dev`: train through the page (the toy data, a CSV file with the
// options people use most, three classes), read every metric it shows
// against the API's report, move the threshold over the ROC curve's points
// against `POST /evaluate` at the same threshold, and predict with per-row
// explanations against the stored weights. Every test fails on a console
// error or a CSP violation. Screenshots go to test-artifacts/ (page*.png).
// Run with `npm run test:e2e`.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINARY_METRIC_KEYS,
  READ_TOKEN,
  TOKEN,
  TOY_CSV,
  apiCall,
  chartsLoaded,
  openModel,
  openPage,
  problemsOf,
  screenshot,
  serverAndBrowser,
  shown,
  startServer,
  train,
} from "./browser.mjs";

// The lab's diabetes data: 759 rows of 8 features, no header (npm run data).
const DIABETES = "data/data-03-diabetes.csv";
const NAMES = ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8"];

const run = serverAndBrowser();

/** The report of `name` from the API. */
async function reportOf(name) {
  return (await apiCall(run.server, `/v1/models/${name}/report`)).json();
}

it("trains the toy model through the page and shows its accuracy and warning", async () => {
  const page = await run.browser.newPage({
    viewport: { width: 1100, height: 1700 },
  });
  const problems = problemsOf(page);

  await page.goto(run.server.url);
  await expect.poll(() => page.textContent("#models")).toBe("no models yet");
  await page.fill("#token", TOKEN);
  await page.click("#use-toy");
  // The header's feature fields are offered as the feature names.
  expect(await page.inputValue("#feature-names")).toBe(
    "hours_lecture,hours_lab",
  );
  await page.fill("#name", "toy");
  await page.click("#train button[type=submit]");

  await shown(page, "toy");
  expect(await page.textContent("#status")).toBe("trained toy version 1");
  expect(await page.textContent("#accuracy")).toBe("100.00%");
  expect(await page.textContent("#c1-1")).toBe("3");
  expect(await page.textContent("#c0-0")).toBe("3");
  expect(await page.textContent("#c1-0")).toBe("0");
  // The toy model's one warning, beside its accuracy: its classes are
  // separated and its weights still growing.
  expect(await page.isVisible("#warnings")).toBe(true);
  expect(
    await page.$$eval("#warnings li", (items) =>
      items.map((item) => item.dataset.code),
    ),
  ).toEqual(["perfect_separation"]);
  expect(await page.textContent("#warnings li")).toMatch(
    /^perfect_separation: training accuracy is 1 and the weights are still growing/,
  );
  const report = await page.textContent("#report");
  expect(report).toContain("Epoch 1000/1000 Cost: 0.019852 Accuracy 100.00%");
  // Both pictures loaded (naturalWidth is 0 for a broken image).
  await chartsLoaded(page);
  await expect
    .poll(() => page.textContent("#models"))
    .toContain("toy v1 (100.00%)");
  await screenshot(page, "page");
  // No script errors and no CSP violations.
  expect(problems).toEqual([]);
}, 120_000);

it("trains a CSV file with the options and shows every metric of both sets", async () => {
  const { page, problems } = await openPage(run, { width: 1100, height: 1700 });
  await page.fill("#token", TOKEN);
  await page.setInputFiles("#file", DIABETES);
  // The name comes from the file's name, the rows from the file.
  await expect.poll(() => page.inputValue("#name")).toBe("data-03-diabetes");
  expect(await page.inputValue("#csv")).toBe(readFileSync(DIABETES, "utf8"));
  // No header to offer: the names are typed in.
  expect(await page.inputValue("#feature-names")).toBe("");
  await page.fill("#feature-names", NAMES.join(", "));
  await page.fill("#epochs", "200");
  await page.fill("#lr", "0.1");
  await page.selectOption("#optimizer", "adam");
  await page.fill("#l2", "0.01");
  await page.fill("#validation", "0.2");
  await page.check("#standardize");
  await page.click("#train button[type=submit]");
  await shown(page, "data-03-diabetes");
  expect(await page.textContent("#status")).toBe(
    "trained data-03-diabetes version 1",
  );

  // The model records each option the form set.
  const model = await (
    await apiCall(run.server, "/v1/models/data-03-diabetes")
  ).json();
  expect(model).toMatchObject({
    epochs: 200,
    lr: 0.1,
    l2: 0.01,
    standardize: true,
    featureNames: NAMES,
    optimizer: { adam: { beta1: 0.9, beta2: 0.999 } },
  });
  const report = await reportOf("data-03-diabetes");
  expect(report.validation).toMatchObject({ fraction: 0.2 });

  // Every metric of both sets, as the report gives it, 4 decimals.
  for (const set of ["training", "validation"]) {
    const m = report.metrics[set];
    expect(await page.textContent(`#m-${set}-samples`)).toBe(String(m.samples));
    for (const key of BINARY_METRIC_KEYS) {
      expect(await page.textContent(`#m-${set}-${key}`), `${set} ${key}`).toBe(
        m[key].toFixed(4),
      );
    }
  }
  // One bar per feature, by name, in standardized units.
  expect(await page.textContent("#weights-note")).toContain(
    "standardized units",
  );
  const bars = await page.$$eval("#weights-chart g.weight", (groups) =>
    groups.map((g) => [g.dataset.feature, g.lastElementChild.textContent]),
  );
  expect(bars).toEqual(
    NAMES.map((name, j) => [name, model.standardizedWeights.w[j].toFixed(3)]),
  );
  // The predict form asks for this model's 8 values, by name.
  expect(await page.getAttribute("#row", "placeholder")).toBe(NAMES.join(","));
  expect(await page.textContent("#row-label")).toContain(
    "8 comma-separated values",
  );
  await screenshot(page, "page-trained-with-options");
  expect(problems).toEqual([]);
}, 120_000);

it("moves the threshold over the ROC points with the keyboard, as /evaluate counts", async () => {
  const csv = readFileSync(DIABETES, "utf8");
  await train(run.server, "diabetes", csv, { epochs: "200" });
  const { page, problems } = await openPage(run, { width: 1100, height: 1700 });
  await openModel(page, "diabetes");
  expect(await page.textContent("#threshold-value")).toBe(
    "0.5000 (the model's)",
  );

  // The page's counts and metrics at the slider's point, and the API's
  // evaluation of the same rows at that point's threshold.
  async function expectAsEvaluated() {
    const threshold = await page.$eval(
      "#threshold",
      (s) => s.points[Number(s.value)].threshold,
    );
    const answer = await apiCall(
      run.server,
      `/v1/models/diabetes/evaluate?threshold=${threshold}`,
      { method: "POST", headers: { "content-type": "text/csv" }, body: csv },
    );
    const evaluated = await answer.json();
    const c = evaluated.confusionMatrix;
    const cells = ["#c1-1", "#c1-0", "#c0-1", "#c0-0"];
    const counts = await Promise.all(cells.map((id) => page.textContent(id)));
    expect(counts.map(Number)).toEqual([c.tp, c.fn, c.fp, c.tn]);
    expect(await page.textContent("#threshold-metrics")).toBe(
      [
        ["accuracy", evaluated.accuracy],
        ["precision", evaluated.precision],
        ["recall", evaluated.recall],
        ["F1", evaluated.f1],
        ["specificity", evaluated.specificity],
      ]
        .map(([k, v]) => `${k} ${v.toFixed(4)}`)
        .join(", "),
    );
    return c;
  }

  await page.focus("#threshold");
  await page.keyboard.press("Home");
  // The lowest threshold: every row positive.
  const all = await expectAsEvaluated();
  expect(all.fn + all.tn).toBe(0);
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
  const moved = await expectAsEvaluated();
  expect(moved.fp).toBeLessThan(all.fp);
  await screenshot(page, "page-threshold");
  await page.keyboard.press("End");
  expect(await page.textContent("#threshold-value")).toBe("above every score");
  expect(await page.textContent("#c1-1")).toBe("0");
  expect(await page.textContent("#c0-1")).toBe("0");
  expect(problems).toEqual([]);
}, 120_000);

it("predicts two rows with each feature's share of the logit", async () => {
  const { page, problems } = await openPage(run, { width: 1100, height: 1700 });
  await openModel(page, "toy");
  expect(await page.getAttribute("#row", "placeholder")).toBe(
    "hours_lecture,hours_lab",
  );
  const { weights } = await (
    await apiCall(run.server, "/v1/models/toy")
  ).json();
  const rows = [
    [4, 3],
    [1, 2],
  ];
  await page.fill("#row", rows.map((r) => r.join(",")).join("\n"));
  await page.click("#predict button[type=submit]");
  await page.waitForSelector("#explanation-1");
  const shownProbabilities = (await page.textContent("#prediction")).match(
    /probability (0\.\d{4})/g,
  );
  for (const [i, row] of rows.entries()) {
    const table = await page.$$eval(`#explanation-${i} tr`, (trs) =>
      trs.slice(1).map((tr) => Array.from(tr.cells, (c) => c.textContent)),
    );
    const parts = row.map((x, j) => weights.w[j] * x);
    const logit = parts.reduce((s, p) => s + p, weights.b);
    expect(table).toEqual([
      ["hours_lecture", String(row[0]), parts[0].toFixed(4)],
      ["hours_lab", String(row[1]), parts[1].toFixed(4)],
      ["bias", "", weights.b.toFixed(4)],
      ["logit", "", logit.toFixed(4)],
    ]);
    const p = Number(shownProbabilities[i].split(" ")[1]);
    expect(Math.abs(p - 1 / (1 + Math.exp(-logit)))).toBeLessThanOrEqual(6e-5);
  }
  expect(await page.textContent("#prediction")).toMatch(
    /^row 1: probability 0\.\d{4}, label 1; row 2: probability 0\.\d{4}, label 0$/,
  );
  await screenshot(page, "page-predict");
  expect(problems).toEqual([]);
}, 120_000);

it("trains a model of three classes and shows its 3 × 3 matrix and per-class metrics", async () => {
  const page = await run.browser.newPage();
  const problems = problemsOf(page);
  await page.goto(run.server.url);
  await page.fill("#token", TOKEN);
  await page.fill(
    "#csv",
    "# three clusters\nx,class\n0,0\n0.1,0\n5,1\n5.1,1\n10,2\n10.2,2\n",
  );
  await page.fill("#name", "three");
  await page.fill("#lr", "0.1");
  await page.click("#train button[type=submit]");
  await shown(page, "three");
  expect(await page.textContent("#status")).toBe("trained three version 1");
  expect(await page.$$eval("#confusion tr", (rows) => rows.length)).toBe(4);
  const diagonal = await Promise.all(
    ["#c0-0", "#c1-1", "#c2-2"].map((id) => page.textContent(id)),
  );
  const total = diagonal.reduce((sum, n) => sum + Number(n), 0);
  expect(await page.textContent("#accuracy")).toBe(
    ((total / 6) * 100).toFixed(2) + "%",
  );
  const report = await reportOf("three");
  const m = report.metrics.training;
  expect(await page.textContent("#m-training-cost")).toBe(m.cost.toFixed(4));
  expect(await page.textContent("#m-training-macro-f1")).toBe(
    m.macro.f1.toFixed(4),
  );
  expect(await page.textContent("#m-training-weighted-precision")).toBe(
    m.weighted.precision.toFixed(4),
  );
  // A row per class: precision, recall, F1 and support.
  expect(
    await page.$$eval("#class-metrics tr", (trs) =>
      trs.slice(1).map((tr) => Array.from(tr.cells, (c) => c.textContent)),
    ),
  ).toEqual(
    report.classes.map((c, k) => [
      String(c),
      m.precision[k].toFixed(4),
      m.recall[k].toFixed(4),
      m.f1[k].toFixed(4),
      String(m.support[k]),
    ]),
  );
  // No threshold with many classes, and no ROC curve.
  expect(await page.isVisible("#threshold-control")).toBe(false);
  expect(await page.$eval("#roc", (img) => img.hidden)).toBe(true);
  await page.fill("#row", "10");
  await page.click("#predict button[type=submit]");
  await expect
    .poll(() => page.textContent("#prediction"))
    .toMatch(/^probability 0\.\d{4}, label [0-2]$/);
  expect(await page.textContent("#explanation-0 caption")).toMatch(
    /^row 1: logit of class [0-2], feature by feature$/,
  );
  expect(problems).toEqual([]);
}, 120_000);

it("shows the API's error when a write has no token", async () => {
  const page = await run.browser.newPage();
  await page.goto(run.server.url);
  await page.click("#use-toy");
  await page.fill("#name", "no-token");
  await page.click("#train button[type=submit]");
  await expect
    .poll(() => page.textContent("#status"))
    .toContain("unauthorized: send Authorization: Bearer <token>");
}, 60_000);

it("says so when the token typed in is wrong, though reads are public", async () => {
  const page = await run.browser.newPage();
  await page.goto(run.server.url);
  await expect.poll(() => page.textContent("#models")).not.toBe("");
  const offered = () =>
    page.$$eval("#predict-job-model option", (o) => o.length);
  await expect.poll(offered).toBeGreaterThan(0);
  await page.fill("#token", "not-the-token");
  await page.press("#token", "Tab");
  await expect
    .poll(() => page.textContent("#models"))
    .toBe(
      "unauthorized: the bearer token is not valid (this read is public: send a valid token or no Authorization header)",
    );
  // The prediction-job form offers no model it could not list.
  await expect.poll(offered).toBe(0);
  await page.fill("#token", TOKEN);
  await page.press("#token", "Tab");
  await expect
    .poll(() => page.textContent("#models"))
    .not.toContain("unauthorized");
  await expect.poll(offered).toBeGreaterThan(0);
}, 60_000);

describe("with READ_TOKEN set", () => {
  let reading;

  beforeAll(async () => {
    reading = await startServer({ READ_TOKEN });
    await train(reading, "toy", TOY_CSV, { epochs: "1000" });
  }, 120_000);

  afterAll(() => reading?.stop());

  it("asks for no model without a token, and lists them once one is typed", async () => {
    const page = await run.browser.newPage();
    const problems = problemsOf(page);
    const asked = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(reading.url);
    // No read was sent (it would be a 401 in the console on every load).
    await expect
      .poll(() => page.textContent("#models"))
      .toBe("models are listed with a token: this Worker's reads need one");
    expect(asked.filter((path) => path.startsWith("/v1/"))).toEqual([]);
    await page.fill("#token", READ_TOKEN);
    await page.press("#token", "Tab");
    await expect
      .poll(() => page.textContent("#models"))
      .toContain("toy v1 (100.00%)");
    await expect.poll(() => page.inputValue("#predict-job-version")).toBe("1");
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("loads the charts with the token the page holds", async () => {
    // Reads need the token here: a plain <img src> would get a 401.
    for (const chart of ["history", "roc"]) {
      const url = `${reading.url}/v1/models/toy/${chart}.svg?version=1`;
      expect((await fetch(url)).status).toBe(401);
    }
    const context = await run.browser.newContext();
    // The page keeps the token in sessionStorage: a reader who typed it in
    // has it there when the page loads.
    await context.addInitScript((token) => {
      sessionStorage.setItem("token", token);
    }, READ_TOKEN);
    const page = await context.newPage();
    const problems = problemsOf(page);
    await page.goto(reading.url);
    expect(await page.inputValue("#token")).toBe(READ_TOKEN);
    expect(page.url()).not.toContain(READ_TOKEN);
    await expect
      .poll(() => page.textContent("#models"))
      .toContain("toy v1 (100.00%)");
    await page.click("#models button.open");
    await shown(page, "toy");
    expect(await page.textContent("#accuracy")).toBe("100.00%");
    for (const id of ["#history", "#roc"]) {
      await expect
        .poll(() => page.$eval(id, (img) => img.naturalWidth))
        .toBeGreaterThan(0);
      expect(await page.$eval(id, (img) => img.src)).toMatch(/^blob:/);
    }
    // No script errors, no failed loads and no CSP violations.
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
