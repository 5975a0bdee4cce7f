/**
 * Requests the job tests send through the Worker: start a job, read one,
 * wait for one to fail.
 */
import type { WorkflowIntrospector } from "cloudflare:test";
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

/**
 * The job a start `response` began, once its one Workflow instance (as
 * `introspector` sees it) has errored: the start must have answered 202 and
 * the job must read `failed`. Returns its id and the job as `T`.
 */
export async function failedJob<T>(
  response: Response,
  introspector: WorkflowIntrospector,
): Promise<{ id: string; job: T }> {
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const [instance] = await introspector.get();
  await instance.waitForStatus("errored");
  const job = await jobOf<T & { state: string }>(id);
  expect(job.state).toBe("failed");
  return { id, job };
}
