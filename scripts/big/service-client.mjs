/**
 * The calls `npm run big` makes to the service (README, "Datasets and
 * jobs"): a dataset uploaded in parts, each part streamed from disk; jobs
 * started and followed through their Server-Sent Events; a dataset's bytes
 * streamed back and counted. Every call sends the API token.
 */
import { createReadStream, statSync } from "node:fs";
import { request } from "node:http";
import { randomUUID } from "node:crypto";

/** The job states after which nothing changes. */
export const FINAL_STATES = new Set(["succeeded", "failed", "cancelled"]);

/**
 * A client of the service at `base` (http://127.0.0.1:8787) with bearer
 * token `token`. Each method throws an Error naming the route, the status
 * and the answer's body when the status is not the one expected.
 */
export function serviceClient(base, token) {
  const authorization = `Bearer ${token}`;

  async function call(method, path, { body, expect = [200], headers } = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expect.includes(response.status)) {
      throw new Error(
        `${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`,
      );
    }
    return text === "" ? null : JSON.parse(text);
  }

  /** PUT of bytes [start, start + length) of `file`, streamed from disk. */
  function putPart(path, file, start, length) {
    return new Promise((resolve, reject) => {
      const put = request(
        `${base}${path}`,
        {
          method: "PUT",
          headers: {
            authorization,
            "content-type": "text/csv",
            "content-length": length,
          },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => {
            if (response.statusCode >= 200 && response.statusCode < 300) {
              resolve(text === "" ? null : JSON.parse(text));
            } else {
              reject(
                new Error(
                  `PUT ${path} answered ${response.statusCode}: ${text.slice(0, 500)}`,
                ),
              );
            }
          });
        },
      );
      put.on("error", reject);
      const part = createReadStream(file, { start, end: start + length - 1 });
      part.on("error", (error) => put.destroy(error));
      part.pipe(put);
    });
  }

  return {
    call,

    /**
     * Uploads `file` as dataset `name` in parts of the size the service
     * asks for; `onPart(n, parts, bytesSent, seconds)` after each. Aborts
     * the upload when a part fails. Resolves to the dataset's metadata.
     */
    async upload(name, file, onPart = () => {}) {
      const size = statSync(file).size;
      const path = `/v1/datasets/${encodeURIComponent(name)}/uploads`;
      const { uploadId, partSize } = await call("POST", path, {
        expect: [200, 201],
      });
      const at = `${path}/${encodeURIComponent(uploadId)}`;
      const parts = Math.max(1, Math.ceil(size / partSize));
      try {
        for (let n = 1; n <= parts; n++) {
          const started = performance.now();
          const start = (n - 1) * partSize;
          const length = Math.min(partSize, size - start);
          await putPart(`${at}/parts/${n}`, file, start, length);
          onPart(
            n,
            parts,
            start + length,
            (performance.now() - started) / 1000,
          );
        }
        return await call("POST", `${at}/complete`, { expect: [200, 201] });
      } catch (error) {
        await call("DELETE", at, { expect: [200, 202, 204, 404] }).catch(
          () => {},
        );
        throw error;
      }
    },

    /** Starts a job (`POST /v1/jobs`, once: an Idempotency-Key). */
    startJob(body) {
      return call("POST", "/v1/jobs", {
        body,
        expect: [202],
        headers: { "idempotency-key": randomUUID() },
      });
    },

    /**
     * Follows job `id` through `GET /v1/jobs/{id}/events` until it ends,
     * calling `onEvent({type, data})` with each event (`state`, `progress`,
     * `end`); when the stream closes early it reconnects with
     * `Last-Event-ID`. Resolves to the job as
     * `GET /v1/jobs/{id}` gives it at the end.
     */
    async follow(id, onEvent = () => {}) {
      const path = `/v1/jobs/${encodeURIComponent(id)}`;
      let lastId = null;
      for (;;) {
        const response = await fetch(`${base}${path}/events`, {
          headers: {
            authorization,
            accept: "text/event-stream",
            ...(lastId === null ? {} : { "last-event-id": lastId }),
          },
        });
        if (response.status !== 200) {
          throw new Error(
            `GET ${path}/events answered ${response.status}: ${(await response.text()).slice(0, 500)}`,
          );
        }
        lastId = await readEvents(response.body, lastId, onEvent);
        const job = await call("GET", path);
        if (FINAL_STATES.has(job.state)) return job;
      }
    },

    /**
     * Streams dataset `name`'s bytes and resolves to `{bytes, lines,
     * head}`: lines counted by "\n" (and a last one without it), `head`
     * its first `keep` lines.
     */
    async download(name, keep = 1001) {
      const path = `/v1/datasets/${encodeURIComponent(name)}/content`;
      const response = await fetch(`${base}${path}`, {
        headers: { authorization },
      });
      if (response.status !== 200) {
        throw new Error(
          `GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`,
        );
      }
      let bytes = 0;
      let lines = 0;
      let last = 10;
      let head = "";
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        bytes += chunk.length;
        if (lines < keep) head += decoder.decode(chunk, { stream: true });
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1))
          lines++;
        last = chunk[chunk.length - 1];
      }
      if (bytes > 0 && last !== 10) lines++;
      return { bytes, lines, head: head.split("\n").slice(0, keep) };
    },
  };
}

/**
 * Reads Server-Sent Events from `body` until it closes or sends its `end`
 * event, calling `onEvent({type, data})` with each event's type and its
 * data as JSON; resolves to the last event id seen (or `lastId`).
 */
async function readEvents(body, lastId, onEvent) {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end;
    while ((end = pending.indexOf("\n\n")) !== -1) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      let type = "message";
      let data = "";
      for (const line of block.split("\n")) {
        const value = line.slice(line.indexOf(":") + 1).replace(/^ /, "");
        if (line.startsWith("id:")) lastId = value;
        else if (line.startsWith("event:")) type = value;
        else if (line.startsWith("data:")) data += value;
      }
      if (data === "") continue;
      onEvent({ type, data: JSON.parse(data) });
      if (type === "end") return lastId;
    }
  }
  return lastId;
}
