// The page at `/` in a headless Chromium, the fixes of issue #18: choosing
// another model clears what the page said of the one before; delete asks
// first, can be cancelled, and says what it did; on a 390 px wide screen
// nothing overflows the page and the charts keep a size at which their text
// reads; the toy-data button sits in line with the file field; a list asked
// for twice shows the newest ask's answer. Fails on any
// console error or CSP violation; screenshots go to test-artifacts/.
import { expect, it } from "vitest";
import {
  TOKEN,
  TOY_CSV,
  apiCall,
  chartsLoaded,
  openModel,
  openPage,
  screenshot,
  serverAndBrowser,
  train,
} from "./browser.mjs";

/** What Chromium's console says of an answer with `status`. */
const refused = (status) =>
  `Failed to load resource: the server responded with a status of ${status} (${status === 401 ? "Unauthorized" : "Bad Request"})`;

const THREE_CSV = "x,class\n0,0\n0.1,0\n5,1\n5.1,1\n10,2\n10.2,2\n";

const run = serverAndBrowser({}, async (server) => {
  await train(server, "toy", TOY_CSV, { epochs: "1000" });
  await train(server, "three", THREE_CSV, { lr: "0.1" });
});

it("clears the status line and the predict error when another model is chosen", async () => {
  const { page, problems } = await openPage(run, { width: 1100, height: 1400 });
  await openModel(page, "toy");
  // A refused training leaves its error in the status line, and a row of
  // the wrong width an error under the predict form.
  await page.fill("#name", "bad");
  await page.fill("#csv", "a,b\n1,0\n");
  await page.click("#train button[type=submit]");
  await expect.poll(() => page.getAttribute("#status", "class")).toBe("error");
  await page.fill("#row", "1,2,3");
  await page.click("#predict button[type=submit]");
  await expect
    .poll(() => page.textContent("#prediction"))
    .toMatch(/^feature_mismatch: /);
  await screenshot(page, "page-before-switch");

  await openModel(page, "three");
  expect(await page.textContent("#model-name")).toBe("three v1");
  expect(await page.textContent("#status")).toBe("");
  expect(await page.textContent("#prediction")).toBe("");
  expect(await page.getAttribute("#prediction", "class")).toBe("");
  expect(await page.inputValue("#row")).toBe("");
  expect(await page.getAttribute("#row", "placeholder")).toBe("x");
  await screenshot(page, "page-switched");
  // The console shows the two refusals the page showed, and nothing else.
  expect(problems).toEqual([401, 400].map(refused));
}, 120_000);

it("deletes a model after a confirmation, from the keyboard, and says so", async () => {
  await train(run.server, "doomed", TOY_CSV);
  await train(run.server, "doomed", TOY_CSV);
  const { page, problems } = await openPage(run, { width: 1100, height: 1400 });
  await page.fill("#token", TOKEN);
  await openModel(page, "doomed");
  const item = "#models li[data-model=doomed]";

  // The first click only asks, naming what would go; cancel keeps it all.
  await page.click(`${item} button.danger`);
  expect(await page.textContent(item)).toContain(
    "Delete doomed, every version of it (the newest is v2)? This cannot be undone.",
  );
  expect((await apiCall(run.server, "/v1/models/doomed")).status).toBe(200);
  await screenshot(page, "page-delete-confirm");
  await page.click(`${item} button.cancel`);
  expect(await page.textContent(`${item} button.open`)).toBe(
    "doomed v2 (100.00%)",
  );
  // The focus is back on delete; Enter asks again, and Enter on the focused
  // confirm button deletes.
  expect(await page.evaluate(() => document.activeElement.textContent)).toBe(
    "delete",
  );
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement.textContent)).toBe(
    "confirm delete",
  );
  // The list is drawn again under the question (as when a job ends): the
  // question is still asked, and the focus still on its confirm button.
  await train(run.server, "bystander", TOY_CSV);
  await page.evaluate(() => listModels());
  await expect
    .poll(() => page.$("#models li[data-model=bystander]"))
    .not.toBeNull();
  expect(await page.textContent(item)).toContain(
    "Delete doomed, every version of it (the newest is v2)?",
  );
  expect(await page.evaluate(() => document.activeElement.textContent)).toBe(
    "confirm delete",
  );
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#models-status"))
    .toBe("deleted doomed, every version");
  await expect.poll(() => page.$(item)).toBeNull();
  expect(await page.isVisible("#result")).toBe(false);
  // The focus is on the line that says so (not back at the page's top, as
  // when it stayed on the removed button), and Tab goes on to the models.
  await expect
    .poll(() => page.evaluate(() => document.activeElement.id))
    .toBe("models-status");
  await page.keyboard.press("Tab");
  expect(
    await page.evaluate(
      () => document.activeElement.closest("#models")?.id ?? "elsewhere",
    ),
  ).toBe("models");
  for (const version of [1, 2]) {
    const answer = await apiCall(
      run.server,
      `/v1/models/doomed?version=${version}`,
    );
    expect(answer.status).toBe(404);
  }
  await screenshot(page, "page-deleted");
  expect(problems).toEqual([]);
}, 120_000);

it("fits a 390 px wide screen: nothing overflows, the charts' text reads", async () => {
  const { page, problems } = await openPage(run, { width: 390, height: 844 });
  await openModel(page, "toy");
  await chartsLoaded(page);
  // The page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(
    390,
  );
  for (const id of ["#history", "#roc"]) {
    const box = await page.$eval(id, (img) => {
      const r = img.getBoundingClientRect();
      return { width: r.width, height: r.height, natural: img.naturalWidth };
    });
    // Drawn at least 540 of its 640 px: its 12 px text is at least 10 px...
    expect(box.width).toBeGreaterThanOrEqual(540);
    expect((12 * box.width) / box.natural).toBeGreaterThanOrEqual(10);
    // ...and its box has the picture's shape, no empty band around it.
    expect(Math.abs(box.height - (box.width * 400) / 640)).toBeLessThan(2);
  }
  // The weights chart is as wide as the screen allows, its text 13 px.
  const weights = await page.$eval("#weights-chart svg", (svg) => ({
    width: svg.getBoundingClientRect().width,
    font: getComputedStyle(svg.querySelector("text")).fontSize,
  }));
  expect(weights.width).toBeLessThanOrEqual(390);
  expect(weights.width).toBeGreaterThan(300);
  expect(weights.font).toBe("13px");
  const toy = await page.$eval("#use-toy", (b) => b.getBoundingClientRect());
  expect(toy.right).toBeLessThanOrEqual(390);
  // The versions table's time reads whole, on one line, to the second.
  const created = await page.$eval(
    "#versions tr[data-version] td time",
    (t) => ({
      text: t.textContent,
      datetime: t.dateTime,
      lines: Math.round(
        t.getBoundingClientRect().height /
          parseFloat(getComputedStyle(t).lineHeight),
      ),
    }),
  );
  expect(created.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  expect(created.datetime.startsWith(created.text.replace(" ", "T"))).toBe(
    true,
  );
  expect(created.lines).toBe(1);
  await screenshot(page, "page-390px");
  expect(problems).toEqual([]);
}, 120_000);

it("keeps the toy-data button in line with the file field", async () => {
  const page = await run.browser.newPage({
    viewport: { width: 1100, height: 900 },
  });
  await page.goto(run.server.url);
  const [file, toy] = await Promise.all(
    ["#file", "#use-toy"].map((id) =>
      page.$eval(id, (el) => {
        const r = el.getBoundingClientRect();
        return { middle: (r.top + r.bottom) / 2, left: r.left, right: r.right };
      }),
    ),
  );
  expect(Math.abs(toy.middle - file.middle)).toBeLessThan(4);
  // Next to it, not pushed to the far side of the row.
  expect(toy.left - file.right).toBeLessThan(40);
}, 60_000);

it("draws the list the newest ask answers, never an older answer that arrives after it", async () => {
  const { page, problems } = await openPage(run);
  await page.fill("#token", TOKEN);
  await page.dispatchEvent("#token", "change");
  await expect.poll(() => page.textContent("#jobs")).toBe("no jobs yet");
  // The list of succeeded jobs is held until the failed ones are drawn.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/v1/jobs?*state=succeeded*", async (route) => {
    await held;
    await route.continue();
  });
  await page.selectOption("#jobs-state", "succeeded");
  await page.selectOption("#jobs-state", "failed");
  await expect.poll(() => page.textContent("#jobs")).toBe("no failed jobs");
  const late = page.waitForResponse((r) => r.url().includes("state=succeeded"));
  release();
  await late;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
  expect(await page.textContent("#jobs")).toBe("no failed jobs");
  expect(problems).toEqual([]);
}, 60_000);

it("lists the models for the token typed last, whichever check answers first", async () => {
  const { page, problems } = await openPage(run);
  await expect.poll(() => page.$("#models li[data-model=toy]")).not.toBeNull();
  // A wrong token's check is held until the right token's is answered.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/v1/models?limit=1", async (route) => {
    const auth = route.request().headers().authorization ?? "";
    if (auth.endsWith("wrong-token")) await held;
    await route.continue();
  });
  await page.fill("#token", "wrong-token");
  await page.dispatchEvent("#token", "change");
  await page.fill("#token", TOKEN);
  await page.dispatchEvent("#token", "change");
  const late = page.waitForResponse(
    (r) =>
      r.url().endsWith("/v1/models?limit=1") &&
      (r.request().headers().authorization ?? "").endsWith("wrong-token"),
  );
  await page.waitForTimeout(300);
  release();
  await late;
  await page.waitForTimeout(300);
  expect(await page.$("#models li[data-model=toy]")).not.toBeNull();
  expect(await page.textContent("#models")).not.toContain("unauthorized");

  // A list asked before a wrong token is typed, answered after its refusal:
  // the refusal stays, and the list does not make the token look accepted.
  let releaseList;
  const listHeld = new Promise((resolve) => (releaseList = resolve));
  await page.route("**/v1/models?limit=100", async (route) => {
    await listHeld;
    await route.continue();
  });
  const listed = page.evaluate(() => listModels());
  await page.fill("#token", "wrong-token");
  await page.dispatchEvent("#token", "change");
  await expect.poll(() => page.textContent("#models")).toMatch(/^unauthorized/);
  releaseList();
  await listed;
  expect(await page.textContent("#models")).toMatch(/^unauthorized/);
  expect(await page.$("#models li")).toBeNull();
  // Each wrong token's three refusals (its check, the datasets, the jobs).
  expect(problems).toEqual(Array(6).fill(refused(401)));
}, 60_000);
