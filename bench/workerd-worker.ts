/**
 * The Worker that bench/workerd-cpu.mjs runs in workerd: the service's
 * training path (read and validate the body, then `fitModel`: train and the
 * metrics a stored version keeps) with no routing, no KV and no response
 * beyond two numbers,
 * so the CPU it uses is that of the work the CPU target is about.
 *
 * - POST /train?epochs=100&logEvery=10 with a CSV body: all of it.
 * - POST /parse?epochs=100&logEvery=10: reading and validating only.
 * - POST /read: reading the body as text only (the floor of any request).
 */
import { fitModel } from "../src/engine/fit-model";
import { DEFAULT_LIMITS } from "../src/input/limits";
import {
  readTrainingRequest,
  startingPoint,
} from "../src/input/training-request";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/read") {
      return Response.json({ bytes: (await request.text()).length });
    }
    const query = Object.fromEntries(url.searchParams);
    const training = await readTrainingRequest(request, query, DEFAULT_LIMITS);
    const { dataset, options } = training;
    if (url.pathname === "/parse") return Response.json({ rows: dataset.rows });
    const { cost, accuracy } = fitModel(
      dataset,
      options,
      startingPoint(training, null),
    );
    return Response.json({ cost, accuracy });
  },
};
