// The page at `/` in a real headless Chromium (Debian's chromium, driven by
// playwright-core) against the Worker under `wrangler dev`: train the lab's
// toy model through the page and read the accuracy and the warning it shows.
// Saves a screenshot to test-artifacts/page.png. Run with `npm run test:e2e`.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer } from "../../bench/dev-server.mjs";

const TOKEN = "e2e-token";
const READ_TOKEN = "e2e-read-token";
const TOY_CSV =
  "hours_lecture,hours_lab,passed\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let server;
let browser;

beforeAll(async () => {
  server = await startDevServer({ API_TOKEN: TOKEN, LOG_LEVEL: "error" });
  browser = await chromium.launch({
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
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

/** Console errors, script errors and CSP violations of `page`, as they come. */
function problemsOf(page) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

it("trains the toy model through the page and shows its accuracy and warning", async () => {
  const page = await browser.newPage({
    viewport: { width: 1100, height: 1700 },
  });
  const problems = problemsOf(page);

  await page.goto(server.url);
  await expect.poll(() => page.textContent("#models")).toBe("no models yet");
  await page.fill("#token", TOKEN);
  await page.click("#use-toy");
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
  for (const id of ["#history", "#roc"]) {
    await expect
      .poll(() => page.$eval(id, (img) => img.naturalWidth))
      .toBeGreaterThan(0);
  }

  await page.fill("#row", "4,3");
  await page.click("#predict button[type=submit]");
  await expect
    .poll(() => page.textContent("#prediction"))
    .toMatch(/^probability 0\.\d{4}, label 1$/);
  await expect
    .poll(() => page.textContent("#models"))
    .toContain("toy v1 (100.00%)");

  mkdirSync("test-artifacts", { recursive: true });
  await page.screenshot({ path: "test-artifacts/page.png", fullPage: true });
  // No script errors and no CSP violations.
  expect(problems).toEqual([]);
}, 120_000);

it("trains a model of three classes and shows its 3 × 3 matrix", async () => {
  const page = await browser.newPage();
  const problems = problemsOf(page);
  await page.goto(server.url);
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
  expect(await page.$eval("#roc", (img) => img.hidden)).toBe(true);
  await page.fill("#row", "10");
  await page.click("#predict button[type=submit]");
  await expect
    .poll(() => page.textContent("#prediction"))
    .toMatch(/^probability 0\.\d{4}, label [0-2]$/);
  expect(problems).toEqual([]);
}, 120_000);

it("shows the API's error when a write has no token", async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.click("#use-toy");
  await page.fill("#name", "no-token");
  await page.click("#train button[type=submit]");
  await expect
    .poll(() => page.textContent("#status"))
    .toContain("unauthorized: send Authorization: Bearer <token>");
}, 60_000);

describe("with READ_TOKEN set", () => {
  let reading;

  beforeAll(async () => {
    reading = await startDevServer({
      API_TOKEN: TOKEN,
      READ_TOKEN,
      LOG_LEVEL: "error",
    });
    const trained = await fetch(`${reading.url}/v1/models/toy?epochs=1000`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/csv" },
      body: TOY_CSV,
    });
    expect(trained.status).toBe(201);
  }, 120_000);

  afterAll(() => reading?.stop());

  it("loads the charts with the token the page holds", async () => {
    // Reads need the token here: a plain <img src> would get a 401.
    for (const chart of ["history", "roc"]) {
      const url = `${reading.url}/v1/models/toy/${chart}.svg?version=1`;
      expect((await fetch(url)).status).toBe(401);
    }
    const context = await browser.newContext();
    // The page keeps the token in sessionStorage: a reader who typed it in
    // has it there when the page loads.
    await context.addInitScript((token) => {
      sessionStorage.setItem("token", token);
    }, READ_TOKEN);
    const page = await context.newPage();
    const problems = problemsOf(page);
    await page.goto(reading.url);
    expect(await page.inputValue("#token")).toBe(READ_TOKEN);
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

/**
 * Waits until the page shows model `name` whole. The result section is
 * unhidden before the page has fetched the report's text and pointed the
 * predict form at the model, so a test that only waited for it could predict
 * against no model at all (CI saw "no route GET /v1/models//predict").
 */
async function shown(page, name) {
  await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
  await page.waitForFunction(
    (expected) =>
      document.getElementById("predict").dataset.model === expected &&
      document.getElementById("report").textContent !== "",
    name,
    { timeout: 30_000 },
  );
}
