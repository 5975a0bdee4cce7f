/**
 * Issue #14's CSV files as pandas and R write them, through the Worker:
 * pandas' header of unnamed columns (0,1,…,n−1), `;` with decimal commas
 * (R's write.csv2), tabs and bars, and the refusals that name the option to
 * send. Each refusal stores nothing.
 */
import { describe, expect, it } from "vitest";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { api, csv, expectError, json, storeSnapshot } from "./api";

// The lab's six students: hours of lecture and lab, passed or not.
const X = TOY_X;
const Y = TOY_Y.flat();
const ROWS = X.map((row, i) => `${row},${Y[i]}\n`).join("");
// `pd.DataFrame(np.c_[X, y]).to_csv(index=False)`, as integers.
const PANDAS = `0,1,2\n${ROWS}`;

// Fractional features, written with points and with commas.
const FX = [
  [0.5, 1.25],
  [1.5, 2.75],
  [2.5, 0.75],
  [3.5, 2.5],
  [4.25, 3.5],
  [5.5, 1.75],
];
const written = (sep: string, mark: string) =>
  [`x1${sep}x2${sep}label`, ...FX.map((row, i) => [...row, Y[i]].join(sep))]
    .join("\n")
    .replaceAll(".", mark);

interface Model {
  samples: number;
  classes: unknown[];
  weights: unknown;
  history: unknown;
  warnings: { code: string; message: string }[];
}

/** Trains a CSV body as `name` with `query`; the 201's model. */
async function train(name: string, query: string, body: string) {
  const response = await api(`/v1/models/${name}?${query}`, csv("PUT", body));
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Model;
}

const PANDAS_WARNING = {
  code: "header_decision",
  message:
    "line 1 (0,1,2) was read as a header, the names pandas gives unnamed columns: send header=absent if it is data",
};

describe("pandas' header of unnamed columns", () => {
  it("trains the two-class model of 6 rows the file holds, and says so", async () => {
    const model = await train("pandas", "epochs=200", PANDAS);
    const plain = await train("pandas-plain", "epochs=200&header=absent", ROWS);
    expect(model.samples).toBe(6);
    expect(model.classes).toEqual([0, 1]);
    expect(model.warnings[0]).toEqual(PANDAS_WARNING);
    // Bit for bit the file without its header: JSON writes each float32
    // exactly, so equal numbers are equal bits.
    expect(model.weights).toEqual(plain.weights);
    expect(model.history).toEqual(plain.history);
    expect(model.warnings.slice(1)).toEqual(plain.warnings);
  });

  it("reads the header as data under header=absent, as before", async () => {
    const model = await train("pandas-absent", "header=absent", PANDAS);
    expect(model.samples).toBe(7);
    expect(model.classes).toEqual([0, 1, 2]);
    expect(model.warnings.map((w) => w.code)).not.toContain("header_decision");
  });

  it("predicts one probability per row, and says what auto decided", async () => {
    await train("pandas-rows", "", ROWS);
    const rows = `0,1\n${X.map((row) => `${row}\n`).join("")}`;
    const path = "/v1/models/pandas-rows/predict";
    const answer = (await (await api(path, csv("POST", rows))).json()) as {
      probabilities: number[];
      warnings: unknown[];
    };
    expect(answer.probabilities).toHaveLength(6);
    expect(answer.warnings).toEqual([
      {
        code: "header_decision",
        message:
          "line 1 (0,1) was read as a header, the names pandas gives unnamed columns: send header=absent if it is data",
      },
    ]);
    const absent = await api(`${path}?header=absent`, csv("POST", rows));
    const seven = (await absent.json()) as Record<string, unknown[]>;
    expect(seven.probabilities).toHaveLength(7);
    expect(seven).not.toHaveProperty("warnings");
    const streamed = await api(path, {
      ...csv("POST", rows),
      headers: { "content-type": "text/csv", accept: "text/csv" },
    });
    const [{ message }] = answer.warnings as { message: string }[];
    expect(streamed.headers.get("x-header-decision")).toBe(message);
    expect((await streamed.text()).trim().split("\n")).toHaveLength(7);
    const evaluated = await api(
      "/v1/models/pandas-rows/evaluate",
      csv("POST", PANDAS),
    );
    const evaluation = (await evaluated.json()) as Record<string, unknown>;
    expect(evaluation.samples).toBe(6);
    expect(evaluation.warnings).toEqual([PANDAS_WARNING]);
  });
});

describe("delimiters and decimal marks", () => {
  it("trains ; with decimal commas as , with decimal points", async () => {
    const dots = await train("dots", "epochs=50", written(",", "."));
    const commas = await train(
      "commas",
      "epochs=50&delimiter=;&decimal=,",
      written(";", ","),
    );
    expect(commas.weights).toEqual(dots.weights);
    expect(commas.history).toEqual(dots.history);
    expect(commas.warnings).toEqual(dots.warnings);
  });

  it("trains tab- and bar-separated files as comma-separated ones", async () => {
    const dots = await train("dots-2", "", written(",", "."));
    const tabs = await train("tabs", "delimiter=%09", written("\t", "."));
    const bars = await train("bars", "delimiter=%7C", written("|", "."));
    expect(tabs.weights).toEqual(dots.weights);
    expect(bars.weights).toEqual(dots.weights);
  });
});

describe("refusals, which store nothing", () => {
  /** Sends `init` to `path`, and expects the error and an unchanged store. */
  async function refused(
    path: string,
    init: RequestInit,
    code: string,
    ...fragments: string[]
  ) {
    const before = await storeSnapshot();
    await expectError(await api(path, init), 400, code, ...fragments);
    expect(await storeSnapshot()).toBe(before);
  }

  it("refuses decimal=, with delimiter=,", async () => {
    await refused(
      "/v1/models/r1?decimal=,",
      csv("PUT", written(",", ".")),
      "invalid_option",
      'decimal "," needs a delimiter other than ",": send delimiter=; with decimal=,',
    );
  });

  it("names delimiter=; for a ; file sent without it", async () => {
    await refused(
      "/v1/models/r2",
      csv("PUT", written(";", ".")),
      "invalid_dataset",
      'line 1 has 1 field: rows need at least one feature before the label: its lines split alike at ";" (3 fields each), send delimiter=;',
    );
    await refused(
      "/v1/models/r2",
      csv("PUT", written(";", ",").split("\n").slice(1).join("\n")),
      "invalid_dataset",
      "send delimiter=;&decimal=,",
    );
  });

  it("refuses NA, NaN and empty fields, naming line and field", async () => {
    for (const [body, message] of [
      ["a,b,y\n1,NA,0\n2,3,1\n", 'line 2 field 2 is not a number: "NA"'],
      ["a,b,y\n1,2,0\nNaN,3,1\n", 'line 3 field 1 is not a number: "NaN"'],
      ["a,b,y\n1,2,0\n2,,1\n", "line 3 field 2 is empty"],
    ]) {
      await refused(
        "/v1/models/r3",
        csv("PUT", body),
        "invalid_dataset",
        message,
      );
    }
  });

  it("refuses a header of text under header=absent, naming line 1", async () => {
    await refused(
      "/v1/models/r4?header=absent",
      csv("PUT", written(",", ".")),
      "invalid_dataset",
      'line 1 field 1 is not a number: "x1"',
    );
  });

  it("refuses the dialect options beside a JSON body", async () => {
    await refused(
      "/v1/models/r5?header=absent",
      json("PUT", { x: X, y: Y }),
      "invalid_option",
      'unexpected query parameter "header": with a JSON body, options go in the body',
    );
    await train("json-target", "", ROWS);
    await refused(
      "/v1/models/json-target/predict?delimiter=;",
      json("POST", { x: X }),
      "invalid_option",
      "delimiter applies to a text/csv body: a JSON body has no delimiter",
    );
  });
});
