#!/usr/bin/env node
/**
 * `npm run dev` runs this first: with no .dev.vars, wrangler dev starts a
 * Worker with no API_TOKEN, and every write answers 403 until the file is
 * made and the server restarted. So the first start makes it from
 * .dev.vars.example (API_TOKEN=dev-token, for local use only) and says so;
 * an existing .dev.vars is never touched.
 */
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vars = join(root, ".dev.vars");
if (!existsSync(vars)) {
  copyFileSync(join(root, ".dev.vars.example"), vars);
  console.log(
    "made .dev.vars from .dev.vars.example: writes take the token dev-token (local use only)",
  );
}
