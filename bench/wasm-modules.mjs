/**
 * esbuild plugins for the engine's `.wasm` imports, which wrangler and the
 * Vitest integration hand over as compiled WebAssembly.Modules.
 */
import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";

/** For Node: the module's bytes go into the bundle, compiled when loaded. */
export function compiledInBundle() {
  return {
    name: "wasm-compiled-in-bundle",
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => ({
        path: resolve(args.resolveDir, args.path),
        namespace: "wasm-module",
      }));
      build.onLoad({ filter: /.*/, namespace: "wasm-module" }, async (args) => {
        const base64 = (await readFile(args.path)).toString("base64");
        return {
          contents: `export default new WebAssembly.Module(
  Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)),
);`,
          loader: "js",
        };
      });
    },
  };
}

/**
 * For workerd, which compiles no WebAssembly at run time: each module is
 * copied beside the bundle and imported from there, and `modules` collects
 * their names for the config's module list.
 */
export function besideBundle(outDir, modules) {
  return {
    name: "wasm-beside-bundle",
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        const name = basename(args.path);
        copyFileSync(resolve(args.resolveDir, args.path), join(outDir, name));
        if (!modules.includes(name)) modules.push(name);
        return { path: `./${name}`, external: true };
      });
    },
  };
}

/**
 * Bundles the TypeScript module `entry` (a path, or `{ exports, root }`:
 * export lines resolved from the directory `root`) for Node with esbuild,
 * the engine's WebAssembly in (`compiledInBundle`), as the ES module
 * `outfile`.
 */
export async function bundleForNode(entry, outfile) {
  await build({
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : {
          stdin: {
            contents: entry.exports.join("\n"),
            resolveDir: entry.root,
            loader: "ts",
          },
        }),
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "error",
    plugins: [compiledInBundle()],
  });
  return outfile;
}
