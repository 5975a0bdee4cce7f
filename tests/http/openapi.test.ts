/**
 * The OpenAPI document at /openapi.json and the reference at /docs: the
 * document validates as OpenAPI 3.1 (with @hyperjump/json-schema, which
 * interprets the OAS 3.1 schema and dialect without generating code, so it
 * runs in workerd), names every route the app serves and no other, and its
 * schemas are the ones that drive validation and describe real answers.
 */
import {
  registerSchema,
  validate,
  type SchemaObject,
} from "@hyperjump/json-schema/openapi-3-1";
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { WARNING_CODES } from "../../src/engine/warnings";
import * as errors from "../../src/errors";
import { ERROR_CLASSES } from "../../src/openapi/error-classes";
import app from "../../src/index";
import type { OpenApiDocument } from "../../src/openapi/document";
import { SERVICE } from "../../src/openapi/document";
import { expected, type JsonSchema } from "../../src/input/json-schema";
import { TRAINING_OPTIONS } from "../../src/input/schemas";
import { readTrainingOptions } from "../../src/input/train-options";
import pkg from "../../package.json";
import { TOY_X, TOY_Y } from "../fixtures/lab05";
import { anonymous, api, csv, expectError, json } from "./api";

const OAS = "https://spec.openapis.org/oas/3.1/schema-base";
const SCHEMAS = "https://edge-logreg.test/schemas/";
let doc: OpenApiDocument;

beforeAll(async () => {
  doc = (await (await anonymous("/openapi.json")).json()) as OpenApiDocument;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const dialect = { $schema: "https://json-schema.org/draft/2020-12/schema" };
    registerSchema(
      { ...dialect, ...schema } as unknown as SchemaObject,
      SCHEMAS + name,
    );
  }
});

/** Where `value` breaks the schema at `url`, one line a problem. */
async function problems(url: string, value: unknown): Promise<string[]> {
  const output = await validate(url, value as never, { outputFormat: "BASIC" });
  if (output.valid) return [];
  const errors = output.errors ?? [];
  return errors.map(
    (e) => `${e.instanceLocation}: ${e.absoluteKeywordLocation}`,
  );
}

/** Asserts `value` is valid against component schema `name`. */
async function expectShape(name: string, value: unknown): Promise<void> {
  const found = await problems(SCHEMAS + name, value);
  expect(found, `${name}: ${JSON.stringify(value)}`).toEqual([]);
}

describe("/openapi.json", () => {
  it("validates as OpenAPI 3.1, schemas included", async () => {
    expect(await problems(OAS, doc)).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: pkg.name, version: pkg.version });
    expect(SERVICE.version).toBe(pkg.version);
  });

  it("refuses broken documents and answers, so the checks can fail", async () => {
    const broken = structuredClone(doc);
    delete (broken.info as Partial<OpenApiDocument["info"]>).version;
    expect(await problems(OAS, broken)).not.toEqual([]);
    const badSchema = structuredClone(doc);
    Object.assign(badSchema.components.schemas.Error, { minimum: "0" });
    expect(await problems(OAS, badSchema)).not.toEqual([]);
    expect(await problems(SCHEMAS + "Model", { name: "toy" })).not.toEqual([]);
  });

  it("documents every route the app serves, and serves every one it documents", async () => {
    const served = app.routes
      .filter((r) => !(r.method === "ALL" && r.path.endsWith("*")))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
    for (const route of documented) {
      const [method, path] = route.split(" ");
      const response = await anonymous(path.replace("{name}", "absent"), {
        method,
      });
      const text = await response.text();
      expect(text, route).not.toContain('"code":"not_found"');
    }
  });

  it("gives each error the error schema; writes need a token, reads may", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      // The Open Inference Protocol's routes answer its own error object.
      const schema = path.startsWith("/v2") ? "InferenceError" : "Error";
      for (const op of Object.values(item)) {
        for (const [status, answer] of Object.entries(op.responses)) {
          if (status >= "400") {
            expect(answer.content?.["application/json"].schema).toEqual({
              $ref: `#/components/schemas/${schema}`,
            });
          }
        }
        const read = /^\/v1\/|^\/v2\/models\//.test(path);
        expect(op.security, op.operationId).toEqual(
          "403" in op.responses
            ? [{ bearer: [] }]
            : read
              ? [{}, { bearer: [] }]
              : [],
        );
      }
    }
  });

  it("gives every error class's code in the Error schema, each declared on its class", () => {
    const exported: unknown[] = Object.values(errors);
    const classes = exported.filter(
      (value): value is errors.ErrorClass & { name: string } =>
        typeof value === "function" &&
        value.prototype instanceof errors.AppError,
    );
    for (const error of classes) {
      for (const key of ["code", "status", "meaning"]) {
        expect(Object.hasOwn(error, key), `${error.name}.${key}`).toBe(true);
      }
    }
    expect(new Set(ERROR_CLASSES)).toEqual(new Set(classes));
    const code =
      doc.components.schemas.Error.properties!.error.properties!.code;
    const codes = classes.map((error) => error.code);
    expect([...code.enum!].sort()).toEqual([...new Set(codes)].sort());
    expect(code.enum).toHaveLength(classes.length);
  });

  it("gives the engine's warning codes in the Model and Report schemas", () => {
    for (const name of ["Model", "Report"]) {
      for (const shape of doc.components.schemas[name].oneOf!) {
        const warnings = shape.properties!.warnings;
        expect(warnings.items!.properties!.code.enum, name).toEqual(
          WARNING_CODES,
        );
        expect(shape.required, name).toContain("warnings");
      }
    }
  });

  it("describes a job, the list of jobs and the version a job trained", async () => {
    const rows = TOY_X.map((x, i) => [...x, TOY_Y[i][0]].join(",")).join("\n");
    await env.DATA.put("datasets/shapes", `${rows}\n`);
    await using introspector = await introspectWorkflow(env.JOBS);
    const body = { kind: "train", dataset: "shapes", model: "job-shapes" };
    await expectShape("TrainJob", body);
    const started = await api("/v1/jobs", json("POST", body));
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const [instance] = await introspector.get();
    await instance.waitForStatus("complete");
    await expectShape("Job", await (await api(`/v1/jobs/${id}`)).json());
    await expectShape("JobList", await (await api("/v1/jobs")).json());
    const model = await api("/v1/models/job-shapes");
    await expectShape("Model", await model.json());
    const report = await api("/v1/models/job-shapes/report");
    await expectShape("Report", await report.json());
  });

  it("describes what the routes answer", async () => {
    const body = { x: TOY_X, y: TOY_Y, validation: { fraction: 0.5 } };
    const trained = await api("/v1/models/shapes", json("PUT", body));
    expect(trained.status).toBe(201);
    await expectShape("Model", await trained.json());
    await expectShape("Model", await (await api("/v1/models/shapes")).json());
    await expectShape("ModelList", await (await api("/v1/models")).json());
    const report = await api("/v1/models/shapes/report");
    await expectShape("Report", await report.json());
    const predicted = await api("/v1/models/shapes/predict?x=4,3&explain=true");
    await expectShape("Prediction", await predicted.json());
    const evaluated = await api(
      "/v1/models/shapes/evaluate",
      json("POST", { x: TOY_X, y: TOY_Y, threshold: 0.7 }),
    );
    await expectShape("Evaluation", await evaluated.json());
    await expectShape("Error", await (await api("/v1/models/absent")).json());
    const choices =
      "precision=0.9&recall=0.9&costFalsePositive=1&costFalseNegative=2";
    for (const dataset of ["training", "validation"]) {
      const chosen = await api(
        `/v1/models/shapes/thresholds?dataset=${dataset}&${choices}`,
      );
      await expectShape("Thresholds", await chosen.json());
    }
    const posted = await api(
      `/v1/models/shapes/thresholds?${choices}`,
      json("POST", { x: TOY_X, y: TOY_Y }),
    );
    await expectShape("Thresholds", await posted.json());
    const derived = await api(
      "/v1/models/shapes/threshold",
      json("POST", { threshold: 0.25 }),
    );
    expect(derived.status).toBe(201);
    await expectShape("Model", await derived.json());
    await expectShape(
      "Report",
      await (await api("/v1/models/shapes/report")).json(),
    );
  });

  /** Six rows of two features, for models of two and of three classes. */
  const SIX_ROWS = [
    [1, 0],
    [0, 1],
    [1, 1],
    [0, 0],
    [2, 1],
    [1, 2],
  ];

  it("describes what the dataset routes answer", async () => {
    const stored = await api("/v1/datasets/shapes", {
      method: "PUT",
      headers: { "content-type": "text/csv" },
      body: "x,y\n1,0\n2,1\n",
    });
    expect(stored.status).toBe(201);
    await expectShape("Dataset", await stored.json());
    await expectShape(
      "Dataset",
      await (await api("/v1/datasets/shapes")).json(),
    );
    await expectShape("DatasetList", await (await api("/v1/datasets")).json());
    const page = await api("/v1/datasets?limit=1");
    await expectShape("DatasetList", await page.json());
    const started = await api("/v1/datasets/shapes/uploads", {
      method: "POST",
    });
    const upload = (await started.json()) as { uploadId: string };
    await expectShape("Upload", upload);
    const uploads = `/v1/datasets/shapes/uploads/${upload.uploadId}`;
    const part = await api(`${uploads}/parts/1`, {
      method: "PUT",
      body: "x,y\n3,1\n",
    });
    expect(part.status).toBe(200);
    await expectShape("UploadedPart", await part.json());
    const done = await api(`${uploads}/complete`, { method: "POST" });
    expect(done.status).toBe(201);
    await expectShape("Dataset", await done.json());
    const absent = await api("/v1/datasets/absent");
    expect(absent.status).toBe(404);
    await expectShape("Error", await absent.json());
  });

  it("describes what the routes answer for a model of many classes", async () => {
    const x = SIX_ROWS;
    const y = [0, 1, 2, 0, 1, 2];
    const body = { x, y, epochs: 5, validation: { fraction: 0.5 } };
    const trained = await api("/v1/models/three", json("PUT", body));
    expect(trained.status).toBe(201);
    await expectShape("Model", await trained.json());
    await expectShape("ModelList", await (await api("/v1/models")).json());
    const report = await api("/v1/models/three/report");
    await expectShape("Report", await report.json());
    const predicted = await api("/v1/models/three/predict?x=1,0&explain=true");
    await expectShape("Prediction", await predicted.json());
    const evaluated = await api(
      "/v1/models/three/evaluate",
      json("POST", { x, y }),
    );
    await expectShape("Evaluation", await evaluated.json());
    const roc = await api("/v1/models/three/roc.svg");
    expect(roc.status).toBe(404);
    await expectShape("Error", await roc.json());
  });

  it("describes the Open Inference Protocol's requests and answers", async () => {
    const x = SIX_ROWS;
    for (const [name, y] of [
      ["v2-two", [0, 1, 1, 0, 1, 1]],
      ["v2-named", ["a", "b", "c", "a", "b", "c"]],
    ] as const) {
      const trained = await api(`/v1/models/${name}`, json("PUT", { x, y }));
      expect(trained.status).toBe(201);
      const metadata = await api(`/v2/models/${name}`);
      await expectShape("ModelMetadata", await metadata.json());
      for (const data of [x, x.flat()]) {
        const request = {
          id: "1",
          inputs: [{ name: "x", shape: [6, 2], datatype: "FP64", data }],
          outputs: [{ name: "label" }, { name: "probabilities" }],
        };
        await expectShape("InferenceRequest", request);
        const inferred = await api(
          `/v2/models/${name}/infer`,
          json("POST", request),
        );
        expect(inferred.status).toBe(200);
        await expectShape("InferenceResponse", await inferred.json());
      }
    }
    const absent = await api("/v2/models/absent");
    expect(absent.status).toBe(404);
    await expectShape("InferenceError", await absent.json());
  });

  it("gives examples its own schemas accept", async () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of schema.examples ?? []) {
        await expectShape(name, example);
      }
    }
  });
});

/** Values just outside a schema's bounds, and one just inside. */
function probes(schema: JsonSchema): { outside: unknown[]; inside: unknown } {
  if (schema.enum) return { outside: ["nope", 1], inside: schema.enum[0] };
  const outside: unknown[] = ["1"];
  const { minimum, maximum, exclusiveMinimum } = schema;
  if (minimum !== undefined)
    outside.push(minimum - (schema.type === "integer" ? 1 : Number.MIN_VALUE));
  if (maximum !== undefined)
    outside.push(maximum + (schema.type === "integer" ? 1 : Number.EPSILON));
  if (exclusiveMinimum !== undefined) outside.push(exclusiveMinimum);
  if (schema.type === "integer") outside.push((minimum ?? 0) + 0.5);
  const inside = maximum ?? minimum ?? (exclusiveMinimum ?? 0) + 0.25;
  return { outside, inside };
}

describe("the schemas drive validation", () => {
  const scalars = [
    "epochs",
    "lr",
    "logEvery",
    "loss",
    "threshold",
    "l1",
    "l2",
    "batchSize",
  ] as const;

  it("publishes the schemas the validators read", () => {
    const published = doc.components.schemas.TrainingBody.properties ?? {};
    for (const name of Object.keys(TRAINING_OPTIONS)) {
      expect(published[name], name).toEqual(
        JSON.parse(
          JSON.stringify(
            TRAINING_OPTIONS[name as keyof typeof TRAINING_OPTIONS],
          ),
        ),
      );
    }
  });

  for (const name of scalars) {
    it(`refuses ${name} just outside its schema, as the validator does`, async () => {
      const schema = doc.components.schemas.TrainingBody.properties![name];
      const { outside, inside } = probes(schema);
      for (const value of outside) {
        let thrown = "";
        try {
          readTrainingOptions({ [name]: value }, false);
        } catch (error) {
          thrown = (error as Error).message;
        }
        expect(thrown, `${name}: ${value}`).toMatch(
          new RegExp(`^${name} must be `),
        );
        if (typeof value === "number") {
          expect(thrown).toBe(
            `${name} must be ${expected(schema)}, got ${value}`,
          );
        }
        const response = await api(
          "/v1/models/bounds",
          json("PUT", { x: TOY_X, y: TOY_Y, [name]: value }),
        );
        await expectError(response, 400, "invalid_option", thrown);
      }
      const epochs: Record<string, string> =
        name === "epochs" ? { logEvery: "1000" } : { epochs: "2" };
      const ok = await api(
        `/v1/models/bounds?${new URLSearchParams({ ...epochs, [name]: String(inside) })}`,
        csv("PUT", "1,2,0\n4,3,1\n"),
      );
      expect(ok.status, `${name}: ${inside}`).toBe(201);
    });
  }

  it("trains with the schemas' defaults", async () => {
    const response = await api(
      "/v1/models/defaults",
      json("PUT", { x: TOY_X, y: TOY_Y }),
    );
    const model = (await response.json()) as Record<string, unknown>;
    for (const name of ["epochs", "lr", "loss", "threshold", "init"]) {
      const schema = doc.components.schemas.TrainingBody.properties![name];
      expect(model[name], name).toEqual(schema.default);
    }
    expect(model.logEvery).toBe(
      Math.max(1, Math.floor((model.epochs as number) / 10)),
    );
  });

  it("refuses an evaluation threshold outside its schema", async () => {
    const schema = doc.components.schemas.EvaluationBody.properties!.threshold;
    await api("/v1/models/judged", json("PUT", { x: TOY_X, y: TOY_Y }));
    for (const threshold of probes(schema).outside) {
      const body = { x: TOY_X, y: TOY_Y, threshold };
      await expectError(
        await api("/v1/models/judged/evaluate", json("POST", body)),
        400,
        "invalid_option",
        typeof threshold === "number"
          ? `threshold must be ${expected(schema)}, got ${threshold}`
          : "threshold must be a number",
      );
    }
  });

  it("refuses init and validation outside their schemas, in their words", async () => {
    const options = doc.components.schemas.TrainingBody.properties!;
    const fraction = options.validation.properties!.fraction;
    const cases: [string, unknown, string][] = [
      ["init", "ones", `init must be ${expected(options.init)}, got "ones"`],
      ["init", { torch: {} }, 'init.torch must be {"seed": S}, got {}'],
      ["validation", { fraction: 1 }, `must be ${expected(fraction)}, got 1`],
      ["validation", [], `validation must be ${expected(options.validation)}`],
    ];
    for (const [name, value, message] of cases) {
      const body = { x: TOY_X, y: TOY_Y, [name]: value };
      await expectError(
        await api("/v1/models/objects", json("PUT", body)),
        400,
        "invalid_option",
        message,
      );
    }
  });

  it("refuses query parameters outside their schemas", async () => {
    await api("/v1/models/query", json("PUT", { x: TOY_X, y: TOY_Y }));
    const params = doc.paths["/v1/models/{name}/predict"].get!.parameters!;
    const list = doc.paths["/v1/models"].get!.parameters!;
    for (const p of [...params, ...list]) {
      if (p.in !== "query" || p.name === "x" || p.name === "cursor") continue;
      const schema = p.schema!;
      const path = list.includes(p) ? "/v1/models" : "/v1/models/query/predict";
      const values =
        schema.type === "boolean"
          ? ["yes"]
          : probes(schema).outside.filter((v) => v !== "1");
      for (const value of values) {
        const query = new URLSearchParams({
          x: "4,3",
          [p.name]: String(value),
        });
        if (path === "/v1/models") query.delete("x");
        await expectError(
          await api(`${path}?${query}`),
          400,
          "invalid_option",
          `${p.name} must be ${expected(schema)}, got `,
        );
      }
    }
  });
});

describe("/docs", () => {
  it("lists every operation, with a form to try it, under a strict CSP", async () => {
    const response = await anonymous("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const page = await response.text();
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(page).toContain(`<style nonce="${nonce}">`);
    // CSS's url( loads; the script's URL.createObjectURL( loads nothing.
    expect(page).not.toMatch(/<script[^>]*\ssrc=|<link|<img|@import|\burl\(/i);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const section = page.split(`<section id="${op.operationId}">`)[1];
        expect(section, op.operationId).toBeDefined();
        expect(section).toContain(`${method.toUpperCase()}</span>`);
        expect(section).toContain(`data-path="${path}"`);
      }
    }
    expect(page).toContain("an integer from 0 to 100000; default 100");
  });
});
