// Starts the Worker under `wrangler dev` on a free local port, for checks that
// drive it from outside workerd (bench/load.mjs, tests/e2e). Each server gets
// its own state directory under bench/out/, so runs never share models.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// wrangler's own entry, run with this Node (npm scripts give Node 22), so the
// check works whatever `node` or `wrangler` the shell's PATH holds.
const WRANGLER = fileURLToPath(
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

/**
 * Starts `wrangler dev` with `vars` (e.g. { API_TOKEN: "..." }) and resolves
 * to { url, stop } once it says "Ready on".
 */
export async function startDevServer(vars = {}) {
  const port = await freePort();
  mkdirSync("bench/out", { recursive: true });
  const state = mkdtempSync(join("bench/out", "dev-state-"));
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
  for (const [name, value] of Object.entries(vars))
    args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
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
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
