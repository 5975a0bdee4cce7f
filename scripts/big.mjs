#!/usr/bin/env node
/**
 * `npm run big`: a dataset past one request, end to end against the local
 * `npm run dev` (loopback addresses only):
 *
 * 1. generates a CSV of 3,000,000 rows × 16 features (about 366 MB) with a
 *    seeded generator, labelled by a known logistic model plus noise
 *    (scripts/big/synthetic-csv.mjs), into bench/out/big/ (git-ignored),
 *    streamed to disk; removed at the end unless --keep (a kept file of the
 *    same size and seed is used again);
 * 2. uploads it in parts (POST /v1/datasets/{name}/uploads, then each part
 *    streamed from disk);
 * 3. trains it by a job (20 epochs, full batch, lr 1, init zeros, every
 *    epoch logged), printing the progress its events report; then a predict
 *    job over the same dataset, whose output it streams back and counts;
 * 4. trains the float64 reference in Node over the rows read again from
 *    the file each epoch (scripts/big/reference.mjs).
 *
 * Prints the time of each phase, the workerd process's resident memory
 * (idle before the upload, peak until the output is read) and each logged
 * cost beside the reference's. Exits 1 when the last logged cost differs
 * from the reference's by more than 1e-6, when workerd's resident memory
 * grew more than 128 MiB over its idle size, or when a row count is wrong.
 *
 *   npm run big                                 (the full size)
 *   npm run big -- --rows=20000 --epochs=5      (a quick run)
 *   options: --rows= --cols= --epochs= --lr= --seed= --keep --url= --pid=
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCsvBlocks } from "./big/csv-blocks.mjs";
import { referenceTraining } from "./big/reference.mjs";
import { serviceClient } from "./big/service-client.mjs";
import { writeSyntheticCsv } from "./big/synthetic-csv.mjs";
import { findWorkerd, sampleMemory } from "./big/workerd-memory.mjs";
import { isolateHeaps } from "./big/isolate-heaps.mjs";
import { parseOptions, readToken } from "./big/options.mjs";
import { followJob, progress, mib, seconds } from "./big/report.mjs";

const COST_TOLERANCE = 1e-6;
const MEMORY_GROWTH = 128 * 1024 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));

const options = parseOptions(process.argv.slice(2));
const client = serviceClient(options.url, readToken(root));
const failures = [];
const times = [];
/** workerd's memory while it is sampled (from the upload to the download). */
let memory = null;
/**
 * Runs `work` as phase `title`, timing it, with workerd's peak resident
 * size while it ran when memory is being sampled.
 */
async function phase(title, work) {
  const started = performance.now();
  progress(`${title}...`);
  const result = await work();
  const peak = memory === null ? null : memory.mark();
  times.push([title, (performance.now() - started) / 1000, peak]);
  return result;
}

async function main() {
  // The server first: no point generating a file nobody can take.
  try {
    const health = await fetch(`${options.url}/health`);
    if (!health.ok) throw new Error(`/health answered ${health.status}`);
  } catch (error) {
    console.error(
      `no service at ${options.url} (${error.message}): start it with \`npm run dev\` in another terminal, or pass --url=`,
    );
    process.exit(1);
  }
  const pid =
    options.pid ?? findWorkerd(Number(new URL(options.url).port || 80)).worker;

  const { rows, cols, epochs, lr, seed } = options;
  const folder = join(root, "bench", "out", "big");
  const file = join(folder, `big-${rows}x${cols}-seed${seed}.csv`);
  const dataset = `big-${rows}x${cols}`;
  const output = `${dataset}-scores`;
  const model = dataset;
  mkdirSync(folder, { recursive: true });

  const generated = await phase("generate", async () => {
    try {
      return { bytes: statSync(file).size, reused: true };
    } catch {
      return writeSyntheticCsv(file, {
        rows,
        cols,
        seed,
        onProgress(done, bytes) {
          if (done % 500000 === 0 || done === rows)
            progress(
              `generated ${done.toLocaleString("en")} rows, ${mib(bytes)}`,
            );
        },
      });
    }
  });
  progress(
    `${generated.reused ? "using the kept" : "wrote"} ${file}: ${rows.toLocaleString("en")} rows × ${cols} features, ${mib(generated.bytes)}`,
  );

  // Leftovers of an earlier run that stopped before its cleanup.
  for (const name of [dataset, output]) {
    await client.call("DELETE", `/v1/datasets/${name}`, { expect: [204, 404] });
  }

  memory = sampleMemory(pid);
  progress(`workerd (pid ${pid}) idle: ${mib(memory.highest())} resident`);
  const idleHeaps = await isolateHeaps(pid);

  await phase("upload", () =>
    client.upload(dataset, file, (n, parts, sent, took) =>
      progress(
        `part ${n}/${parts}: ${mib(sent)} of ${mib(generated.bytes)} in ${seconds(took)}, workerd ${mib(memory.highest())} at most`,
      ),
    ),
  );

  const trained = await phase("train job", () =>
    followJob(client, "train", memory, {
      kind: "train",
      dataset,
      model,
      epochs,
      lr,
      logEvery: 1,
      init: "zeros",
    }),
  );
  const { version } = trained.result;

  const predicted = await phase("predict job", () =>
    followJob(client, "predict", memory, {
      kind: "predict",
      dataset,
      model,
      version,
      output,
    }),
  );

  const scores = await phase("download output", () => client.download(output));
  const peak = memory.stop();
  memory = null;
  const endHeaps = await isolateHeaps(pid);
  const headerLines = Number.isNaN(Number(scores.head[0].split(",")[0]))
    ? 1
    : 0;
  const scoredRows = scores.lines - headerLines;
  progress(
    `output ${output}: ${scoredRows.toLocaleString("en")} rows, ${mib(scores.bytes)}`,
  );
  if (scoredRows !== rows)
    failures.push(`the output has ${scoredRows} rows, the dataset ${rows}`);

  // The first rows' probabilities against the stored weights, in float64.
  const stored = await client.call(
    "GET",
    `/v1/models/${model}?version=${version}`,
  );
  const column = Math.max(0, scores.head[0].split(",").indexOf("probability"));
  let probabilityGap = 0;
  readCsvBlocks(
    file,
    cols,
    (x, _y, count) => {
      for (let i = 0; i < count; i++) {
        let z = stored.weights.b;
        for (let j = 0; j < cols; j++)
          z += x[i * cols + j] * stored.weights.w[j];
        const line = scores.head[headerLines + i].split(",");
        const gap = Math.abs(1 / (1 + Math.exp(-z)) - Number(line[column]));
        probabilityGap = Math.max(probabilityGap, gap);
      }
    },
    { maxRows: Math.min(rows, scores.head.length - 1 - headerLines) },
  );
  if (!(probabilityGap <= 1e-5))
    failures.push(
      `a predicted probability is ${probabilityGap} from the model's`,
    );

  const reference = await phase("reference in Node", () =>
    referenceTraining(file, {
      cols,
      epochs,
      lr,
      logEvery: 1,
      onIteration(epoch, entry, took) {
        progress(
          `reference epoch ${epoch}/${epochs}: cost ${entry.cost.toFixed(9)} (${seconds(took)})`,
        );
      },
    }),
  );

  // The report.
  console.log(
    `\nnpm run big: ${rows.toLocaleString("en")} rows × ${cols} features (${mib(generated.bytes)}), ${epochs} epochs, lr ${lr}, init zeros`,
  );
  console.log("phase               seconds  workerd peak");
  for (const [title, took, top] of times) {
    const at = top === null ? "" : mib(top).padStart(14);
    console.log(`${title.padEnd(20)}${took.toFixed(1).padStart(7)}${at}`);
  }
  const growth = peak.peak - peak.idle;
  console.log(
    `workerd resident memory: idle ${mib(peak.idle)}, peak ${mib(peak.peak)}, growth ${mib(growth)} (limit ${mib(MEMORY_GROWTH)}; ${peak.samples} samples), ${mib(peak.rss)} at the end`,
  );
  if (growth > MEMORY_GROWTH)
    failures.push(`workerd grew ${mib(growth)}, over ${mib(MEMORY_GROWTH)}`);
  printHeaps(idleHeaps, endHeaps, peak.rss);
  console.log("epoch  job cost            reference cost      |difference|");
  const history = trained.history;
  for (const entry of reference.history) {
    const job = history.find((h) => h.epoch === entry.epoch);
    const gap = job === undefined ? NaN : Math.abs(job.cost - entry.cost);
    console.log(
      `${String(entry.epoch).padStart(5)}  ${job?.cost.toFixed(15) ?? "missing".padEnd(17)}  ${entry.cost.toFixed(15)}  ${gap.toExponential(2)}`,
    );
  }
  const last = reference.history.at(-1);
  const jobLast = history.find((h) => h.epoch === last.epoch);
  const costGap =
    jobLast === undefined ? NaN : Math.abs(jobLast.cost - last.cost);
  if (!(costGap <= COST_TOLERANCE))
    failures.push(
      `the last logged cost is ${costGap} from the reference's, over ${COST_TOLERANCE}`,
    );
  console.log(
    `accuracy ${(jobLast?.accuracy * 100).toFixed(2)}% (reference ${(last.accuracy * 100).toFixed(2)}%); the first ${scores.head.length - 1 - headerLines} predicted probabilities within ${probabilityGap.toExponential(2)} of the stored weights'`,
  );
  console.log(`predict job ${predicted.id}: ${predicted.state}`);

  if (!options.keep) {
    rmSync(file, { force: true });
    for (const name of [dataset, output])
      await client.call("DELETE", `/v1/datasets/${name}`, {
        expect: [204, 404],
      });
    await client.call("DELETE", `/v1/models/${model}`, { expect: [204, 404] });
    progress(
      `removed ${file}, the datasets ${dataset} and ${output} and the model ${model} (--keep keeps them)`,
    );
  }
  if (failures.length > 0) {
    console.log(`\nFAILED: ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log(
    "\npassed: cost within 1e-6 of the reference, memory growth within 128 MiB",
  );
}

/**
 * Each isolate's V8 heap and array buffers at idle and at the end (read
 * through workerd's inspector, scripts/big/isolate-heaps.mjs), the largest
 * first, and their sum beside the process's resident size.
 */
function printHeaps(idle, end, rss) {
  if (end === null) {
    console.log("isolates: not read (no inspector found, or no WebSocket)");
    return;
  }
  const size = (h) => (h?.heap ?? 0) + (h?.buffers ?? 0);
  const cell = (h) =>
    h?.heap == null
      ? "no answer".padStart(30)
      : `${mib(h.heap)} (${mib(h.used)} used) + ${mib(h.buffers)}`.padStart(30);
  console.log(
    "isolates: V8 heap (of it used) + array buffers, at idle and at the end",
  );
  console.log(
    `${"isolate".padEnd(44)} ${"idle".padStart(30)} ${"end".padStart(30)}`,
  );
  for (const h of end.filter((e) => size(e) >= 4 * 1024 * 1024)) {
    const before = idle?.find((i) => i.id === h.id);
    console.log(`${h.id.padEnd(44)} ${cell(before)} ${cell(h)}`);
  }
  const total = end.reduce((sum, h) => sum + size(h), 0);
  console.log(
    `isolates together at the end: ${mib(total)} of workerd's ${mib(rss)} resident`,
  );
}

main().catch((error) => {
  console.error(`\nFAILED: ${error.message}`);
  console.error(
    `the generated file stays in bench/out/big/ for the next run; delete it or run again`,
  );
  process.exit(1);
});
