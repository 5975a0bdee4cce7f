// The prediction-job form's version choice in a headless Chromium, for a
// model with more versions than the form offers: the versions route is
// followed page by page (its pages cut to 40 here, as a page of versions
// summarised from KV is cut to 20), the newest 100 are offered, newest
// first and chosen, with a note saying the older ones are named through
// the API, and the aliases after them. Fails on any console error or CSP
// violation; the screenshot goes to test-artifacts/.
import { expect, it } from "vitest";
import {
  TOY_CSV,
  apiCall,
  problemsOf,
  screenshot,
  serverAndBrowser,
  train,
} from "./browser.mjs";

// One past what the form offers (VERSION_CHOICES in the page's script).
const VERSIONS = 101;

const run = serverAndBrowser({}, async (server) => {
  for (let v = 1; v <= VERSIONS; v++) {
    await train(server, "many", TOY_CSV, { epochs: "1" });
  }
  const set = await apiCall(server, "/v1/models/many/aliases/first", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ version: 1 }),
  });
  if (set.status !== 200) throw new Error(await set.text());
});

it("offers the newest 100 of 101 versions, following the cursor, and says the rest are left out", async () => {
  const page = await run.browser.newPage({
    viewport: { width: 1100, height: 1400 },
  });
  const problems = problemsOf(page);
  // Each page of versions cut to 40, so the form must follow the cursor.
  const asked = [];
  await page.route("**/v1/models/many/versions?*", (route) => {
    const url = new URL(route.request().url());
    asked.push(url.search);
    url.searchParams.set("limit", "40");
    return route.continue({ url: url.href });
  });
  // The one model is chosen in the form as the page loads.
  await page.goto(run.server.url);
  await expect.poll(() => page.inputValue("#predict-job-model")).toBe("many");
  await expect
    .poll(() => page.textContent("#predict-job-version-note"))
    .toBe(
      "the newest 100 versions are offered; an older one can be named through the API (POST /v1/jobs)",
    );
  const offered = await page.$$eval("#predict-job-version optgroup", (groups) =>
    groups.map((g) => [
      g.label,
      Array.from(g.children, (o) => [o.value, o.textContent]),
    ]),
  );
  const versions = offered[0][1];
  expect(offered[0][0]).toBe("versions, newest first");
  expect(versions).toHaveLength(100);
  expect(versions[0]).toEqual(["101", "v101 (newest)"]);
  expect(versions.at(-1)).toEqual(["2", "v2"]);
  expect(versions.map(([value]) => Number(value))).toEqual(
    Array.from({ length: 100 }, (_, i) => VERSIONS - i),
  );
  // Version 1 is past the newest 100; its alias is still offered.
  expect(offered[1]).toEqual(["aliases", [["first", "first (v1)"]]]);
  expect(await page.inputValue("#predict-job-version")).toBe("101");
  // Three pages: the first without a cursor, the next two with one.
  expect(asked).toHaveLength(3);
  expect(asked[0]).toBe("?limit=100");
  for (const search of asked.slice(1)) expect(search).toMatch(/&cursor=/);
  await page.locator("#predict-job-start").scrollIntoViewIfNeeded();
  await screenshot(page, "predict-job-versions", false);
  expect(problems).toEqual([]);
}, 120_000);
