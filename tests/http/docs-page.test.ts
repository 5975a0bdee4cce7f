/**
 * The reference page at /docs as a reader sees it: the descriptions' inline
 * code rendered as <code> (no Markdown backtick left outside the script,
 * markup in a description escaped), and every JSON-valued option offered
 * with an example that the service takes as it stands.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/openapi/document";
import type { Parameter } from "../../src/openapi/operation";
import { inlineCode } from "../../src/page/inline-code";
import { anonymous, api, csv } from "./api";

const TOY_CSV =
  "hours_lecture,hours_lab,passed\n1,2,0\n2,3,0\n3,1,0\n4,3,1\n5,3,1\n6,2,1\n";

let doc: OpenApiDocument;
let page: string;

beforeAll(async () => {
  doc = (await (await anonymous("/openapi.json")).json()) as OpenApiDocument;
  page = await (await anonymous("/docs")).text();
});

/** The training route's query parameters whose value is JSON. */
function jsonOptions(): Parameter[] {
  const train = doc.paths["/v1/models/{name}"].put;
  return (train?.parameters ?? []).filter((p) => p.content !== undefined);
}

/** A parameter's first example as the query string carries it. */
function exampleText(p: Parameter): string {
  const example = Object.values(p.content ?? {})[0]?.schema.examples?.[0];
  return typeof example === "string" ? example : JSON.stringify(example);
}

describe("inline code", () => {
  it("escapes first, then turns each pair of backticks into <code>", () => {
    expect(String(inlineCode("as the lab's `range(nb_epochs + 1)`"))).toBe(
      "as the lab&#39;s <code>range(nb_epochs + 1)</code>",
    );
    expect(String(inlineCode("`<b>` & `a`b"))).toBe(
      "<code>&lt;b&gt;</code> &amp; <code>a</code>b",
    );
    expect(String(inlineCode("one ` alone"))).toBe("one ` alone");
    expect(String(inlineCode(undefined))).toBe("");
  });

  it("leaves no Markdown backtick in /docs outside its script", () => {
    const [outside] = page.split("<script");
    const inDocument = JSON.stringify(doc).split("`").length - 1;
    // The document's descriptions do use them: the page renders them.
    expect(inDocument).toBeGreaterThan(100);
    expect(outside.split("`").length - 1).toBe(0);
    expect(outside).toContain("<code>range(nb_epochs + 1)</code>");
  });
});

describe("JSON-valued options", () => {
  it("each has an example, shown in its notes and as its field's placeholder", () => {
    const names = jsonOptions().map((p) => p.name);
    expect(names).toEqual([
      "init",
      "validation",
      "classes",
      "optimizer",
      "earlyStopping",
      "classWeights",
    ]);
    const section = page
      .split('<section id="trainModel">')[1]
      .split("</section>")[0];
    for (const p of jsonOptions()) {
      const text = exampleText(p).replace(/"/g, "&quot;");
      expect(section, p.name).toContain(`For example <code>${text}</code>`);
      expect(section, p.name).toMatch(
        new RegExp(
          `name="${p.name}"\\s+placeholder="${text.replace(/[{}[\]]/g, "\\$&")}"`,
        ),
      );
    }
  });

  it("each example trains the lab's toy data as it stands", async () => {
    for (const p of jsonOptions()) {
      const query = new URLSearchParams({
        epochs: "10",
        [p.name]: exampleText(p),
      });
      // Early stopping watches the validation cost: it needs held-out rows.
      if (p.name === "earlyStopping")
        query.set("validation", '{"fraction":0.5}');
      const trained = await api(
        `/v1/models/example-${p.name}?${query}`,
        csv("PUT", TOY_CSV),
      );
      expect(trained.status, `${p.name}: ${await trained.clone().text()}`).toBe(
        201,
      );
    }
  });
});
