/**
 * The engine (bench/engine-entry.ts, bundled) as one contender of
 * bench/run.mjs's rounds, in a process of its own.
 *
 * Usage: node bench/time-engine.mjs <bundle> <x.f32> <y.f32> <rows> <cols>
 *   <epochs> <lr> <classes>
 * Then one training per stdin line, which holds its logEvery, each on a
 * fresh copy of the rows (a request's Dataset is new every time); for each,
 * one line out: "<ms> <last logged cost> <final cost> <final accuracy>", the
 * final ones at the returned weights, from the model's metrics.
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { readFloats } from "./workloads.mjs";

const [bundle, xPath, yPath, ...numbers] = process.argv.slice(2);
const [rows, cols, epochs, lr, classes] = numbers.map(Number);
const { trainAsRequest } = await import(pathToFileURL(bundle).href);
const x = readFloats(xPath);
const y = readFloats(yPath);

for await (const line of createInterface({ input: process.stdin })) {
  const logEvery = Number(line);
  if (!(logEvery > 0)) break;
  const data = { x: x.slice(), y: y.slice(), rows, cols };
  const start = performance.now();
  const model = trainAsRequest(data, { epochs, lr, logEvery, classes });
  const ms = performance.now() - start;
  const { metrics, history } = model;
  const final = "logLoss" in metrics ? metrics.logLoss : metrics.cost;
  console.log(`${ms} ${history.at(-1).cost} ${final} ${metrics.accuracy}`);
}
