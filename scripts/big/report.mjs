/**
 * What `npm run big` prints while it works: progress lines, sizes and
 * times, and a job followed to its end.
 */

/** A progress line, so no stretch of the run is silent. */
export function progress(line) {
  console.log(`... ${line}`);
}

/** Bytes as MiB, one decimal. */
export function mib(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** Seconds, one decimal. */
export function seconds(value) {
  return `${value.toFixed(1)} s`;
}

/** One line for a job's state and progress, as its events give them. */
function describe(label, job) {
  const p = job.progress ?? {};
  const parts = [`${label} job ${job.state}`];
  if (p.epoch != null) parts.push(`epoch ${p.epoch}/${p.epochs}`);
  if (p.rowsTotal != null)
    parts.push(
      `${(p.rowsRead ?? 0).toLocaleString("en")}/${p.rowsTotal.toLocaleString("en")} rows`,
    );
  if (p.fraction != null) parts.push(`${(p.fraction * 100).toFixed(1)}%`);
  const last = job.history?.at(-1);
  if (last !== undefined)
    parts.push(`cost ${last.cost.toFixed(6)} at epoch ${last.epoch}`);
  return parts.join(", ");
}

/**
 * Starts a job of `body` and follows it to its end, printing a line when
 * its state or epoch changes, or every 2 s while either stays (with
 * workerd's highest resident size so far, from `memory`). Resolves to the
 * job as `GET /v1/jobs/{id}` gives it.
 *
 * @throws Error when the job ends other than `succeeded`, with its error
 */
export async function followJob(client, label, memory, body) {
  const started = await client.startJob(body);
  progress(`${label} job ${started.id} started (${started.state})`);
  // The job as its events tell it: `state` and `progress` events change it.
  const seen = {
    state: started.state,
    progress: started.progress,
    history: [],
  };
  let said = "";
  let saidAt = 0;
  const job = await client.follow(started.id, ({ type, data }) => {
    if (type === "state" || type === "end") seen.state = data.state;
    if (type === "progress") {
      seen.progress = data.progress;
      seen.history.push(...(data.history ?? []));
    }
    const key = `${seen.state} ${seen.progress?.epoch}`;
    const now = performance.now();
    if (key === said && now - saidAt < 2000) return;
    said = key;
    saidAt = now;
    progress(
      `${describe(label, seen)}; workerd ${mib(memory.highest())} at most`,
    );
  });
  progress(describe(label, job));
  if (job.state !== "succeeded") {
    throw new Error(
      `${label} job ${job.id} ended ${job.state}: ${JSON.stringify(job.error)}`,
    );
  }
  return job;
}
