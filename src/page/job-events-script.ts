/**
 * Following a job from the page: its Server-Sent Events read with `fetch`
 * and a stream reader (`EventSource` cannot send the bearer token), parsed
 * as the SSE format says (fields `id`, `event`, `data`, a blank line ends
 * an event: html.spec.whatwg.org, "Server-sent events", "Interpreting an
 * event stream"). A stream that drops is opened again with `Last-Event-ID`;
 * when streams keep failing, the job is polled with `GET /v1/jobs/{id}`.
 */
export const JOB_EVENTS_SCRIPT = String.raw`
// How many streams in a row may fail before polling takes over, and the
// wait between two polls, in ms.
const STREAM_FAILURES = 3;
const POLL_MS = 1000;

// Reads the event stream of job "id" after event "after", calling
// "onEvents" with each batch of parsed events ({id, type, data}) as a chunk
// arrives. Resolves to the last event id seen; throws when the stream
// cannot be opened or breaks.
async function readJobEvents(id, after, onEvents, signal) {
  const extra = { accept: "text/event-stream" };
  if (after > 0) extra["last-event-id"] = String(after);
  const response = await fetch("/v1/jobs/" + encodeURIComponent(id) + "/events", { headers: headers(extra), signal });
  if (!response.ok) throw failure(response, await response.text());
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = { id: null, type: "message", data: [] };
  let last = after;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    const batch = [];
    for (const line of lines) {
      if (line === "") {
        if (event.data.length > 0) {
          if (event.id !== null) last = Number(event.id);
          batch.push({ id: last, type: event.type, data: JSON.parse(event.data.join("\n")) });
        }
        event = { id: null, type: "message", data: [] };
        continue;
      }
      const colon = line.indexOf(":");
      if (colon === 0) continue;
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") event.id = text;
      else if (field === "event") event.type = text;
      else if (field === "data") event.data.push(text);
    }
    if (batch.length > 0) onEvents(batch);
  }
}

// Follows job "id" until it ends or "signal" aborts: events while the
// stream holds, again from the last event when it drops, and polling
// "GET /v1/jobs/{id}" ("onJob" gets each answer) after STREAM_FAILURES
// failures in a row. "isOver" says whether the job has ended.
async function followJob(id, { onEvents, onJob, isOver, onConnection, signal }) {
  let last = 0;
  let failures = 0;
  while (!signal.aborted && !isOver()) {
    const before = last;
    try {
      onConnection(last > 0 ? "events (resumed)" : "events");
      last = await readJobEvents(id, last, onEvents, signal);
      // A stream that ended with events but not the last is taken up again
      // after them; one that brought nothing (the job ended before
      // Last-Event-ID, or the stream's time was up) is asked about.
      if (!isOver() && last === before) {
        onJob(await call("GET", "/v1/jobs/" + encodeURIComponent(id)));
        if (!isOver()) await pause(POLL_MS);
      }
    } catch (error) {
      if (signal.aborted) return;
      failures = last > before ? 1 : failures + 1;
      if (failures >= STREAM_FAILURES) return pollJob(id, onJob, isOver, onConnection, signal);
      onConnection("events dropped: reconnecting");
      await pause(POLL_MS * failures);
    }
  }
}

// Polls job "id" until it ends or "signal" aborts.
async function pollJob(id, onJob, isOver, onConnection, signal) {
  onConnection("polling (events failed)");
  while (!signal.aborted && !isOver()) {
    try {
      onJob(await call("GET", "/v1/jobs/" + encodeURIComponent(id)));
    } catch (error) {
      onConnection("polling: " + error.message);
    }
    if (!isOver()) await pause(POLL_MS);
  }
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
`;
