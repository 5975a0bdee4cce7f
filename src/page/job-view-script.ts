/**
 * The page's training jobs: start one on a stored dataset with the Train
 * form's options (`POST /v1/jobs`, an Idempotency-Key so a retried click
 * starts one job), then show it as it runs: its state, a progress bar
 * (progress.fraction, epoch/epochs), the cost curve drawn from its logged
 * epochs as inline SVG, cancel, and when it succeeds the model version it
 * stored, with the model list refreshed (a prediction job's output and
 * metrics: predict-job-script.ts).
 */
export const JOB_VIEW_SCRIPT = String.raw`
// The job shown: {id, state, progress, history (by epoch), result, error,
// model, dataset}, and the AbortController of the stream that follows it.
let job = null;
let following = null;
const ENDED = ["succeeded", "failed", "cancelled"];

$("job-dataset").addEventListener("change", () => offerName("job-model", $("job-dataset").value));

// Starts the job "body" asks for (with an Idempotency-Key, so a retried
// click starts one job), saying how it went in the status line "status"
// ("what" names the kind of job), and shows it.
async function startJob(body, status, what) {
  show(status, "starting a " + what + "…");
  try {
    const started = await call("POST", "/v1/jobs", JSON.stringify(body), "application/json", undefined, { "idempotency-key": crypto.randomUUID() });
    show(status, "started " + what + " " + started.id);
    watchJob(started);
    listJobs();
  } catch (error) {
    show(status, error.message, true);
  }
}

$("job-start").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = Object.assign({ kind: "train", dataset: $("job-dataset").value, model: $("job-model").value.trim() }, trainingOptions());
  startJob(body, "job-status", "job");
});

// Shows job "answer" (a GET /v1/jobs/{id} answer) and follows it.
function watchJob(answer) {
  if (following) following.abort();
  following = new AbortController();
  job = { id: answer.id, history: new Map() };
  $("job").hidden = false;
  $("job-id").textContent = answer.id;
  $("job-open-model").hidden = true;
  $("job-chart").textContent = "";
  show("job-download-status", "");
  takeJob(answer);
  $("job-connection").textContent = "";
  // The note says how the job is followed, and once it ended, how it was.
  followJob(answer.id, {
    onEvents: (events) => { for (const e of events) takeEvent(e); drawJob(); },
    onJob: (answer) => { takeJob(answer); },
    isOver: () => ENDED.includes(job.state),
    onConnection: (text) => { $("job-connection").textContent = "(" + text + ")"; },
    signal: following.signal,
  });
}

// Takes a whole job answer in.
function takeJob(answer) {
  // An ended job stays ended: an answer made before it ended is stale (a
  // cancel's "cancelling" can arrive after the stream's end event, and
  // nothing would follow the job again).
  if (ENDED.includes(job.state) && !ENDED.includes(answer.state)) return;
  Object.assign(job, { state: answer.state, progress: answer.progress, result: answer.result, error: answer.error, kind: answer.kind, model: answer.model, version: answer.version, dataset: answer.dataset });
  for (const log of answer.history) job.history.set(log.epoch, log);
  drawJob();
}

// Takes one event in: "state" {state}, "progress" {progress, history
// (the epochs logged since the last)}, "end" {state, result, error}.
function takeEvent(event) {
  const data = event.data;
  if (event.type === "state") job.state = data.state;
  else if (event.type === "progress") {
    job.progress = data.progress;
    for (const log of data.history) job.history.set(log.epoch, log);
  } else if (event.type === "end") Object.assign(job, { state: data.state, result: data.result, error: data.error });
}

// Draws the job shown: state, progress, last cost, curve, error, result.
function drawJob() {
  const wasOver = $("job-state").dataset.state && ENDED.includes($("job-state").dataset.state);
  $("job-state").textContent = job.state;
  $("job-state").dataset.state = job.state;
  // A prediction job names the version it pinned (an alias chosen in the
  // form resolved to its number when the job started).
  const version = job.version === undefined ? "" : " v" + job.version;
  $("job-what").textContent = job.kind + " " + job.model + version + " on " + job.dataset;
  const p = job.progress;
  $("job-progress").value = p ? p.fraction : 0;
  $("job-epoch").textContent = p ? Math.round(p.fraction * 100) + "%, " + stepsDone(p) : "";
  const logs = Array.from(job.history.values()).sort((a, b) => a.epoch - b.epoch);
  const lastLog = logs[logs.length - 1];
  // A prediction job has no epochs: its progress is rows scored.
  $("job-cost").textContent = lastLog ? "Epoch " + lastLog.epoch + " cost " + lastLog.cost.toFixed(6) + ", accuracy " + percent(lastLog.accuracy) : job.kind === "predict" ? "" : "no epoch logged yet";
  costChart(logs);
  $("job-error").hidden = !job.error;
  $("job-error").textContent = job.error ? job.error.code + ": " + job.error.message : "";
  $("job-cancel").disabled = ENDED.includes(job.state) || job.state === "finalizing" || job.state === "cancelling";
  // A training job's result is a model version (a predict job's a dataset).
  if (job.state === "succeeded" && job.result && job.result.version !== undefined) {
    const open = $("job-open-model");
    open.textContent = "open " + job.result.model + " v" + job.result.version;
    open.hidden = false;
  }
  drawPredictOutput();
  // The job has just ended: what it changed is listed again.
  if (ENDED.includes(job.state) && !wasOver) {
    listJobs();
    if (job.state === "succeeded" && job.kind === "predict") listDatasets();
    else if (job.state === "succeeded") listModels();
  }
}

// How far progress "p" has come: epochs for training, rows for prediction
// (rowsTotal is null while the rows are still being read).
function stepsDone(p) {
  if (job.kind === "predict") return p.rowsTotal === null ? p.rowsRead + " rows read" : p.rowsRead + "/" + p.rowsTotal + " rows scored";
  return "epoch " + (p.epoch === null ? "—" : p.epoch) + "/" + p.epochs;
}

$("job-cancel").addEventListener("click", async () => {
  if (!job) return;
  $("job-cancel").disabled = true;
  try {
    takeJob(await call("POST", "/v1/jobs/" + encodeURIComponent(job.id) + "/cancel"));
    show("job-status", "cancel asked: the job stops at its next step");
  } catch (error) {
    show("job-status", error.message, true);
    drawJob();
  }
});

$("job-open-model").addEventListener("click", () => {
  const { model, version } = job.result;
  showModel(model, version, "opened " + model + " version " + version + ", trained by job " + job.id)
    .then(() => $("result").scrollIntoView())
    .catch((e) => show("status", e.message, true));
});

// The cost per logged epoch as an inline SVG, drawn as the service's
// history.svg is: a 640 × 240 box with its axes' numbers, scaled as a whole
// (its text stays in proportion) and scrolling sideways on a narrow screen.
function costChart(logs) {
  const box = $("job-chart");
  box.textContent = "";
  if (logs.length === 0) return;
  const costs = logs.map((l) => l.cost);
  const lo = Math.min(...costs);
  const hi = Math.max(...costs);
  const first = logs[0].epoch;
  const lastEpoch = logs[logs.length - 1].epoch;
  const left = 70, right = 620, top = 20, bottom = 200;
  const x = (e) => left + ((right - left) * (e - first)) / (lastEpoch - first || 1);
  const y = (c) => top + (bottom - top) * (hi === lo ? 0.5 : (hi - c) / (hi - lo));
  const svg = svgElement("svg", { viewBox: "0 0 640 240", role: "img", "aria-label": "cost per logged epoch" });
  svg.append(svgElement("path", { d: "M" + left + " " + top + "V" + bottom + "H" + right, fill: "none", stroke: "#555" }));
  svg.append(svgElement("polyline", { points: logs.map((l) => x(l.epoch) + "," + y(l.cost)).join(" "), fill: "none", stroke: "#0969da", "stroke-width": "2" }));
  for (const l of logs) {
    const point = svgElement("circle", { class: "point", cx: String(x(l.epoch)), cy: String(y(l.cost)), r: "3.5", fill: "#0969da" });
    point.append(svgElement("title", {}, "epoch " + l.epoch + ": cost " + l.cost.toFixed(6)));
    svg.append(point);
  }
  svg.append(svgElement("text", { x: String(left - 6), y: String(top + 5), "text-anchor": "end" }, hi.toFixed(4)));
  svg.append(svgElement("text", { x: String(left - 6), y: String(bottom + 5), "text-anchor": "end" }, lo.toFixed(4)));
  svg.append(svgElement("text", { x: String(left), y: String(bottom + 24) }, "epoch " + first));
  svg.append(svgElement("text", { x: String(right), y: String(bottom + 24), "text-anchor": "end" }, "epoch " + lastEpoch));
  svg.append(svgElement("text", { x: String((left + right) / 2), y: String(bottom + 24), "text-anchor": "middle" }, "cost per logged epoch"));
  box.append(svg);
}
`;
