#!/usr/bin/env node
/**
 * `npm test` runs this before the tests: the shape of the house
 * (ARCHITECTURE.md), checked on the import graph madge reads from src/
 * (type imports counted), so a change that bends it fails like a test.
 *
 * - No import cycle.
 * - Each folder imports only the layers below it: engine/ nothing but
 *   itself and errors.ts; domain/ the engine; input/ and storage/ not each
 *   other, nor reports/ or http/; reports/ neither storage/ nor input/;
 *   jobs/ what a request's handler uses but http/.
 * - src/http/ holds route files and their middleware only, and bench/
 *   imports nothing from it.
 * - No file under src/ over 300 lines (the WebAssembly text aside).
 */
import madge from "madge";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const src = join(root, "src");

/** The folders each top-level folder of src/ may import from. */
const ALLOWED = {
  engine: ["engine", "errors.ts"],
  domain: ["domain", "engine"],
  input: ["input", "engine", "errors.ts"],
  storage: ["storage", "domain", "engine", "errors.ts"],
  reports: ["reports", "domain", "engine"],
  openapi: [
    "openapi",
    "input",
    "engine",
    "errors.ts",
    "env.ts",
    "package.json",
  ],
  page: ["page", "input", "openapi"],
  // A job runs what a request runs, reports too: a prediction job writes
  // /predict's CSV answer (reports/prediction-stream.ts) as its dataset.
  jobs: [
    "jobs",
    "input",
    "storage",
    "domain",
    "engine",
    "reports",
    "errors.ts",
    "env.ts",
  ],
  http: [
    "http",
    "env.ts",
    "errors.ts",
    "domain",
    "engine",
    "input",
    "storage",
    "reports",
    "openapi",
    "page",
    "jobs",
  ],
};

/** What src/http/ may hold: route files and the middleware they use. */
const HTTP_FILES = [
  "access.ts",
  "aliases.ts",
  "allowed-methods.ts",
  "body-limit.ts",
  "datasets.ts",
  "idempotency.ts",
  "inference.ts",
  "jobs.ts",
  "known-query.ts",
  "model-param.ts",
  "models.ts",
  "predictions.ts",
  "reports.ts",
  "request-log.ts",
  "site.ts",
  "thresholds.ts",
  "versions.ts",
];

const MAX_LINES = 300;
const problems = [];

const graph = await madge(src, {
  fileExtensions: ["ts"],
  tsConfig: join(root, "tsconfig.json"),
  detectiveOptions: { ts: { skipTypeImports: false } },
});
for (const cycle of graph.circular()) {
  problems.push(`import cycle: ${cycle.join(" > ")}`);
}
for (const [file, imports] of Object.entries(graph.obj())) {
  const layer = file.split("/")[0];
  const allowed = ALLOWED[layer];
  if (allowed === undefined) continue;
  for (const target of imports) {
    const path = relative(src, join(src, target));
    const top =
      path === "../package.json" ? "package.json" : path.split("/")[0];
    if (!allowed.includes(top)) {
      problems.push(
        `${file} imports ${target}: ${layer}/ may not import ${top}`,
      );
    }
  }
}

for (const name of readdirSync(join(src, "http"))) {
  if (!HTTP_FILES.includes(name)) {
    problems.push(`src/http/${name}: src/http holds route files only`);
  }
}

for (const file of walk(src)) {
  if (file.endsWith(".wat") || file.endsWith(".wasm")) continue;
  const lines = readFileSync(file, "utf8").split("\n").length - 1;
  if (lines > MAX_LINES) {
    problems.push(`${relative(root, file)}: ${lines} lines, over ${MAX_LINES}`);
  }
}

for (const file of walk(join(root, "bench"))) {
  if (/src\/http\//.test(readFileSync(file, "utf8"))) {
    problems.push(`${relative(root, file)} imports from src/http/`);
  }
}

if (problems.length > 0) {
  console.error(
    `structure: ${problems.length} problems\n${problems.join("\n")}`,
  );
  process.exit(1);
}
console.log(
  `structure: ${Object.keys(graph.obj()).length} files, no cycle, layers as ARCHITECTURE.md draws them`,
);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "out" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
