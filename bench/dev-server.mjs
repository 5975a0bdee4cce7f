// Starts the Worker under `wrangler dev` on a free local port, for checks that
// drive it from outside workerd (bench/load.mjs, bench/chaos.mjs, tests/e2e).
// Each server gets its own state directory under bench/out/, so runs never
// share models, unless it is given one to start again on (bench/chaos.mjs).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// wrangler's own entry, run with this Node (npm scripts give Node 22), so the
// check works whatever `node` or `wrangler` the shell's PATH holds.
export const WRANGLER = fileURLToPath(
  new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url),
);

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Resolves once no process of group `group` is left (or throws after 10 s). */
async function groupGone(group) {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-group, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `process group ${group} still has processes 10 s after SIGKILL`,
  );
}

/**
 * Starts `wrangler dev` with `vars` (e.g. { API_TOKEN: "..." }; JOB_STEP_YIELD
 * is "true" unless given, so the Worker answers while a job runs: see
 * src/jobs/job-run.ts) and resolves
 * to { url, state, stop, kill } once it says "Ready on". `options.state` is
 * a state directory (`--persist-to`) to start on; a new one under
 * bench/out/ otherwise.
 *
 * wrangler runs workerd (and esbuild) as its children, in the process group
 * it leads, since it is spawned detached: `stop()` sends that group SIGTERM,
 * `kill()` sends it SIGKILL, a crash with no cleanup, and resolves once
 * wrangler has exited.
 */
export async function startDevServer(vars = {}, options = {}) {
  const port = await freePort();
  mkdirSync("bench/out", { recursive: true });
  const state = options.state ?? mkdtempSync(join("bench/out", "dev-state-"));
  const args = [
    WRANGLER,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    state,
  ];
  for (const [name, value] of Object.entries({
    JOB_STEP_YIELD: "true",
    ...vars,
  }))
    args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`wrangler dev did not start:\n${output}`)),
      90_000,
    );
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with ${code}:\n${output}`));
    });
  });
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    /** The process group's id (wrangler's pid), for `ps -g`. */
    group: child.pid,
    /** What wrangler printed so far. */
    output: () => output,
    stop() {
      signal("SIGTERM");
    },
    async kill() {
      signal("SIGKILL");
      await exited;
      await groupGone(child.pid);
    },
  };
}
