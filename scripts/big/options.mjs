/**
 * The command line of `npm run big` and the token it sends.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const DEFAULTS = {
  rows: 3_000_000,
  cols: 16,
  epochs: 20,
  lr: 1,
  seed: 1,
  keep: false,
  url: "http://127.0.0.1:8787",
  pid: null,
};

/** Host names that reach this machine only. */
function isLoopback(hostname) {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** Exits 1 with `message` and the usage. */
function refuse(message) {
  console.error(
    `${message}\nusage: npm run big -- [--rows=3000000] [--cols=16] [--epochs=20] [--lr=1] [--seed=1] [--keep] [--url=http://127.0.0.1:8787] [--pid=<workerd pid>]`,
  );
  process.exit(1);
}

/**
 * The options in `argv` (`--name=value`, `--keep`), with the defaults for
 * those left out. Exits 1 on an unknown option, a value out of range, or a
 * URL that is not a loopback one (the script is for a local server only).
 */
export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (match === null || !(match[1] in DEFAULTS))
      refuse(`unknown option ${arg}`);
    const [, name, value] = match;
    if (name === "keep") {
      if (value !== undefined) refuse("--keep takes no value");
      options.keep = true;
    } else if (name === "url") {
      options.url = (value ?? "").replace(/\/+$/, "");
    } else {
      const number = Number(value);
      const integer = name !== "lr";
      if (
        value === undefined ||
        value === "" ||
        !Number.isFinite(number) ||
        (integer && !Number.isSafeInteger(number)) ||
        number < (name === "epochs" || name === "seed" ? 0 : 1e-12)
      ) {
        refuse(
          `--${name} must be ${integer ? "a whole number" : "a number"} above 0, not ${value}`,
        );
      }
      options[name] = number;
    }
  }
  let url;
  try {
    url = new URL(options.url);
  } catch {
    refuse(`--url ${options.url} is not a URL`);
  }
  if (url.protocol !== "http:" || !isLoopback(url.hostname)) {
    refuse(
      `--url ${options.url} is not a local one: npm run big runs against npm run dev on this machine only (http://127.0.0.1 or http://localhost)`,
    );
  }
  return options;
}

/**
 * The API token: $API_TOKEN, else the one `npm run dev` reads from
 * .dev.vars, else the example's `dev-token`.
 */
export function readToken(root) {
  if (process.env.API_TOKEN) return process.env.API_TOKEN;
  try {
    const vars = readFileSync(join(root, ".dev.vars"), "utf8");
    const match = /^\s*API_TOKEN\s*=\s*"?([^"\n]*)"?\s*$/m.exec(vars);
    if (match !== null) return match[1].trim();
  } catch {
    // no .dev.vars: npm run dev makes it from the example
  }
  return "dev-token";
}
