#!/usr/bin/env node
/**
 * Assembles epoch-pass.wat into epoch-pass.wasm with wabt (`npm run wasm`).
 *
 * The binary is committed, so that the Worker, the tests and the bench load it
 * with no build step; `--check` (run by `npm test`) fails when it is not what
 * the text assembles to, so the two cannot drift apart.
 *
 * V8 does not inline one WebAssembly function into another, so the kernel's
 * hottest loops carry some functions' bodies written out by hand, between
 * `;; ---- $name's body…` and `;; ---- end of $name's body ----`, as the
 * function itself does; assembling fails unless every copy of a body is
 * line for line (leading spaces aside) the function's own.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import initWabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "epoch-pass.wat");
const target = join(here, "epoch-pass.wasm");

const text = readFileSync(source, "utf8");
const copies = inlinedBodiesThatDiffer(text);
if (copies.length > 0) {
  console.error(
    `epoch-pass.wat: ${copies.join(", ")} not the same as where the function defines it`,
  );
  process.exit(1);
}

const wabt = await initWabt();
const module = wabt.parseWat(source, text, {
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

/**
 * The copies of a function's body in `text` that are not the function's
 * own, as "$name's body (copy k)"; a body marked in a function and nowhere
 * else, or in no function, counts as differing too.
 */
function inlinedBodiesThatDiffer(text) {
  const lines = text.split("\n").map((line) => line.trim());
  const bodies = new Map();
  for (let i = 0; i < lines.length; i++) {
    const name = /^;; ---- (\$[\w.]+)'s body/.exec(lines[i])?.[1];
    if (name === undefined) continue;
    const end = lines.indexOf(`;; ---- end of ${name}'s body ----`, i);
    if (end === -1) return [`${name}'s body (no end)`];
    // The function's own body is the one inside `(func $name ...`.
    const own =
      lines
        .slice(0, i)
        .findLast((line) => line.startsWith("(func "))
        ?.startsWith(`(func ${name} `) ?? false;
    const body = lines.slice(i + 1, end).join("\n");
    bodies.set(name, [...(bodies.get(name) ?? []), { body, own }]);
    i = end;
  }
  const differing = [];
  for (const [name, copies] of bodies) {
    const own = copies.find((copy) => copy.own);
    copies
      .filter((copy) => !copy.own)
      .forEach((copy, k) => {
        if (own === undefined || copy.body !== own.body) {
          differing.push(`${name}'s body (copy ${k + 1})`);
        }
      });
    if (copies.length < 2) differing.push(`${name}'s body (no copy)`);
  }
  return differing;
}
