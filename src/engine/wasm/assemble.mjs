#!/usr/bin/env node
/**
 * Assembles epoch-pass.wat into epoch-pass.wasm with wabt (`npm run wasm`).
 *
 * The binary is committed, so that the Worker, the tests and the bench load it
 * with no build step; `--check` (run by `npm test`) fails when it is not what
 * the text assembles to, so the two cannot drift apart.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import initWabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "epoch-pass.wat");
const target = join(here, "epoch-pass.wasm");

const wabt = await initWabt();
const module = wabt.parseWat(source, readFileSync(source, "utf8"), {
  simd: true,
});
module.validate();
const binary = Buffer.from(module.toBinary({}).buffer);
module.destroy();

if (process.argv.includes("--check")) {
  let committed;
  try {
    committed = readFileSync(target);
  } catch {
    committed = Buffer.alloc(0);
  }
  if (!committed.equals(binary)) {
    console.error(
      "src/engine/wasm/epoch-pass.wasm is not what epoch-pass.wat assembles to: run `npm run wasm`",
    );
    process.exit(1);
  }
} else {
  writeFileSync(target, binary);
  console.log(`wrote ${target} (${binary.length} bytes)`);
}
