/**
 * The page at `/docs`: every operation of the OpenAPI document, with its
 * parameters and their constraints, its request bodies and responses, and a
 * form to try it from the browser. Server-rendered with Hono's html helper
 * from the document itself; it loads nothing from anywhere else.
 */
import { html, raw } from "hono/html";
import { expected, type JsonSchema } from "../input/json-schema";
import type { OpenApiDocument } from "../openapi/document";
import type {
  Content,
  Method,
  Operation,
  Parameter,
} from "../openapi/operation";
import { DOCS_SCRIPT } from "./docs-script";
import { inlineCode } from "./inline-code";

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.05rem; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
section { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6rem 1rem; margin: 1rem 0; }
.method { display: inline-block; min-width: 4.2rem; font-family: ui-monospace, monospace; font-weight: 700; }
code, pre, textarea, input { font-family: ui-monospace, monospace; font-size: 13px; }
table { border-collapse: collapse; margin: 0.4rem 0; display: block; max-width: 100%; overflow-x: auto; }
td, th { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
h3 { font-size: 0.95rem; margin: 0.8rem 0 0.2rem; }
form { display: grid; gap: 0.4rem; margin-top: 0.5rem; }
label { display: flex; gap: 0.5rem; align-items: center; }
textarea { width: 100%; min-height: 6rem; }
pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
.muted { color: #59636e; }
img.answer { display: block; max-width: 100%; height: auto; border: 1px solid #d0d7de; }
`;

/** The page for `doc`, with `nonce` on its inline style and script. */
export function docsPage(nonce: string, doc: OpenApiDocument) {
  const sections = Object.entries(doc.paths).flatMap(([path, item]) =>
    (Object.entries(item) as [Method, Operation][]).map(([method, op]) =>
      operationSection(doc, method, path, op),
    ),
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${doc.info.title} API reference</title>
        <style nonce="${nonce}">
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>${doc.info.title} ${doc.info.version}</h1>
        <p>
          ${inlineCode(doc.info.description)} The document:
          <a href="/openapi.json">/openapi.json</a> (OpenAPI ${doc.openapi}).
        </p>
        <label
          >Bearer token (writes; reads where READ_TOKEN is set)
          <input id="token" type="password" autocomplete="off" size="24"
        /></label>
        ${sections}
        <script nonce="${nonce}">
          ${raw(DOCS_SCRIPT)};
        </script>
      </body>
    </html>`;
}

function operationSection(
  doc: OpenApiDocument,
  method: Method,
  path: string,
  op: Operation,
) {
  const params = op.parameters ?? [];
  const content = op.requestBody?.content ?? {};
  const token = op.security.some((s) => "bearer" in s)
    ? op.security.some((s) => Object.keys(s).length === 0)
      ? "token where READ_TOKEN is set"
      : "token needed"
    : "no token";
  return html`<section id="${op.operationId}">
    <h2>
      <span class="method">${method.toUpperCase()}</span>
      <code>${path}</code> ${inlineCode(op.summary)}
    </h2>
    <p class="muted">${op.tags.join(", ")}; ${token}</p>
    ${op.description && html`<p>${inlineCode(op.description)}</p>`}
    ${
      params.length > 0 &&
      html`<h3>Parameters</h3>
        <table>
          <tr>
            <th>name</th>
            <th>in</th>
            <th>value</th>
            <th>notes</th>
          </tr>
          ${params.map(parameterRow)}
        </table>`
    }
    ${
      Object.keys(content).length > 0 &&
      html`<h3>Request body</h3>
        <p>${inlineCode(op.requestBody?.description)}</p>
        ${Object.entries(content).map(([type, { schema }]) =>
          bodyForm(doc, type, schema),
        )}`
    }
    <h3>Responses</h3>
    <table>
      ${Object.entries(op.responses).map(
        ([status, answer]) =>
          html`<tr>
            <td>${status}</td>
            <td>${inlineCode(answer.description)}</td>
            <td>${Object.keys(answer.content ?? {}).join(", ")}</td>
          </tr>`,
      )}
    </table>
    ${tryForm(doc, method, path, params, content)}
  </section>`;
}

function parameterRow(p: Parameter) {
  const schema = schemaOf(p);
  const json = p.content ? "JSON: " : "";
  const shown = exampleOf(schema);
  return html`<tr>
    <td><code>${p.name}</code>${p.required ? " (required)" : ""}</td>
    <td>${p.in}</td>
    <td>${json}${constraint(schema)}</td>
    <td>
      ${inlineCode([p.description, schema.description].filter(Boolean).join(" "))}
      ${p.content && shown && html`For example <code>${shown}</code>.`}
    </td>
  </tr>`;
}

/** A parameter's schema, whether it is given as text or as JSON. */
function schemaOf(p: Parameter): JsonSchema {
  return p.schema ?? Object.values(p.content ?? {})[0]?.schema ?? {};
}

/** A schema's first example as a query string holds it: JSON but for text. */
function exampleOf(schema: JsonSchema): string {
  const value = schema.examples?.[0];
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A schema's constraints in words, as its validator's messages put them. */
function constraint(schema: JsonSchema): string {
  const shown =
    "default" in schema ? `; default ${JSON.stringify(schema.default)}` : "";
  const pattern = schema.pattern ? `, matching ${schema.pattern}` : "";
  return `${expected(schema)}${pattern}${shown}`;
}

function bodyForm(doc: OpenApiDocument, type: string, schema: JsonSchema) {
  const name = schema.$ref?.split("/").pop() ?? "";
  const resolved = resolve(doc, schema);
  const fields = Object.entries(resolved.properties ?? {});
  // A body of bytes (an upload's part) has no schema name to give.
  return html`<p>
      <code>${type}</code>${name && `: ${name}.`}
      ${inlineCode(resolved.description)}
    </p>
    ${
      fields.length > 0 &&
      html`<table>
        ${fields.map(
          ([key, field]) =>
            html`<tr>
              <td>
                <code>${key}</code>${
                  resolved.required?.includes(key) ? " (required)" : ""
                }
              </td>
              <td>${constraint(field)}</td>
              <td>${inlineCode(field.description)}</td>
            </tr>`,
        )}
      </table>`
    }`;
}

function tryForm(
  doc: OpenApiDocument,
  method: Method,
  path: string,
  params: Parameter[],
  content: Content,
) {
  const types = Object.keys(content);
  return html`<details>
    <summary>Try it</summary>
    <form class="try" data-method="${method.toUpperCase()}" data-path="${path}">
      ${params.map(
        (p) =>
          html`<label
            >${p.name}
            <input
              data-in="${p.in}"
              name="${p.name}"
              ${p.required ? "required" : ""}
              placeholder="${exampleOf(schemaOf(p))}"
          /></label>`,
      )}
      ${
        types.length > 0 &&
        html`<label
            >Content-Type
            <select name="content-type">
              ${types.map((t) => html`<option>${t}</option>`)}
            </select></label
          >
          ${types.map(
            (t) =>
              html`<textarea data-type="${t}" ${t === types[0] ? "" : "hidden"}>
${example(doc, content[t].schema)}</textarea>`,
          )}`
      }
      <button type="submit">Send</button>
      <pre class="answer" hidden></pre>
    </form>
  </details>`;
}

/** The first example of a (referenced) schema, as text to send. */
function example(doc: OpenApiDocument, schema: JsonSchema): string {
  return exampleOf(resolve(doc, schema));
}

function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace("#/components/schemas/", "");
  return name ? doc.components.schemas[name] : schema;
}
