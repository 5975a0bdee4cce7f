/**
 * The page at `/`: train on a CSV file or the lab's toy data with the options
 * people use most, look at every metric the service computes (training and
 * validation rows), move the decision threshold over the ROC curve's points,
 * see the weights, the cost curve, the report and the model's warnings, predict
 * with per-row explanations, store a chosen threshold as a new version, see
 * the precision–recall and calibration curves, list a model's versions, view
 * an older one, point `serving` at one (a rollback), download the exports,
 * list and delete models; upload a dataset too big for a request (in parts,
 * with a progress bar) and train on it by a job whose progress and cost
 * curve update live (see datasets-panel.ts). Server-rendered with
 * Hono's html helper; no front-end build. Every control has a label.
 */
import { html, raw } from "hono/html";
import { datasetsPanel, type UploadLimits } from "./datasets-panel";
import { PAGE_SCRIPT } from "./page-script";
import { PAGE_STYLE } from "./page-style";

/**
 * The page, with `nonce` on its inline style and script (see the CSP), the
 * Worker's upload `limits` (which files go up in parts), and whether its
 * reads need a token (READ_TOKEN set: the page then asks for the models only
 * once one is typed, instead of a 401 on every load).
 */
export function page(
  nonce: string,
  limits: UploadLimits,
  readsNeedToken: boolean,
) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>edge-logreg</title>
        <style nonce="${nonce}">
          ${raw(PAGE_STYLE)}
        </style>
      </head>
      <body data-reads-need-token="${String(readsNeedToken)}">
        <h1>edge-logreg</h1>
        <p>
          Logistic regression on Cloudflare Workers, as in "Lab 5: Logistic
          Classification". The <a href="/docs">API reference</a> lists every
          route.
        </p>
        <label
          >API token
          <input
            id="token"
            type="password"
            autocomplete="off"
            size="16"
            placeholder="for writes; reads with READ_TOKEN"
        /></label>

        <h2>Train</h2>
        <form id="train">
          <fieldset class="stack">
            <legend>Data</legend>
            <div class="row">
              <label
                >CSV file <input id="file" type="file" accept=".csv,text/csv"
              /></label>
              <button type="button" id="use-toy">Use the lab's toy data</button>
            </div>
            <label for="csv">CSV rows</label>
            <textarea
              id="csv"
              placeholder="numeric rows, the class last (0 or 1; or 0..K−1 for K classes); an optional header row; # starts a comment line"
            ></textarea>
            <label
              >feature names
              <input
                id="feature-names"
                size="40"
                placeholder="comma-separated; offered from the CSV's header"
            /></label>
          </fieldset>
          <fieldset class="row">
            <legend>Options</legend>
            <label
              >name
              <input
                id="name"
                required
                pattern="[A-Za-z0-9._\\-]{1,64}"
                size="16"
            /></label>
            <label
              >epochs <input id="epochs" type="number" min="0" value="100"
            /></label>
            <label
              >lr <input id="lr" type="number" min="0" step="any" value="1"
            /></label>
            <label
              >optimizer
              <select id="optimizer">
                <option value="sgd">SGD</option>
                <option value="momentum">SGD, momentum 0.9</option>
                <option value="adam">Adam</option>
              </select></label
            >
            <label
              >loss
              <select id="loss">
                <option value="bce">bce</option>
                <option value="lab">lab</option>
              </select></label
            >
            <label
              >l2 <input id="l2" type="number" min="0" step="any" value="0"
            /></label>
            <label
              >validation fraction
              <input
                id="validation"
                type="number"
                min="0"
                max="0.9"
                step="any"
                value="0"
            /></label>
            <label
              ><input id="standardize" type="checkbox" /> standardize</label
            >
          </fieldset>
          <div><button type="submit">Train</button></div>
        </form>
        <p id="status" role="status"></p>

        <section id="result" hidden>
          <h2>Model <span id="model-name"></span></h2>
          <p>Training-set accuracy: <span id="accuracy"></span></p>
          <ul id="warnings" aria-label="warnings" hidden></ul>
          <h3>Metrics</h3>
          <p id="metrics-note" class="hint"></p>
          <div class="scroll"><table id="metrics"></table></div>
          <div class="scroll"><table id="class-metrics" hidden></table></div>
          <h3 id="confusion-title">Confusion matrix</h3>
          <div class="row">
            <label
              >rows
              <select id="confusion-rows">
                <option value="training">training</option>
                <option value="validation">validation</option>
              </select></label
            >
            <label id="threshold-control"
              >threshold
              <input id="threshold" type="range" min="0" step="1" />
              <output id="threshold-value" for="threshold"></output>
            </label>
          </div>
          <table id="confusion"></table>
          <p id="threshold-metrics"></p>
          <div class="row" id="threshold-actions">
            <button type="button" id="suggest-max-f1" disabled>best F1</button>
            <button type="button" id="suggest-max-youden-j" disabled>
              best Youden's J
            </button>
            <button type="button" id="save-threshold">
              save threshold as a new version
            </button>
          </div>
          <p id="threshold-status" role="status"></p>
          <h3>Weights</h3>
          <div class="row">
            <p id="weights-note" class="hint"></p>
            <label id="weights-class-control"
              >class
              <select id="weights-class"></select
            ></label>
          </div>
          <div id="weights-chart"></div>
          <h3>Curves</h3>
          <div class="chart">
            <img
              id="history"
              alt="cost and accuracy per epoch"
              width="640"
              height="400"
            />
          </div>
          <div class="chart">
            <img id="roc" alt="ROC curve" width="640" height="400" />
          </div>
          <label id="curves-dataset-control"
            >precision–recall and calibration of the
            <select id="curves-dataset">
              <option value="training">training rows</option>
              <option value="validation">validation rows</option>
            </select></label
          >
          <div class="chart">
            <img
              id="pr"
              alt="precision–recall curve"
              width="640"
              height="400"
            />
          </div>
          <div class="chart">
            <img
              id="calibration"
              alt="calibration (reliability diagram)"
              width="640"
              height="400"
            />
          </div>
          <h3>Versions</h3>
          <div class="row">
            <button type="button" id="clear-serving">
              clear serving (reads get the newest)
            </button>
          </div>
          <p id="versions-status" role="status" tabindex="-1"></p>
          <div class="scroll"><table id="versions"></table></div>
          <h3>Export</h3>
          <div class="row">
            <button type="button" id="export-onnx">download ONNX</button>
            <button type="button" id="export-mjs">
              download ES module (.mjs)
            </button>
          </div>
          <p id="export-status" role="status"></p>
          <h3>Report</h3>
          <pre id="report"></pre>
          <h3>Predict</h3>
          <form id="predict">
            <label for="row" id="row-label">rows to predict, one a line</label>
            <textarea id="row" required></textarea>
            <div class="row">
              <label
                ><input id="explain" type="checkbox" checked /> explain each
                row</label
              >
              <button type="submit">Predict</button>
            </div>
          </form>
          <p id="prediction" role="status"></p>
          <div id="explanations" class="scroll"></div>
        </section>

        <h2>Models</h2>
        <p id="models-status" role="status" tabindex="-1"></p>
        <ul id="models"></ul>

        ${datasetsPanel(limits)}
        <script nonce="${nonce}">
          ${raw(PAGE_SCRIPT)};
        </script>
      </body>
    </html>`;
}
