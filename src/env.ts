/**
 * The one Hono environment type of the app. `Env` (the bindings) is generated
 * from wrangler.toml by `npm run types` into worker-configuration.d.ts.
 */
export interface AppEnv {
  Bindings: Env;
}
