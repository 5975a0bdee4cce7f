#!/usr/bin/env node
// Puts the course's data in data/, where it is not committed:
// - data-03-diabetes.csv (Lab 5; needed by the lab's tests): 759 rows of 9 numbers;
// - data-04-zoo.csv (the next labs' 7 classes; for the README's curl session,
//   optional): `#` comment lines, then 101 rows of 17 integers.
// Each is copied from ../shared/data/ beside the repository when that is there,
// else downloaded from the course's public repositories, and checked.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const COURSE = [
  "https://raw.githubusercontent.com/deeplearningzerotoall/PyTorch/master/",
  "https://raw.githubusercontent.com/hunkim/DeepLearningZeroToAll/master/",
];

/** Rows of `fields` numbers each, after any `#` comment lines. */
function checker(rows, fields, what) {
  return (text) => {
    const data = text
      .trim()
      .split(/\r?\n/)
      .filter((row) => !row.startsWith("#"));
    const ok =
      data.length === rows &&
      data.every((row) => {
        const values = row.split(",");
        return (
          values.length === fields &&
          values.every((f) => f.trim() !== "" && Number.isFinite(Number(f)))
        );
      });
    if (!ok) throw new Error(`not ${what}`);
  };
}

const DATASETS = [
  {
    file: "data-03-diabetes.csv",
    required: true,
    check: checker(759, 9, "the lab's 759 rows of 8 features and a label"),
  },
  {
    file: "data-04-zoo.csv",
    required: false,
    check: checker(101, 17, "the zoo's 101 rows of 16 features and a class"),
  },
];

/** Puts `file` in place; returns the reasons it failed, or [] on success. */
async function fetchOne({ file, check }) {
  const target = join(here, file);
  const shared = join(here, "..", "..", "shared", "data", file);
  if (existsSync(target)) {
    check(readFileSync(target, "utf8"));
    return [];
  }
  if (existsSync(shared)) {
    check(readFileSync(shared, "utf8"));
    copyFileSync(shared, target);
    console.log(`data: copied ${shared} to data/${file}`);
    return [];
  }
  const failures = [`not found at ${shared}`];
  for (const url of COURSE.map((base) => base + file)) {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(20_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      check(text);
      writeFileSync(target, text);
      console.log(`data: downloaded ${url} to data/${file}`);
      return [];
    } catch (error) {
      failures.push(`${url}: ${error.message}`);
    }
  }
  return failures;
}

let status = 0;
for (const dataset of DATASETS) {
  const failures = await fetchOne(dataset);
  if (failures.length === 0) continue;
  const why = dataset.required
    ? "which the lab's tests need"
    : "which only the README's curl session uses; going on without it";
  console.error(
    [
      `data: could not get ${dataset.file}, ${why}.`,
      ...failures.map((f) => `- ${f}`),
      `Put the file at data/${dataset.file} by hand and run the command again.`,
    ].join("\n"),
  );
  if (dataset.required) status = 1;
}
process.exit(status);
