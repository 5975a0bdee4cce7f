// End-to-end checks that drive the Worker from outside workerd: Node starts
// `wrangler dev` and a headless Chromium (npm run test:e2e; .ci/run installs
// Chromium). Kept apart from vitest.config.ts, whose tests run inside workerd.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.mjs"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
