/**
 * GET /v1/models/{name}/export.onnx and /export.mjs through the Worker: the
 * headers, the errors, and the recordings tests/node/export.test.ts runs
 * (the ONNX bytes and the ES module of each model of
 * tests/fixtures/export-cases.ts, with /predict's answer to its rows). The
 * recordings are file snapshots: an export that changes fails here;
 * re-record with `npx vitest run tests/http/export.test.ts -u`, then run
 * `npx vitest run --config vitest.node.config.ts`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import diabetesCsv from "../../data/data-03-diabetes.csv?raw";
import {
  EXPORT_CASES,
  ZOO_FEATURES,
  recordingPath,
  zooData,
  type ExportRecording,
} from "../fixtures/export-cases";
import {
  api,
  csv,
  expectError,
  expectErrorBody,
  json,
  storeSnapshot,
} from "./api";

beforeAll(async () => {
  const trainings = [
    api("/v1/models/diabetes-lab?epochs=100", csv("PUT", diabetesCsv)),
    api(
      "/v1/models/diabetes-standardized?epochs=100&standardize=true&threshold=0.7",
      csv("PUT", diabetesCsv),
    ),
    api("/v1/models/zoo", json("PUT", { ...zooData(), columns: ZOO_FEATURES })),
  ];
  for (const response of await Promise.all(trainings)) {
    expect(response.status).toBe(201);
  }
});

/** Base64 of `bytes`. */
function base64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

describe("recordings for the Node tests", () => {
  for (const { model, rows } of EXPORT_CASES) {
    it(`records ${model}'s exports and its /predict answer`, async () => {
      const predicted = await api(
        `/v1/models/${model}/predict`,
        json("POST", { x: rows() }),
      );
      expect(predicted.status).toBe(200);
      const { classes, threshold, probabilities, labels } =
        (await predicted.json()) as ExportRecording["predict"];
      const onnx = await api(`/v1/models/${model}/export.onnx`);
      expect(onnx.status).toBe(200);
      const recording: ExportRecording = {
        predict: { classes, threshold, probabilities, labels },
        onnx: base64(new Uint8Array(await onnx.arrayBuffer())),
      };
      await expect(
        `${JSON.stringify(recording, null, 1)}\n`,
      ).toMatchFileSnapshot(`../fixtures/${recordingPath(model)}`);
      const module = await api(`/v1/models/${model}/export.mjs`);
      expect(module.status).toBe(200);
      await expect(await module.text()).toMatchFileSnapshot(
        `../fixtures/export/${model}.mjs`,
      );
    });
  }
});

describe("the files' headers", () => {
  it("serves ONNX as octet-stream, named by model and version", async () => {
    const response = await api("/v1/models/zoo/export.onnx?version=1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/octet-stream",
    );
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="zoo-v1.onnx"',
    );
    // A ModelProto opens with ir_version = 1: key 0x08, varint 7.
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0x08, 7]);
  });

  it("serves the module as JavaScript, named by model and version", async () => {
    const response = await api("/v1/models/diabetes-lab/export.mjs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="diabetes-lab-v1.mjs"',
    );
    const text = await response.text();
    expect(text).toContain("export function predict(rows, cut = threshold)");
    expect(text).toContain("export const threshold = 0.5;");
  });
});

describe("errors", () => {
  for (const file of ["export.onnx", "export.mjs"]) {
    it(`answers ${file} of an unknown model with 404, writing nothing`, async () => {
      const before = await storeSnapshot();
      await expectErrorBody(
        await api(`/v1/models/absent/${file}`),
        404,
        "model_not_found",
        "no model named absent",
      );
      expect(await storeSnapshot()).toBe(before);
    });

    it(`answers ${file} of an unknown version with 404, writing nothing`, async () => {
      const before = await storeSnapshot();
      await expectErrorBody(
        await api(`/v1/models/zoo/${file}?version=9`),
        404,
        "model_not_found",
        "model zoo has no version 9",
      );
      expect(await storeSnapshot()).toBe(before);
    });
  }

  it("refuses a query parameter the route does not take, writing nothing", async () => {
    const before = await storeSnapshot();
    await expectError(
      await api("/v1/models/zoo/export.onnx?threshold=0.3"),
      400,
      "invalid_option",
      'unknown query parameter "threshold": expected version',
    );
    expect(await storeSnapshot()).toBe(before);
  });
});
