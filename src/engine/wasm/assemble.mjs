#!/usr/bin/env node
/**
 * Assembles epoch-pass.wat into epoch-pass.wasm with wabt (`npm run wasm`).
 *
 * The binary is committed, so that the Worker, the tests and the bench load it
 * with no build step; `--check` (run by `npm test`) fails when it is not what
 * the text assembles to, so the two cannot drift apart.
 *
 * V8 does not inline one WebAssembly function into another, so the kernel's
 * hottest loops take some functions' bodies in place of calls. The text
 * holds each body once, in its function, between `;; ---- $name's body…`
 * and `;; ---- end of $name's body ----`; where a loop takes it, a line
 * `;; ---- $name's body here: written in by assemble.mjs ----` stands, and
 * the assembler writes the body in there (`withBodiesWrittenIn`) before it
 * assembles, so the text never holds two copies of one body to drift apart.
 * A body may hold such a line for another body; it is written in as well.
 * A function that is only a body's home (nothing calls or exports it) is
 * left out of the binary (`withoutUncalledHomes`): its body runs where it
 * is written in.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import initWabt from "wabt";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "epoch-pass.wat");
const target = join(here, "epoch-pass.wasm");

const text = withoutUncalledHomes(
  withBodiesWrittenIn(readFileSync(source, "utf8")),
);

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
 * `text` with each `;; ---- $name's body here…` line replaced by the body
 * marked in `(func $name …`, its lines indented as the line they replace.
 *
 * @throws Error naming a body asked for that no function marks, or one
 *   whose end is not marked
 */
function withBodiesWrittenIn(text) {
  // A body may itself take another's; each round writes in one level.
  for (let round = 0; round < 4; round++) {
    const written = writeInOnce(text);
    if (written === text) return text;
    text = written;
  }
  throw new Error("epoch-pass.wat: bodies written into each other too deep");
}

/** `text` with each body-here line replaced by the body as it now stands. */
function writeInOnce(text) {
  const lines = text.split("\n");
  const bodies = new Map();
  let func = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith("(func ")) func = line.split(" ")[1];
    const name = /^;; ---- (\$[\w.]+)'s body(?:: .*)? ----$/.exec(line)?.[1];
    if (name === undefined || name !== func) continue;
    const end = lines.findIndex(
      (l, j) => j > i && l.trim() === `;; ---- end of ${name}'s body ----`,
    );
    if (end === -1)
      throw new Error(`epoch-pass.wat: ${name}'s body has no end`);
    const indent = lines[i].length - lines[i].trimStart().length;
    bodies.set(
      name,
      lines
        .slice(i + 1, end)
        .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))),
    );
  }
  return lines
    .flatMap((line) => {
      const name = /^;; ---- (\$[\w.]+)'s body here: /.exec(line.trim())?.[1];
      if (name === undefined) return [line];
      const body = bodies.get(name);
      if (body === undefined) {
        throw new Error(`epoch-pass.wat: no function marks ${name}'s body`);
      }
      const indent = line.slice(0, line.length - line.trimStart().length);
      return body.map((l) => indent + l);
    })
    .join("\n");
}

/**
 * `text` without the functions that mark a body and that nothing calls or
 * exports: each from its `(func $name` line to its closing parenthesis
 * (parentheses in `;;` comments not counted).
 */
function withoutUncalledHomes(text) {
  const homes = [...text.matchAll(/^\s*\(func (\$[\w.]+)(.*)$/gm)].filter(
    ([, name, rest]) =>
      !rest.includes("(export") &&
      text.includes(`;; ---- ${name}'s body:`) &&
      !new RegExp(`\\(call \\${name}[\\s)]`).test(text),
  );
  for (const [line] of homes) {
    const start = text.indexOf(line) + line.indexOf("(func");
    let depth = 0;
    let at = start;
    do {
      const c = text[at];
      if (c === ";" && text[at + 1] === ";") at = text.indexOf("\n", at);
      else if (c === "(") depth++;
      else if (c === ")") depth--;
      at++;
      if (at > text.length)
        throw new Error(`epoch-pass.wat: ${line.trim()} is not closed`);
    } while (depth > 0);
    text = text.slice(0, start) + text.slice(at);
  }
  return text;
}
