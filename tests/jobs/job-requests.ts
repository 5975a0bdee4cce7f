/**
 * Requests the job tests send through the Worker: start a job, read one.
 */
import { expect } from "vitest";
import { api, json } from "../http/api";

/** `POST /v1/jobs` with `body` as JSON, and `headers` beside it. */
export function startJob(body: object, headers: Record<string, string> = {}) {
  const init = json("POST", body);
  return api("/v1/jobs", {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...headers },
  });
}

/** `GET /v1/jobs/{id}`, which must answer 200: the job as `T`. */
export async function jobOf<T>(id: string): Promise<T> {
  const response = await api(`/v1/jobs/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}
