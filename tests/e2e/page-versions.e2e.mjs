// The page at `/` in a headless Chromium, the parts issue #17's routes made
// possible (issue #18): the threshold suggestions move the slider to the
// thresholds route's choices, "save threshold" stores a version whose
// threshold and derivedFrom the API reads back; the precision–recall and
// calibration pictures load for two classes (both sets of rows) and hide for
// three; a version chosen in the list of versions is shown, `serving` set to
// v1 makes the page's predictions version 1's, and cleared again; the
// exports download with the bytes the API serves. Each control is driven
// from the keyboard. Fails on any console error or CSP violation;
// screenshots go to test-artifacts/ (page-versions*.png).
import { readFileSync } from "node:fs";
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

// The lab's diabetes data: 759 rows of 8 features, no header (npm run data).
const DIABETES = "data/data-03-diabetes.csv";
const THREE_CSV = "x,class\n0,0\n0.1,0\n5,1\n5.1,1\n10,2\n10.2,2\n";

const run = serverAndBrowser({}, async (server) => {
  const csv = readFileSync(DIABETES, "utf8");
  await train(server, "held", csv, {
    epochs: "200",
    validation: JSON.stringify({ fraction: 0.25, seed: 1 }),
  });
  await train(server, "three", THREE_CSV, { lr: "0.1" });
});

/** The API's JSON answer to GET `path`. */
async function read(path) {
  const response = await apiCall(run.server, path);
  expect(response.status).toBe(200);
  return response.json();
}

it("moves the slider to the suggestions and stores the chosen threshold as a new version", async () => {
  const { page, problems } = await openPage(run);
  await page.fill("#token", TOKEN);
  await openModel(page, "held");
  const slider = () =>
    page.$eval("#threshold", (s) => s.points[Number(s.value)]);

  // The suggestions of the training rows, as the thresholds route chose them.
  const training = await read("/v1/models/held/thresholds?dataset=training");
  await page.focus("#suggest-max-f1");
  await page.keyboard.press("Enter");
  const atF1 = await slider();
  expect(atF1.threshold).toBe(training.maxF1.threshold);
  const c = training.maxF1.confusionMatrix;
  const cells = ["#c1-1", "#c1-0", "#c0-1", "#c0-0"];
  const counts = await Promise.all(cells.map((id) => page.textContent(id)));
  expect(counts.map(Number)).toEqual([c.tp, c.fn, c.fp, c.tn]);
  expect(await page.textContent("#threshold-metrics")).toContain(
    `F1 ${training.maxF1.f1.toFixed(4)}`,
  );
  await page.click("#suggest-max-youden-j");
  expect((await slider()).threshold).toBe(training.maxYoudenJ.threshold);

  // The validation rows have suggestions of their own.
  const validation = await read(
    "/v1/models/held/thresholds?dataset=validation",
  );
  await page.selectOption("#confusion-rows", "validation");
  await page.click("#suggest-max-f1");
  expect((await slider()).threshold).toBe(validation.maxF1.threshold);
  await screenshot(page, "page-versions-suggestion");

  // Saved from the keyboard: a new version at the validation rows' best F1.
  await page.focus("#save-threshold");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#threshold-status"))
    .toBe(
      `stored version 2 of held at threshold ${validation.maxF1.threshold}, derived from version 1`,
    );
  const stored = await read("/v1/models/held?version=2");
  expect(stored.threshold).toBe(validation.maxF1.threshold);
  expect(stored.derivedFrom).toBe(1);
  expect(await page.textContent("#model-name")).toBe("held v2");
  expect(await page.textContent("#threshold-value")).toMatch(/\(the model's/);
  expect(await page.textContent("#models li[data-model=held] .open")).toMatch(
    /^held v2 /,
  );
  expect(
    await page.getAttribute("#versions tr[data-version='2']", "aria-current"),
  ).toBe("true");
  await screenshot(page, "page-versions-saved");
  expect(problems).toEqual([]);
}, 120_000);

it("shows the precision–recall and calibration pictures of two classes, for either set of rows, and hides them for three", async () => {
  const { page, problems } = await openPage(run);
  await openModel(page, "held");
  await chartsLoaded(page, ["#history", "#roc", "#pr", "#calibration"]);
  const source = () => page.getAttribute("#pr", "src");
  const before = await source();
  await page.selectOption("#curves-dataset", "validation");
  await expect.poll(source).not.toBe(before);
  await chartsLoaded(page, ["#pr", "#calibration"]);
  await screenshot(page, "page-versions-curves");

  // Three classes: no curves of a threshold, and no threshold to choose.
  await openModel(page, "three");
  const hidden = ["#roc", "#pr", "#calibration", "#curves-dataset-control"];
  for (const id of [...hidden, "#threshold-actions"]) {
    expect(await page.isVisible(id)).toBe(false);
  }
  await chartsLoaded(page, ["#history"]);
  expect(problems).toEqual([]);
}, 120_000);

it("views an older version, sets serving to v1 and the page predicts as v1, clears it again", async () => {
  await train(run.server, "roll", TOY_CSV, { epochs: "10" });
  await train(run.server, "roll", TOY_CSV, { epochs: "1000" });
  const { page, problems } = await openPage(run);
  await page.fill("#token", TOKEN);
  await openModel(page, "roll");
  expect(await page.textContent("#model-name")).toBe("roll v2");
  expect(
    await page.$$eval("#versions tr[data-version]", (rows) =>
      rows.map((r) => r.dataset.version),
    ),
  ).toEqual(["2", "1"]);

  // View v1 from the keyboard: the table is drawn again around the new
  // version, and the focus stays on v1's view button, not the page's top.
  await page.focus("#versions tr[data-version='1'] button.view");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.textContent("#model-name")).toBe("roll v1");
  await expect
    .poll(() =>
      page.getAttribute("#versions tr[data-version='1']", "aria-current"),
    )
    .toBe("true");
  expect(
    await page.evaluate(() =>
      document.activeElement.getAttribute("aria-label"),
    ),
  ).toBe("view roll version 1");

  // Back to v2, then serving to v1 from the keyboard, once the table is v2's.
  await page.click("#versions tr[data-version='2'] button.view");
  await expect.poll(() => page.textContent("#model-name")).toBe("roll v2");
  await expect
    .poll(() =>
      page.getAttribute("#versions tr[data-version='2']", "aria-current"),
    )
    .toBe("true");
  await page.focus("#versions tr[data-version='1'] button.serve");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#versions-status"))
    .toBe(
      "serving now points at v1: every read of roll without a version gets it",
    );
  expect(await page.textContent("#model-name")).toBe("roll v1");
  expect(
    await page.textContent("#versions tr[data-version='1'] td:nth-of-type(4)"),
  ).toBe("serving");
  expect((await read("/v1/models/roll")).version).toBe(1);

  // The page's prediction is version 1's, which is not version 2's.
  const [v1, v2] = await Promise.all(
    [1, 2].map((v) => read(`/v1/models/roll/predict?x=4,3&version=${v}`)),
  );
  expect(v1.probabilities[0]).not.toBe(v2.probabilities[0]);
  await page.fill("#row", "4,3");
  await page.click("#predict button[type=submit]");
  await expect
    .poll(() => page.textContent("#prediction"))
    .toBe(
      `probability ${v1.probabilities[0].toFixed(4)}, label ${v1.labels[0]}`,
    );
  await screenshot(page, "page-versions-serving");

  await page.focus("#clear-serving");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.textContent("#versions-status"))
    .toBe(
      "serving cleared: every read of roll without a version gets the newest, v2",
    );
  expect(await page.textContent("#model-name")).toBe("roll v2");
  expect((await read("/v1/models/roll")).version).toBe(2);
  expect(await page.isDisabled("#clear-serving")).toBe(true);
  // The focus moved off the button it disabled, to the line that says so.
  await expect
    .poll(() => page.evaluate(() => document.activeElement.id))
    .toBe("versions-status");
  expect(problems).toEqual([]);
}, 120_000);

it("downloads the exports with the bytes the API serves", async () => {
  const { page, problems } = await openPage(run);
  await openModel(page, "three");
  for (const [kind, id] of [
    ["onnx", "#export-onnx"],
    ["mjs", "#export-mjs"],
  ]) {
    await page.focus(id);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.keyboard.press("Enter"),
    ]);
    expect(download.suggestedFilename()).toBe(`three-v1.${kind}`);
    const path = await download.path();
    const got = readFileSync(path);
    const response = await apiCall(
      run.server,
      `/v1/models/three/export.${kind}?version=1`,
    );
    const served = Buffer.from(await response.arrayBuffer());
    expect(got.length).toBeGreaterThan(0);
    expect(got.equals(served)).toBe(true);
    await expect
      .poll(() => page.textContent("#export-status"))
      .toBe(`downloaded three-v1.${kind} (${served.length} bytes)`);
  }
  await screenshot(page, "page-versions-export");
  expect(problems).toEqual([]);
}, 120_000);
