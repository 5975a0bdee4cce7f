/**
 * The README's sample answers are what the service answers: its curl
 * session's diabetes training and prediction, sent as the README sends them,
 * against the report lines and the prediction JSON it shows. A README that
 * drifts from the service fails here.
 */
import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { api, csv, json } from "./api";

/** The text between the fences of the first code block after `marker`. */
function blockAfter(marker: string): string {
  const start = readme.indexOf(marker);
  expect(start, `README has "${marker}"`).toBeGreaterThan(-1);
  const open = readme.indexOf("```\n", start) + 4;
  return readme.slice(open, readme.indexOf("```", open));
}

/** The README's own curl call that trains `name`, and its query string. */
function curlQuery(name: string): string {
  const match = new RegExp(`localhost:8787/v1/models/${name}\\?([^']*)'`).exec(
    readme,
  );
  expect(match, `README trains ${name}`).not.toBeNull();
  return match![1];
}

describe("the README's curl session", () => {
  it("trains the diabetes model and prints the report the README shows", async () => {
    const query = curlQuery("diabetes");
    const trained = await api(
      `/v1/models/diabetes?${query}`,
      csv("PUT", diabetesCsv),
    );
    expect(trained.status).toBe(201);
    const report = await api("/v1/models/diabetes/report", {
      headers: { accept: "text/plain" },
    });
    const lines = (await report.text()).trimEnd().split("\n");
    const shown = blockAfter("The report prints, as the lab does:")
      .trimEnd()
      .split("\n");
    // Every line the README shows, in order; "..." stands for the rest.
    let at = 0;
    for (const line of shown.filter((l) => l !== "...")) {
      const found = lines.indexOf(line, at);
      expect(found, `report line "${line}"`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(lines[0]).toBe(shown[0]);
    expect(lines.at(-1)).toBe(shown.at(-1));
  });

  it("answers the diabetes row as the README shows", async () => {
    const sent =
      /predict -H 'content-type: application\/json' \\\n\s+-d '([^']*)'/.exec(
        readme,
      );
    expect(sent, "README predicts a diabetes row").not.toBeNull();
    const answer = /the prediction for the diabetes row is `([^`]*)`/.exec(
      readme,
    );
    expect(answer, "README shows the prediction").not.toBeNull();
    const response = await api(
      "/v1/models/diabetes/predict",
      json("POST", JSON.parse(sent![1])),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(answer![1]));
  });

  it("answers the diabetes row over the Open Inference Protocol as the README shows", async () => {
    const sent =
      /versions\/1\/infer -H 'content-type: application\/json' \\\n\s+-d '([^']*)'/.exec(
        readme,
      );
    expect(sent, "README infers a diabetes row").not.toBeNull();
    const answer = /-d '\{"id": "42"[^\n]*\n```\n\nanswers `([^`]*)`/.exec(
      readme,
    );
    expect(answer, "README shows the inference").not.toBeNull();
    const response = await api(
      "/v2/models/diabetes/versions/1/infer",
      json("POST", JSON.parse(sent![1])),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(answer![1]));
  });

  it("streams the diabetes rows as CSV as the README shows", async () => {
    const shown = blockAfter("and its answer begins:").trimEnd().split("\n");
    const rows = diabetesCsv
      .trim()
      .split("\n")
      .map((line) => line.split(",").slice(0, 8).join(","))
      .join("\n");
    const response = await api("/v1/models/diabetes/predict", {
      method: "POST",
      headers: { "content-type": "text/csv", accept: "text/csv" },
      body: rows,
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).split("\n");
    expect(lines.slice(0, shown.length)).toEqual(shown);
    expect(lines).toHaveLength(759 + 2);
  });
});
