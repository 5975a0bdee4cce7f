/**
 * Predictions streamed as CSV or NDJSON (Accept: text/csv or
 * application/x-ndjson) carry the JSON answer's numbers, number for number
 * and written alike, on the lab's diabetes data (two classes) and the
 * course's zoo data (7 classes), explanations included, over many blocks of
 * rows; and a streamed answer is bounded by its own, larger limit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import { fixture } from "../fixtures/options";
import { api, csv, expectError, json, withVars } from "./api";
import { diabetesRows } from "./prediction-answers";

const CSV = { accept: "text/csv" };
const NDJSON = { accept: "application/x-ndjson" };

/** The zoo rows, `times` times over. */
const zooRows = (times: number) =>
  Array.from({ length: times }, () => fixture.zoo.x).flat();

/** The JSON answer a prediction gives, as the service writes it. */
interface JsonAnswer {
  version: number;
  probabilities: (number | number[])[];
  labels: number[];
  explanations?: {
    class?: number;
    bias: number;
    contributions: number[];
    logit: number;
  }[];
}

/** Sends a prediction as the three answers: JSON, CSV and NDJSON. */
async function threeWays(path: string, init: RequestInit) {
  const send = async (accept: Record<string, string>) => {
    const headers = { ...(init.headers as Record<string, string>), ...accept };
    const response = await api(path, { ...init, headers });
    expect(response.status, JSON.stringify(accept)).toBe(200);
    return response;
  };
  const jsonResponse = await send({});
  const csvResponse = await send(CSV);
  const ndjsonResponse = await send(NDJSON);
  expect(csvResponse.headers.get("content-type")).toBe(
    "text/csv; charset=UTF-8",
  );
  expect(ndjsonResponse.headers.get("content-type")).toBe(
    "application/x-ndjson",
  );
  const answer = (await jsonResponse.json()) as JsonAnswer;
  for (const response of [csvResponse, ndjsonResponse]) {
    expect(response.headers.get("x-model-version")).toBe(
      String(answer.version),
    );
  }
  return {
    answer,
    csvLines: (await csvResponse.text()).split("\n"),
    ndjsonLines: (await ndjsonResponse.text()).split("\n"),
  };
}

/** The numbers of row i of the JSON answer, in the CSV's column order. */
function csvNumbers(answer: JsonAnswer, i: number): number[] {
  const h = answer.probabilities[i];
  const why = answer.explanations?.[i];
  return [
    ...(Array.isArray(h) ? h : [h]),
    answer.labels[i],
    ...(why ? [why.bias, ...why.contributions, why.logit] : []),
  ];
}

/** Row i of the JSON answer, as an NDJSON line holds it. */
function ndjsonEntry(answer: JsonAnswer, i: number) {
  const h = answer.probabilities[i];
  const why = answer.explanations?.[i];
  return {
    ...(Array.isArray(h) ? { probabilities: h } : { probability: h }),
    label: answer.labels[i],
    ...(why && { explanation: why }),
  };
}

/** Asserts the CSV and NDJSON lines carry `answer`, number for number. */
function expectSameNumbers(
  answer: JsonAnswer,
  csvLines: string[],
  ndjsonLines: string[],
  header: string,
) {
  const rows = answer.labels.length;
  expect(csvLines[0]).toBe(header);
  expect(csvLines).toHaveLength(rows + 2); // the header, and "" after the last \n
  expect(csvLines[rows + 1]).toBe("");
  expect(ndjsonLines).toHaveLength(rows + 1);
  expect(ndjsonLines[rows]).toBe("");
  for (let i = 0; i < rows; i++) {
    // Written as JSON writes them: the same text, not merely close.
    expect(csvLines[i + 1]).toBe(csvNumbers(answer, i).map(String).join(","));
    expect(ndjsonLines[i]).toBe(JSON.stringify(ndjsonEntry(answer, i)));
  }
}

beforeAll(async () => {
  const diabetes = await api(
    "/v1/models/diabetes?epochs=100",
    csv("PUT", diabetesCsv),
  );
  expect(diabetes.status).toBe(201);
  const { x, y } = fixture.zoo;
  const zoo = await api(
    "/v1/models/zoo",
    json("PUT", { x, y, epochs: 100, lr: 0.1 }),
  );
  expect(zoo.status).toBe(201);
});

describe("the diabetes model, two classes", () => {
  // 16,698 rows: blocks of 16,384 rows, or of 2,730 with explanations.
  const body = diabetesRows(22);

  it("streams the JSON answer's numbers as CSV and NDJSON", async () => {
    const { answer, csvLines, ndjsonLines } = await threeWays(
      "/v1/models/diabetes/predict?threshold=0.3",
      csv("POST", body),
    );
    expect(answer.labels).toHaveLength(16_698);
    expectSameNumbers(answer, csvLines, ndjsonLines, "probability,label");
  });

  it("with explanations", async () => {
    const { answer, csvLines, ndjsonLines } = await threeWays(
      "/v1/models/diabetes/predict?explain=true",
      csv("POST", body),
    );
    const contributions = Array.from(
      { length: 8 },
      (_, j) => `contribution_${j}`,
    );
    expectSameNumbers(
      answer,
      csvLines,
      ndjsonLines,
      ["probability", "label", "bias", ...contributions, "logit"].join(","),
    );
  });
});

describe("the zoo model, 7 classes", () => {
  // 5,050 rows: blocks of 4,096 rows, or of 1,213 with explanations.
  const body = { x: zooRows(50) };
  const probabilities = Array.from({ length: 7 }, (_, k) => `probability_${k}`);

  it("streams the JSON answer's numbers as CSV and NDJSON", async () => {
    const { answer, csvLines, ndjsonLines } = await threeWays(
      "/v1/models/zoo/predict",
      json("POST", body),
    );
    expectSameNumbers(
      answer,
      csvLines,
      ndjsonLines,
      [...probabilities, "label"].join(","),
    );
  });

  it("with explanations, of each row's class", async () => {
    const { answer, csvLines, ndjsonLines } = await threeWays(
      "/v1/models/zoo/predict?explain=true",
      json("POST", body),
    );
    expect(answer.explanations?.[0].class).toBe(answer.labels[0]);
    const contributions = Array.from(
      { length: 16 },
      (_, j) => `contribution_${j}`,
    );
    expectSameNumbers(
      answer,
      csvLines,
      ndjsonLines,
      [...probabilities, "label", "bias", ...contributions, "logit"].join(","),
    );
  });

  it("streams the one row of a GET", async () => {
    const x = fixture.zoo.x[0].join(",");
    const { answer, csvLines, ndjsonLines } = await threeWays(
      `/v1/models/zoo/predict?x=${x}&explain=true`,
      {},
    );
    expect(answer.labels).toHaveLength(1);
    expect(csvLines).toHaveLength(3);
    expect(ndjsonLines[0]).toBe(JSON.stringify(ndjsonEntry(answer, 0)));
  });
});

describe("the streamed answer's limit", () => {
  it("streams an answer over the JSON limit but within its own", async () => {
    const vars = { MAX_PREDICTION_VALUES: "1000", MAX_STREAMED_VALUES: "1518" };
    const path = "/v1/models/diabetes/predict";
    const body = diabetesRows(1); // 759 rows × 2 numbers = 1,518
    await expectError(
      await withVars(vars, path, csv("POST", body)),
      422,
      "over_limit",
      "the JSON answer would hold 1518 numbers (759 rows × 2: a probability and a label), over its limit of 1000: ask for a streamed answer with Accept: text/csv or application/x-ndjson, or send at most 500 rows a request",
    );
    const streamed = await withVars(vars, path, {
      ...csv("POST", body),
      headers: { "content-type": "text/csv", ...CSV },
    });
    expect(streamed.status).toBe(200);
    const lines = (await streamed.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(760);
  });

  it("refuses one over its own limit before a byte is streamed", async () => {
    const response = await withVars(
      { MAX_STREAMED_VALUES: "1517" },
      "/v1/models/diabetes/predict",
      {
        method: "POST",
        headers: { "content-type": "text/csv", ...NDJSON },
        body: diabetesRows(1),
      },
    );
    await expectError(
      response,
      422,
      "over_limit",
      "the streamed answer would hold 1518 numbers (759 rows × 2: a probability and a label), over its limit of 1517: send at most 758 rows a request",
    );
  });
});
