/**
 * `/v1/models/{name}/report`, `/history.svg`, `/roc.svg`, `/pr.svg` and
 * `/calibration.svg`: how a version's training went; `/export.onnx` and
 * `/export.mjs`: the version as a file that predicts without the service.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ReportNotFoundError } from "../errors";
import { historySvg, validationHistory } from "../reports/history-svg";
import { labReportText } from "../reports/lab-text";
import { trainingReport } from "../reports/model-json";
import { esModuleText } from "../reports/module-export";
import { onnxModel } from "../reports/onnx-export";
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

// ONNX has no registered media type: runtimes and viewers know a model by
// its `.onnx` name, not by its bytes (lutzroeder/netron#921), so the bytes
// go as octet-stream and the name in Content-Disposition.
reports.get(
  "/:name/export.onnx",
  readAccess,
  versionedModel,
  documented(OPERATIONS.exportOnnx, (c) => {
    const model = c.var.model;
    return c.body(onnxModel(model), 200, {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": attachment(model, "onnx"),
    });
  }),
);

reports.get(
  "/:name/export.mjs",
  readAccess,
  versionedModel,
  documented(OPERATIONS.exportModule, (c) => {
    const model = c.var.model;
    return c.body(esModuleText(model), 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Content-Disposition": attachment(model, "mjs"),
    });
  }),
);

/** A download named `<name>-v<version>.<extension>` (model names are [A-Za-z0-9._-]: nothing to escape). */
function attachment(
  model: { name: string; version: number },
  extension: string,
): string {
  return `attachment; filename="${model.name}-v${model.version}.${extension}"`;
}

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
