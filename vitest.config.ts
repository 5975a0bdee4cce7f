// Tests run inside workerd (the Workers runtime) through Cloudflare's Vitest
// integration, with the bindings of wrangler.toml; KV is a local namespace.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // The write token tests send (tests/http/api.ts), and quiet logs.
        bindings: { API_TOKEN: "test-token", LOG_LEVEL: "error" },
      },
    }),
  ],
  // Property tests send hundreds of requests per test; give them time on a slow CI machine.
  // tests/node/ runs in Node (vitest.node.config.ts): onnxruntime-web.
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "tests/node/**"],
    testTimeout: 60_000,
  },
});
