/**
 * The Worker that bench/workerd-cpu.mjs runs in workerd: the service's
 * training path (read and validate the body, train, the metrics a stored
 * version keeps) with no routing, no KV and no response beyond two numbers,
 * so the CPU it uses is that of the work the budget is about.
 *
 * - POST /train?epochs=100&logEvery=10 with a CSV body: all of it.
 * - POST /parse?epochs=100&logEvery=10: reading and validating only.
 * - POST /read: reading the body as text only (the floor of any request).
 */
import { zeroWeights } from "../src/engine/dataset";
import { trainLogistic } from "../src/engine/train";
import { metricsOf } from "../src/http/training";
import { DEFAULT_LIMITS } from "../src/input/limits";
import { readTrainingRequest } from "../src/input/request-body";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/read") {
      return Response.json({ bytes: (await request.text()).length });
    }
    const query = Object.fromEntries(url.searchParams);
    const { dataset, options } = await readTrainingRequest(
      request,
      query,
      DEFAULT_LIMITS,
    );
    if (url.pathname === "/parse") return Response.json({ rows: dataset.rows });
    const { weights, history } = trainLogistic(dataset, {
      ...options,
      initial: zeroWeights(dataset.cols),
    });
    const { accuracy } = metricsOf(dataset, weights, options.threshold);
    return Response.json({ cost: history[history.length - 1].cost, accuracy });
  },
};
