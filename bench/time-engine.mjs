/**
 * The engine (bench/engine-entry.ts, bundled) as one contender of
 * bench/run.mjs's rounds, in a process of its own.
 *
 * Usage: node bench/time-engine.mjs <request|training> <bundle> <x.f32>
 *   <y.f32> <rows> <cols> <epochs> <lr> <classes>
 * "request": `trainAsRequest`, what a training request runs, metrics and
 * all; "training": `trainAndMeasure`, the training and one pass for the cost
 * and accuracy at the returned weights.
 * Then one training per stdin line, which holds its logEvery, each on a
 * fresh copy of the rows (a request's Dataset is new every time); for each,
 * one line out: "<ms> <last logged cost> <final cost> <final accuracy>", the
 * final ones at the returned weights (from the metrics, for "request").
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { readFloats } from "./workloads.mjs";

const [variant, bundle, xPath, yPath, ...numbers] = process.argv.slice(2);
const [rows, cols, epochs, lr, classes] = numbers.map(Number);
const engine = await import(pathToFileURL(bundle).href);
const train =
  variant === "request"
    ? (data, options) => {
        const { history, metrics } = engine.trainAsRequest(data, options);
        const finalCost = "logLoss" in metrics ? metrics.logLoss : metrics.cost;
        const { accuracy } = metrics;
        return { cost: history.at(-1).cost, finalCost, accuracy };
      }
    : engine.trainAndMeasure;
const x = readFloats(xPath);
const y = readFloats(yPath);

for await (const line of createInterface({ input: process.stdin })) {
  const logEvery = Number(line);
  if (!(logEvery > 0)) break;
  const data = { x: x.slice(), y: y.slice(), rows, cols };
  const start = performance.now();
  const { cost, finalCost, accuracy } = train(data, {
    epochs,
    lr,
    logEvery,
    classes,
  });
  const ms = performance.now() - start;
  console.log(`${ms} ${cost} ${finalCost} ${accuracy}`);
}
