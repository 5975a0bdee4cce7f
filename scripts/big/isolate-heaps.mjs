/**
 * What each V8 isolate of the workerd process that runs the Worker holds,
 * read through that process's inspector (wrangler dev starts it with
 * `--inspector-addr=127.0.0.1:0`) with the Chrome DevTools Protocol's
 * `Runtime.getHeapUsage`: the Worker's own isolate and those of the local
 * runtime beside it (local R2, the local Workflow engine, wrangler's trace
 * collector, ...). It separates what the Worker holds from the rest of the
 * process's resident memory. Linux only (/proc); needs a global WebSocket
 * (Node 22 or later, which npm scripts run here).
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/** Ports on which process `pid` listens over TCP (IPv4 and IPv6). */
function listeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m) inodes.add(m[1]);
    } catch {
      // closed while it was read
    }
  }
  const ports = [];
  for (const table of ["tcp", "tcp6"]) {
    let lines = [];
    try {
      lines = readFileSync(`/proc/${pid}/net/${table}`, "latin1").split("\n");
    } catch {
      continue;
    }
    for (const line of lines.slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is f[1] ("ADDR:PORT" in hex), st f[3] (0A: LISTEN),
      // inode f[9].
      if (f.length > 9 && f[3] === "0A" && inodes.has(f[9]))
        ports.push(parseInt(f[1].split(":").at(-1), 16));
    }
  }
  return ports;
}

/** The inspector's targets of process `pid`: `[{id, url}]`, or null. */
async function inspectorTargets(pid) {
  for (const port of listeningPorts(pid)) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/json/list`, {
        signal: AbortSignal.timeout(2000),
      });
      const list = await answer.json();
      if (Array.isArray(list) && list.every((t) => t.webSocketDebuggerUrl))
        return list.map((t) => ({ id: t.id, url: t.webSocketDebuggerUrl }));
    } catch {
      // not the inspector
    }
  }
  return null;
}

/** `Runtime.getHeapUsage` of one target, or null when it does not answer in time. */
function heapUsage(url, ms = 3000) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (value) => {
      clearTimeout(timer);
      socket.close();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), ms);
    socket.onerror = () => done(null);
    socket.onopen = () =>
      socket.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
    socket.onmessage = (message) => {
      const answer = JSON.parse(message.data);
      if (answer.id === 1) done(answer.result ?? null);
    };
  });
}

/**
 * Each isolate of workerd process `pid`, largest first:
 * `[{id, heap, used, buffers}]` in bytes (heap: the V8 heap's committed
 * size, used: its live and not yet collected objects, buffers: array
 * buffers' backing stores), `heap` null for an isolate that did not answer
 * (one busy running a step). Null when the inspector cannot be reached.
 */
export async function isolateHeaps(pid) {
  if (typeof WebSocket !== "function") return null;
  const targets = await inspectorTargets(pid);
  if (targets === null) return null;
  const heaps = [];
  for (const { id, url } of targets) {
    // A first session with an isolate can be slow to open: one more try.
    const usage = (await heapUsage(url)) ?? (await heapUsage(url, 10_000));
    heaps.push({
      id,
      heap: usage?.totalSize ?? null,
      used: usage?.usedSize ?? null,
      buffers: usage?.backingStorageSize ?? null,
    });
  }
  const size = (h) => (h.heap ?? 0) + (h.buffers ?? 0);
  return heaps.sort((a, b) => size(b) - size(a));
}
