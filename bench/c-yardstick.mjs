/**
 * The C yardstick of `npm run bench`: bench/logreg.c, frozen in the
 * repository, built twice with gcc: as the yardstick (-O3 -march=native, no
 * fast-math: glibc's expf/logf, float32 arithmetic in the source's order,
 * which gcc may contract into fused multiply-adds) and with -ffast-math (gcc
 * may reorder sums and use its own exp and log), the stretch target.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The two builds: what the tables call them, and gcc's flags. */
export const C_BUILDS = [
  { name: "C", flags: ["-O3", "-march=native"], binary: "logreg" },
  {
    name: "C -ffast-math",
    flags: ["-O3", "-march=native", "-ffast-math"],
    binary: "logreg-fast-math",
  },
];

/**
 * Builds both into `out` and prints, through `say`, gcc's version, each
 * command, the source's SHA-256 and the source itself, so a run's output
 * says exactly what C it measured.
 *
 * @returns the builds that compiled, each with the path of its binary
 */
export function buildC(source, out, say) {
  const gcc = spawnSync("gcc", ["-dumpfullversion"]);
  if (gcc.status !== 0) {
    say("gcc is missing: no C contenders, no ratios to C");
    return [];
  }
  const text = readFileSync(source, "utf8");
  const name = relative(process.cwd(), source);
  const sha = createHash("sha256").update(text).digest("hex");
  say(
    `C yardstick: ${name} (sha256 ${sha}), gcc ${gcc.stdout.toString().trim()}:`,
  );
  const built = [];
  for (const c of C_BUILDS) {
    const path = join(out, c.binary);
    const args = [...c.flags, "-o", path, source, "-lm"];
    const shown = [
      ...c.flags,
      "-o",
      relative(process.cwd(), path),
      name,
      "-lm",
    ];
    say(`  ${c.name}: gcc ${shown.join(" ")}`);
    try {
      execFileSync("gcc", args, { stdio: "inherit" });
      built.push({ ...c, path });
    } catch {
      say(`  ${c.name} did not compile: left out`);
    }
  }
  say(`--- ${name} ---\n${text.trimEnd()}\n--- end of ${name} ---`);
  return built;
}
