/**
 * A contender of `npm run bench`: one engine on one workload, in a process
 * of its own that loads the data once and then trains once per request, and
 * the round-robin that times every contender of a workload in turn.
 *
 * The protocol every contender speaks (bench/logreg.c, time-engine.mjs,
 * time-tfjs.mjs, time-torch.py): a line in holds a logEvery (0 ends it); a
 * line out says "<ms> <last logged cost> <final cost> <final accuracy>", the
 * time measured inside the contender around one whole training, the final
 * ones at the returned weights.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { median } from "./workloads.mjs";

/** A contender's process, started and answering one training at a time. */
export class Contender {
  /**
   * @param name what the tables call it
   * @param command, args the process to start
   * @param rounds how many rounds it is timed in (the first ones)
   */
  constructor(name, command, args, rounds) {
    this.name = name;
    this.rounds = rounds;
    this.child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
    this.pending = [];
    this.ended = new Promise((resolve) => this.child.on("exit", resolve));
    createInterface({ input: this.child.stdout }).on("line", (line) =>
      this.pending.shift()?.resolve(line),
    );
    this.ended.then((code) => {
      for (const p of this.pending.splice(0)) {
        p.reject(new Error(`${name} ended (exit code ${code})`));
      }
    });
  }

  /** One training with cost on epochs e % logEvery = 0: {ms, cost, finalCost, accuracy}. */
  async time(logEvery) {
    const line = await new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${logEvery}\n`);
    });
    const [ms, cost, finalCost, accuracy] = line.split(" ").map(Number);
    return { ms, cost, finalCost, accuracy };
  }

  /** Ends the process. */
  async close() {
    this.child.stdin.end("0\n");
    await this.ended;
  }
}

/**
 * Times `contenders` in interleaved rounds: in round r, each mode (a
 * logEvery) in turn (the order alternating with r), and within it each
 * contender whose `rounds` exceed r, the order rotated by r, so no one
 * always runs first or on what another left in the caches. One warm-up
 * training per contender and mode first, not counted. Says how far it has
 * got through `say`, at least every 5 seconds.
 *
 * @returns times[contender name][mode name] = [{ms, cost, finalCost, accuracy}]
 */
export async function interleave(label, contenders, modes, say) {
  // Whatever runs, a line at least every 5 s, so a slow training is not silence.
  let said = performance.now();
  let doing = "";
  const tell = (line) => {
    say(`${label}: ${line}`);
    said = performance.now();
  };
  const ticker = setInterval(() => {
    const s = (performance.now() - said) / 1000;
    if (s >= 5) tell(`${doing}, ${s.toFixed(0)} s…`);
  }, 1000);
  const times = {};
  try {
    for (const c of contenders) {
      tell(`warm-up of ${c.name}…`);
      times[c.name] = {};
      for (const mode of modes) {
        doing = `warm-up of ${c.name}, ${mode.name}`;
        times[c.name][mode.name] = [];
        await c.time(mode.logEvery);
      }
    }
    const total = Math.max(...contenders.map((c) => c.rounds));
    for (let r = 0; r < total; r++) {
      const inRound = contenders.filter((c) => r < c.rounds);
      const order = inRound.map((_, k) => inRound[(k + r) % inRound.length]);
      for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
        for (const c of order) {
          doing = `round ${r + 1}/${total}, ${c.name}, ${mode.name}`;
          times[c.name][mode.name].push(await c.time(mode.logEvery));
        }
      }
      if (r === total - 1 || performance.now() - said > 2000) {
        const medians = contenders
          .map(
            (c) =>
              `${c.name} ${fmtMs(median(msOf(times[c.name][modes[0].name])))}`,
          )
          .join(", ");
        tell(
          `${r + 1}/${total} rounds; medians so far (${modes[0].name}): ${medians}`,
        );
      }
    }
  } finally {
    clearInterval(ticker);
  }
  return times;
}

/** The times in ms of a list of trainings. */
export function msOf(trainings) {
  return trainings.map((t) => t.ms);
}

/** Milliseconds with three significant figures or so. */
export function fmtMs(ms) {
  return ms < 10
    ? `${ms.toFixed(3)} ms`
    : ms < 100
      ? `${ms.toFixed(2)} ms`
      : `${ms.toFixed(1)} ms`;
}
