#!/usr/bin/env node
// Puts the lab's diabetes CSV at data/data-03-diabetes.csv, which is not committed.
// Copies it from ../shared/data/ beside the repository when that is there, else
// downloads it from the course's public repository. Checks 759 rows of 9 numbers.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "data-03-diabetes.csv");
const shared = join(here, "..", "..", "shared", "data", "data-03-diabetes.csv");
const sources = [
  "https://raw.githubusercontent.com/deeplearningzerotoall/PyTorch/master/data-03-diabetes.csv",
  "https://raw.githubusercontent.com/hunkim/DeepLearningZeroToAll/master/data-03-diabetes.csv",
];

function check(text) {
  const rows = text.trim().split(/\r?\n/);
  const ok =
    rows.length === 759 &&
    rows.every((row) => {
      const fields = row.split(",");
      return (
        fields.length === 9 && fields.every((f) => Number.isFinite(Number(f)))
      );
    });
  if (!ok) throw new Error("not the lab's 759 rows of 8 features and a label");
}

if (existsSync(target)) {
  check(readFileSync(target, "utf8"));
  process.exit(0);
}
if (existsSync(shared)) {
  check(readFileSync(shared, "utf8"));
  copyFileSync(shared, target);
  console.log(`data: copied ${shared} to data/data-03-diabetes.csv`);
  process.exit(0);
}
const failures = [];
for (const url of sources) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    check(text);
    writeFileSync(target, text);
    console.log(`data: downloaded ${url} to data/data-03-diabetes.csv`);
    process.exit(0);
  } catch (error) {
    failures.push(`${url}: ${error.message}`);
  }
}
console.error(
  [
    "data: could not get data-03-diabetes.csv, which the lab's tests need.",
    `- not found at ${shared}`,
    ...failures.map((f) => `- ${f}`),
    "Put the file at data/data-03-diabetes.csv by hand and run the command again.",
  ].join("\n"),
);
process.exit(1);
