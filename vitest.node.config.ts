// Tests that run in Node, not in workerd: the exported models, run by
// onnxruntime-web (WebAssembly, which workerd cannot load from a package)
// and imported as ES modules, against what the Worker answered
// (tests/http/export.test.ts records it).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/node/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
