#!/usr/bin/env node
/**
 * `npm test`: the checks one after another, each announced before it starts
 * and timed when it ends, so no stretch of the run is silent and a failure
 * says which step it was. Stops at the first step that fails, with its exit
 * code. The tools are the project's own (node_modules/.bin, on PATH under
 * npm run).
 *
 * Usage: node scripts/test.mjs [vitest arguments...]  (passed to the
 * workerd test step, e.g. a file filter)
 */
import { spawnSync } from "node:child_process";

const extra = process.argv.slice(2);
const STEPS = [
  ["type check", "tsc", ["--noEmit"]],
  ["format check", "prettier", ["--check", "--log-level=warn", "."]],
  [
    "wasm kernel matches its text",
    "node",
    ["src/engine/wasm/assemble.mjs", "--check"],
  ],
  ["layer rules and file sizes", "node", ["tests/structure/check.mjs"]],
  ["tests inside workerd (a line per file)", "vitest", ["run", ...extra]],
  [
    "tests in Node (the exported models)",
    "vitest",
    ["run", "--config", "vitest.node.config.ts"],
  ],
];

const started = performance.now();
for (const [index, [title, command, args]] of STEPS.entries()) {
  const at = performance.now();
  console.log(
    `\n[${index + 1}/${STEPS.length}] ${title}: ${command} ${args.join(" ")}`,
  );
  const run = spawnSync(command, args, {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  const seconds = ((performance.now() - at) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.log(
      `[${index + 1}/${STEPS.length}] ${title} failed after ${seconds} s`,
    );
    process.exit(run.status ?? 1);
  }
  console.log(`[${index + 1}/${STEPS.length}] ${title}: done in ${seconds} s`);
}
const total = ((performance.now() - started) / 1000).toFixed(0);
console.log(`\nall ${STEPS.length} steps passed in ${total} s`);
