/**
 * The tables `npm run bench` ends with, in Markdown so they can be pasted
 * into the README as they are: ratios of medians to the C yardstick, the
 * targets each is held to, softmax regression against PyTorch, and the
 * checks that every contender computed the same costs.
 */
import { median } from "./workloads.mjs";

/** Contender names, as bench/run.mjs gives them. */
export const ENGINE = "engine, whole request";
export const ENGINE_TRAINING = "engine, training + cost";
export const C = "C";
export const C_FAST = "C -ffast-math";
export const TORCH = "PyTorch lab loop";
export const TORCH_SOFTMAX = "PyTorch";
export const TFJS_LAB = "TF.js lab loop";
export const TFJS_MANUAL = "TF.js by hand";

/**
 * The medians of each contender in each mode: stats[name][mode] =
 * {ms, n, cost, finalCost, accuracy}, the costs of its last training.
 */
export function statsOf(times) {
  const stats = {};
  for (const [name, modes] of Object.entries(times)) {
    stats[name] = {};
    for (const [mode, trainings] of Object.entries(modes)) {
      stats[name][mode] = {
        ...trainings.at(-1),
        ms: median(trainings.map((t) => t.ms)),
        n: trainings.length,
      };
    }
  }
  return stats;
}

const ratio = (a, b) => (a && b ? (a.ms / b.ms).toFixed(2) : "–");
const mark = (value, ok) =>
  Number.isFinite(value)
    ? `${value.toPrecision(3)} ${ok(value) ? "✓" : "✗"}`
    : "–";

/** A Markdown table of `header` and `rows` (arrays of cells). */
export function markdown(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(header),
    line(widths.map((n) => "-".repeat(n))),
    ...rows.map(line),
  ].join("\n");
}

/**
 * The lab's workloads: each contender's median over the C yardstick's, cost
 * every epoch (`every`), and the engine's in the lab's cadence (`lab`).
 */
export function ratioTable(results, every) {
  return markdown(
    [
      "workload",
      `${ENGINE} / C`,
      `${ENGINE_TRAINING} / C`,
      `${C_FAST} / C`,
      `${TORCH} / C`,
      `${TFJS_LAB} / C`,
      `${TFJS_MANUAL} / C`,
      "C ms",
      "engine / C, cost every logEvery epochs (logEvery)",
    ],
    results.map(({ label, stats, lab }) => {
      const at = (name, mode = every) => stats[name]?.[mode];
      const c = at(C);
      return [
        label,
        ratio(at(ENGINE), c),
        ratio(at(ENGINE_TRAINING), c),
        ratio(at(C_FAST), c),
        ratio(at(TORCH), c),
        ratio(at(TFJS_LAB), c),
        ratio(at(TFJS_MANUAL), c),
        c ? c.ms.toFixed(3) : "–",
        `${ratio(at(ENGINE, lab.name), at(C, lab.name))} (${lab.logEvery})`,
      ];
    }),
  );
}

/**
 * The targets of the lab's workloads, cost every epoch: ✓ met, ✗ not. Each
 * is judged on the same work as the other contender's, "engine, training +
 * cost" (the training and the cost at the returned weights, which is all
 * the C, PyTorch and TF.js loops compute); the whole request, with the
 * metrics none of them computes, is judged against C alone, beside it.
 */
export function targetTable(results, every) {
  return markdown(
    [
      "workload",
      `${ENGINE} / C ≤ 0.95`,
      `${ENGINE_TRAINING} / C ≤ 0.95`,
      `${ENGINE_TRAINING} / PyTorch lab loop < 1`,
      `faster TF.js / ${ENGINE_TRAINING} ≥ 10`,
      `${ENGINE_TRAINING} / C -ffast-math ≤ 1.5 (stretch)`,
    ],
    results.map(({ label, stats }) => {
      const ms = (name) => stats[name]?.[every]?.ms ?? NaN;
      const training = ms(ENGINE_TRAINING);
      const tfjs = Math.min(ms(TFJS_LAB), ms(TFJS_MANUAL));
      return [
        label,
        mark(ms(ENGINE) / ms(C), (v) => v <= 0.95),
        mark(training / ms(C), (v) => v <= 0.95),
        mark(training / ms(TORCH), (v) => v < 1),
        mark(tfjs / training, (v) => v >= 10),
        mark(training / ms(C_FAST), (v) => v <= 1.5),
      ];
    }),
  );
}

/** Softmax regression: the engine against PyTorch, cost every epoch. */
export function softmaxTable(results, every) {
  return markdown(
    [
      "softmax workload",
      "engine ms",
      `${ENGINE_TRAINING} ms`,
      "PyTorch ms",
      "engine / PyTorch (< 1 stretch)",
      `${ENGINE_TRAINING} / PyTorch`,
    ],
    results.map(({ label, stats }) => {
      const engine = stats[ENGINE][every];
      const training = stats[ENGINE_TRAINING][every];
      const torch = stats[TORCH_SOFTMAX][every];
      return [
        label,
        engine.ms.toFixed(2),
        training.ms.toFixed(2),
        torch.ms.toFixed(2),
        mark(engine.ms / torch.ms, (v) => v < 1),
        mark(training.ms / torch.ms, (v) => v < 1),
      ];
    }),
  );
}

/**
 * Lines saying how far each contender's final cost (at the returned weights)
 * and last logged cost lie from the engine's, and whether the C yardstick's
 * agree within `tolerance`.
 */
export function costChecks(results, every, tolerance) {
  const lines = [];
  for (const { label, stats } of results) {
    const engine = stats[ENGINE]?.[every];
    if (!engine) continue;
    const parts = Object.entries(stats)
      .filter(([name]) => name !== ENGINE)
      .map(([name, modes]) => {
        const d = Math.abs(modes[every].finalCost - engine.finalCost);
        const agree =
          name === C ? (d <= tolerance ? " (agree)" : " (DISAGREE)") : "";
        return `${name} |Δ| ${d.toExponential(1)}${agree}`;
      });
    lines.push(
      `${label}: engine's final cost ${engine.finalCost.toFixed(8)} (last logged ${engine.cost.toFixed(8)}, accuracy ${(100 * engine.accuracy).toFixed(2)}%); ${parts.join(", ")}`,
    );
  }
  return lines;
}
