/**
 * The exported models, run outside the service, against the answers
 * /predict gave (tests/http/export.test.ts records both from the Worker):
 * the ONNX file in onnxruntime-web (its WebAssembly CPU backend, in Node),
 * its probabilities within 1e-6 (onnxruntime sums in float32, the service
 * in float64) and its class indices equal to the labels; the ES module
 * imported as it is served, its answer within 1e-12.
 */
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-web";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EXPORT_CASES,
  ZOO_FEATURES,
  recordingPath,
  zooData,
  type ExportRecording,
} from "../fixtures/export-cases";

const FIXTURES = new URL("../fixtures/", import.meta.url);

function recording(model: string): ExportRecording {
  return JSON.parse(
    readFileSync(new URL(recordingPath(model), FIXTURES), "utf8"),
  ) as ExportRecording;
}

/** The largest |a_i − b_i| over two equally shaped arrays of numbers. */
function maxDifference(a: readonly number[], b: readonly number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}

/** What an exported ES module exports. */
interface ExportedModule {
  predict(
    rows: (number[] | Record<string, number>)[],
  ): ExportRecording["predict"];
  classes: unknown[];
  features: string[] | null;
}

/** The ES module recorded for `model`, imported as a client imports it. */
function exportedModule(model: string): Promise<ExportedModule> {
  return import(`../fixtures/export/${model}.mjs`) as Promise<ExportedModule>;
}

/**
 * A `metadata_props` entry (ModelProto field 14, a StringStringEntryProto
 * of key = 1 and value = 2) written out byte by byte from the protobuf
 * encoding guide: key byte (field << 3 | 2), varint length, bytes.
 */
function metadataEntry(key: string, value: string): Buffer {
  const field = (tag: number, bytes: Buffer) =>
    Buffer.concat([Buffer.from([tag, ...varint(bytes.length)]), bytes]);
  const entry = Buffer.concat([
    field(0x0a, Buffer.from(key)),
    field(0x12, Buffer.from(value)),
  ]);
  return field(0x72, entry);
}

/** The base-128 varint of a length below 2^14. */
function varint(n: number): number[] {
  expect(n).toBeLessThan(2 ** 14);
  return n < 0x80 ? [n] : [(n & 0x7f) | 0x80, n >> 7];
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe.each(EXPORT_CASES)("$model", ({ model, rows }) => {
  const { predict, onnx } = recording(model);
  const x = rows();
  const d = x[0].length;
  const classes = predict.classes.length;
  const many = classes > 2;

  it("the ONNX model has x float32 [N, d] in, probabilities and label out", async () => {
    const session = await ort.InferenceSession.create(
      Buffer.from(onnx, "base64"),
    );
    expect(session.inputMetadata).toEqual([
      { name: "x", isTensor: true, type: "float32", shape: ["N", d] },
    ]);
    expect(session.outputMetadata).toEqual([
      {
        name: "probabilities",
        isTensor: true,
        type: "float32",
        shape: many ? ["N", classes] : ["N"],
      },
      { name: "label", isTensor: true, type: "int64", shape: ["N"] },
    ]);
    await session.release();
  });

  it("the ONNX model's metadata_props hold the classes and the threshold as JSON", () => {
    const bytes = Buffer.from(onnx, "base64");
    const classesEntry = metadataEntry(
      "classes",
      JSON.stringify(predict.classes),
    );
    expect(bytes.includes(classesEntry)).toBe(true);
    // Two classes: the threshold /predict labelled at; K: no threshold anywhere.
    expect(bytes.includes(Buffer.from("threshold"))).toBe(!many);
    if (!many) {
      const threshold = JSON.stringify(predict.threshold);
      expect(bytes.includes(metadataEntry("threshold", threshold))).toBe(true);
    }
  });

  it("runs in onnxruntime as /predict answered", async () => {
    const session = await ort.InferenceSession.create(
      Buffer.from(onnx, "base64"),
    );
    const input = new ort.Tensor("float32", Float32Array.from(x.flat()), [
      x.length,
      d,
    ]);
    const out = await session.run({ x: input });
    await session.release();
    const probabilities = out.probabilities;
    expect(probabilities.dims).toEqual(many ? [x.length, classes] : [x.length]);
    const expected = predict.probabilities.flat();
    const got = Array.from(probabilities.data as Float32Array);
    expect(maxDifference(got, expected)).toBeLessThanOrEqual(1e-6);
    expect(out.label.dims).toEqual([x.length]);
    const indices = Array.from(out.label.data as BigInt64Array, Number);
    const labels = indices.map((k) => predict.classes[k]);
    expect(labels).toEqual(predict.labels);
  });

  it("the ES module predicts as /predict answered", async () => {
    const exported = await exportedModule(model);
    expect(exported.classes).toEqual(predict.classes);
    const answer = exported.predict(x);
    expect(answer.labels).toEqual(predict.labels);
    const got = answer.probabilities.flat();
    expect(
      maxDifference(got, predict.probabilities.flat()),
    ).toBeLessThanOrEqual(1e-12);
  });

  it("the ES module refuses a row of the wrong length", async () => {
    const exported = await exportedModule(model);
    expect(() => exported.predict([x[0], x[1].slice(1)])).toThrow(
      new RangeError(`row 1 has ${d - 1} values, expected ${d}`),
    );
  });
});

describe("the zoo's feature names", () => {
  it("are the ONNX model's metadata_props feature_names, as JSON", () => {
    const bytes = Buffer.from(recording("zoo").onnx, "base64");
    const names = metadataEntry("feature_names", JSON.stringify(ZOO_FEATURES));
    expect(bytes.includes(names)).toBe(true);
    // The diabetes CSV has no header: no names, no entry.
    const diabetes = Buffer.from(recording("diabetes-lab").onnx, "base64");
    expect(diabetes.includes(Buffer.from("feature_names"))).toBe(false);
  });

  it("key the ES module's rows as objects, answered as their values", async () => {
    const exported = await exportedModule("zoo");
    expect(exported.features).toEqual(ZOO_FEATURES);
    const x = zooData().x;
    const named = x.map((row) =>
      Object.fromEntries(ZOO_FEATURES.map((f, j) => [f, row[j]])),
    );
    expect(exported.predict(named)).toEqual(exported.predict(x));
  });
});
