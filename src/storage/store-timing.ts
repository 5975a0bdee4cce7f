/**
 * How long the store waits before it takes a write for dead.
 *
 * A version allocated and not published after the lease, and an
 * idempotency key whose request has not answered after the lease, belong to
 * a request that died (a Worker's request cannot run that long: 5 minutes is
 * the most CPU time a Workers Paid plan allows per request). Set
 * `STORE_LEASE_SECONDS` in wrangler.toml's `[vars]` (or `--var`) to change
 * it; `npm run chaos` sets a few seconds.
 */

/** The default lease: 5 minutes. */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;

/** The store's timing, from the Worker's vars. */
export function readStoreTiming(vars: object): { leaseMs: number } {
  const raw = (vars as { STORE_LEASE_SECONDS?: unknown }).STORE_LEASE_SECONDS;
  if (raw === undefined || raw === "") return { leaseMs: DEFAULT_LEASE_MS };
  const seconds = Number(raw);
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new Error(
      `wrangler var STORE_LEASE_SECONDS must be a positive number, got ${String(raw)}`,
    );
  }
  return { leaseMs: seconds * 1000 };
}
