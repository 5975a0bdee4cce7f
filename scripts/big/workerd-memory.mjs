/**
 * The resident memory of the workerd process that runs the Worker under
 * `wrangler dev`, read from /proc (Linux).
 *
 * wrangler dev runs two workerd children: a proxy that listens on the
 * port users call (`--socket-addr=entry=127.0.0.1:<port>`), and the one
 * that runs the Worker (its entry on a port of its own). The Worker's is
 * the other workerd child of the proxy's parent; an older wrangler that
 * runs only one answers with that one.
 */
import { readFileSync, readdirSync } from "node:fs";

/** `{pid, ppid, args}` of every process whose program is workerd. */
function workerdProcesses() {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "latin1")
        .split("\0")
        .filter(Boolean);
      if (!args[0] || !/(^|\/)workerd$/.test(args[0])) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      // The parent is the second field after the command, which is in ().
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      found.push({ pid: Number(entry), ppid, args });
    } catch {
      // the process ended while it was read
    }
  }
  return found;
}

/**
 * Finds the workerd that runs the Worker behind `http://host:port`:
 * `{worker, proxy}` pids (`proxy` null when there is none).
 *
 * @throws Error when no workerd listens on `port`
 */
export function findWorkerd(port) {
  const all = workerdProcesses();
  const entry = new RegExp(`^--socket-addr=entry=[^ ]*:${port}$`);
  const listening = all.find((p) => p.args.some((a) => entry.test(a)));
  if (listening === undefined) {
    throw new Error(
      `no workerd process listens on port ${port} (is it npm run dev on this machine? pass --pid= to name it)`,
    );
  }
  const siblings = all.filter(
    (p) => p.ppid === listening.ppid && p.pid !== listening.pid,
  );
  if (siblings.length === 0) return { worker: listening.pid, proxy: null };
  // The Worker's has an inspector (wrangler's devtools); the proxy has none.
  const worker =
    siblings.find((p) =>
      p.args.some((a) => a.startsWith("--inspector-addr")),
    ) ?? siblings[0];
  return { worker: worker.pid, proxy: listening.pid };
}

/**
 * `{rss, hwm}` of process `pid` in bytes: its resident size now (VmRSS)
 * and the highest it has been since it started (VmHWM).
 *
 * @throws Error when the process is gone
 */
export function residentMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const kib = (field) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    if (match === null) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
}

/**
 * Samples the resident size of `pid` every `ms` milliseconds from now on.
 * A peak is the highest sample, or VmHWM when that rose in the time
 * looked at (so a spike between two samples counts).
 * - `highest()`: the highest sample so far;
 * - `mark()`: the peak since the last mark (or the start), for a phase;
 * - `stop()`: `{idle, peak, rss, samples}`: the size when sampling began,
 *   the peak since then, and the size at the end.
 */
export function sampleMemory(pid, ms = 200) {
  const first = residentMemory(pid);
  let highest = first.rss;
  let since = { highest: first.rss, hwm: first.hwm };
  let samples = 1;
  const read = () => {
    const { rss } = residentMemory(pid);
    highest = Math.max(highest, rss);
    since.highest = Math.max(since.highest, rss);
    samples++;
    return rss;
  };
  const peakSince = (start) => {
    const { hwm } = residentMemory(pid);
    return hwm > start.hwm ? Math.max(hwm, start.highest) : start.highest;
  };
  const timer = setInterval(read, ms);
  return {
    highest: () => highest,
    mark() {
      const rss = read();
      const peak = peakSince(since);
      since = { highest: rss, hwm: residentMemory(pid).hwm };
      return peak;
    },
    stop() {
      clearInterval(timer);
      const rss = read();
      const peak = peakSince({ highest, hwm: first.hwm });
      return { idle: first.rss, peak, rss, samples };
    },
  };
}
