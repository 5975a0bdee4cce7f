/**
 * A `.wasm` file imported by the engine: wrangler, Cloudflare's Vitest
 * integration and the bench's esbuild plugin all hand it over compiled, as
 * Workers require (they compile no WebAssembly at run time).
 */
declare module "*.wasm" {
  const compiled: WebAssembly.Module;
  export default compiled;
}
