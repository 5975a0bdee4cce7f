// The reference page at /docs in a headless Chromium: the descriptions'
// inline code is rendered (no Markdown backtick left in the text a reader
// sees), the JSON-valued options start from an example, and the try-it form
// of an image route shows the picture, keyed on the answer's content type;
// on a 390 px screen the page does not scroll sideways.
// Fails on any console error or CSP violation; screenshots go to
// test-artifacts/ (docs*.png).
import { expect, it } from "vitest";
import {
  TOKEN,
  TOY_CSV,
  openPage,
  screenshot,
  serverAndBrowser,
  train,
} from "./browser.mjs";

const run = serverAndBrowser({}, (server) =>
  train(server, "toy", TOY_CSV, { epochs: "1000" }),
);

it("renders inline code and offers each JSON-valued option an example", async () => {
  const { page, problems } = await openPage(
    run,
    { width: 1100, height: 1400 },
    "/docs",
  );
  // Every text of the page but its script's, closed "try it" forms included.
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true);
    for (const script of body.querySelectorAll("script")) script.remove();
    return body.textContent;
  });
  expect(text.split("`").length - 1).toBe(0);
  expect(
    await page.textContent("#trainModel code:text-is('range(nb_epochs + 1)')"),
  ).toBe("range(nb_epochs + 1)");
  const placeholders = await page.$$eval(
    "#trainModel form.try input",
    (inputs) => Object.fromEntries(inputs.map((i) => [i.name, i.placeholder])),
  );
  expect(placeholders).toMatchObject({
    init: '{"torch":{"seed":0}}',
    validation: '{"fraction":0.25,"seed":0}',
    optimizer: '{"adam":{"beta1":0.9,"beta2":0.999}}',
    earlyStopping: '{"patience":5,"minDelta":0.0001}',
    classWeights: '{"0":1,"1":2}',
    classes: "[0,1,2]",
  });
  await screenshot(page, "docs");
  expect(problems).toEqual([]);
}, 120_000);

it("fits a 390 px screen, and names a body of bytes without a stray stop", async () => {
  const { page, problems } = await openPage(
    run,
    { width: 390, height: 844 },
    "/docs",
  );
  // The page never scrolls sideways: a long path breaks, a wide table
  // scrolls in its own box (it did push the page to 701 px).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(
    390,
  );
  const tables = await page.$$eval("table", (all) =>
    all.map((t) => t.getBoundingClientRect().right),
  );
  expect(Math.max(...tables)).toBeLessThanOrEqual(390);
  // An upload's part is bytes with no schema: its type alone, not "type: .".
  const body = await page.textContent(
    "#uploadPart p:has(> code:text-is('application/octet-stream'))",
  );
  expect(body.trim()).toBe("application/octet-stream");
  await page.locator("#uploadPart").scrollIntoViewIfNeeded();
  await screenshot(page, "docs-390px", false);
  expect(problems).toEqual([]);
}, 120_000);

it("shows the picture a try-it form of an image route answers", async () => {
  const { page, problems } = await openPage(
    run,
    { width: 1100, height: 1400 },
    "/docs",
  );
  await page.fill("#token", TOKEN);
  for (const id of ["getHistorySvg", "getRocSvg"]) {
    const form = `#${id} form.try`;
    await page.click(`#${id} summary`);
    await page.fill(`${form} input[name=name]`, "toy");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} img.answer`);
    await expect
      .poll(() => page.$eval(`${form} img.answer`, (img) => img.naturalWidth))
      .toBe(640);
    expect(await page.$eval(`${form} img.answer`, (img) => img.src)).toMatch(
      /^blob:/,
    );
    const answer = await page.textContent(`${form} pre.answer`);
    expect(answer).toContain("200 OK");
    expect(answer).toContain("content-type: image/svg+xml");
    expect(answer).not.toContain("<svg");
  }
  // A JSON answer is still shown as text, and a sent picture replaced.
  const form = "#getHistorySvg form.try";
  await page.fill(`${form} input[name=name]`, "absent");
  await page.click(`${form} button[type=submit]`);
  await expect
    .poll(() => page.textContent(`${form} pre.answer`))
    .toContain('"code": "model_not_found"');
  expect(await page.$(`${form} img.answer`)).toBeNull();
  await page.fill(`${form} input[name=name]`, "toy");
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form} img.answer`);
  await page.$eval(`${form} img.answer`, (img) => img.scrollIntoView());
  // The window around the picture: the whole reference is 20,000 px tall.
  await screenshot(page, "docs-history-svg", false);
  // The 404 the form showed is the one error the console has.
  expect(problems).toEqual([
    "Failed to load resource: the server responded with a status of 404 (Not Found)",
  ]);
}, 120_000);
