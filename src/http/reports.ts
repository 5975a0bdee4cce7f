/**
 * `/v1/models/{name}/report`, `/history.svg`, `/roc.svg`, `/pr.svg` and
 * `/calibration.svg`: how a version's training went.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ReportNotFoundError } from "../errors";
import { historySvg, validationHistory } from "../reports/history-svg";
import { labReportText } from "../reports/lab-text";
import { trainingReport } from "../reports/model-json";
import { calibrationSvg } from "../reports/calibration-svg";
import { prSvg } from "../reports/pr-svg";
import { rocSvg } from "../reports/roc-svg";
import { readStoredScores } from "../input/threshold-options";
import { documented } from "../openapi/documented";
import { OPERATIONS } from "../openapi/operations";
import { THRESHOLD_OPERATIONS } from "../openapi/threshold-operations";
import { readAccess } from "./access";
import { versionedModel } from "./model-param";

export const reports = new Hono<AppEnv>();

const SVG = { "Content-Type": "image/svg+xml; charset=utf-8" };

reports.get(
  "/:name/report",
  readAccess,
  versionedModel,
  documented(OPERATIONS.getReport, (c) => {
    const model = c.var.model;
    if (prefersText(c.req.header("accept")))
      return c.text(labReportText(model));
    return c.json(trainingReport(model));
  }),
);

reports.get(
  "/:name/history.svg",
  readAccess,
  versionedModel,
  documented(OPERATIONS.getHistorySvg, (c) => {
    const model = c.var.model;
    const held = validationHistory(model.history);
    const svg = historySvg(model.history, {
      title: `${model.name} v${model.version}: cost and accuracy`,
      ...(held.length > 0 && { validation: held }),
    });
    return c.body(svg, 200, SVG);
  }),
);

reports.get(
  "/:name/roc.svg",
  readAccess,
  versionedModel,
  documented(OPERATIONS.getRocSvg, (c) => {
    const model = c.var.model;
    const { metrics } = model;
    if (!("roc" in metrics)) {
      throw new ReportNotFoundError(
        `model ${model.name} has ${model.classes} classes: a ROC curve is drawn for two-class models`,
      );
    }
    const svg = rocSvg(metrics.roc ?? { fpr: [], tpr: [] }, metrics.rocAuc, {
      title: `${model.name} v${model.version}: ROC curve (training set)`,
    });
    return c.body(svg, 200, SVG);
  }),
);

reports.get(
  "/:name/pr.svg",
  readAccess,
  versionedModel,
  documented(THRESHOLD_OPERATIONS.getPrSvg, (c) => {
    const model = c.var.model;
    const { dataset, scores } = readStoredScores(model, c.req.query("dataset"));
    const svg = prSvg(scores.curve, {
      title: `${model.name} v${model.version}: precision–recall (${dataset} set)`,
    });
    return c.body(svg, 200, SVG);
  }),
);

reports.get(
  "/:name/calibration.svg",
  readAccess,
  versionedModel,
  documented(THRESHOLD_OPERATIONS.getCalibrationSvg, (c) => {
    const model = c.var.model;
    const { dataset, scores } = readStoredScores(model, c.req.query("dataset"));
    const svg = calibrationSvg(scores.calibration, {
      title: `${model.name} v${model.version}: reliability diagram (${dataset} set)`,
    });
    return c.body(svg, 200, SVG);
  }),
);

/** True when the client asks for text/plain over JSON. */
function prefersText(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept
    .split(",")
    .map((part) => part.split(";")[0].trim().toLowerCase());
  const text = types.indexOf("text/plain");
  const json = types.indexOf("application/json");
  return text !== -1 && (json === -1 || text < json);
}
