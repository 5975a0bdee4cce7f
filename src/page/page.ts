/**
 * The page at `/`: train on a CSV file or the lab's toy data, look at the
 * cost curve, the report, the confusion matrix and the model's warnings, try
 * a prediction, list and delete models. Server-rendered with Hono's html
 * helper; no front-end build.
 */
import { html, raw } from "hono/html";
import { PAGE_SCRIPT } from "./page-script";

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
form { display: grid; gap: 0.5rem; }
label { display: flex; gap: 0.5rem; align-items: center; }
input, select, textarea, button { font: inherit; }
textarea { width: 100%; min-height: 7rem; font-family: ui-monospace, monospace; font-size: 13px; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
button { cursor: pointer; padding: 0.3rem 0.8rem; }
button.danger { color: #b42318; }
.error { color: #b42318; }
#accuracy { font-size: 1.6rem; font-weight: 700; }
img { max-width: 100%; border: 1px solid #d0d7de; }
pre { background: #f6f8fa; padding: 0.7rem; overflow-x: auto; font-size: 13px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d0d7de; padding: 0.3rem 0.7rem; text-align: center; }
#warnings { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.5rem 0.8rem 0.5rem 2rem; }
#warnings code { font-size: 13px; }
`;

/** The page, with `nonce` on its inline style and script (see the CSP). */
export function page(nonce: string) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>edge-logreg</title>
        <style nonce="${nonce}">
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>edge-logreg</h1>
        <p>
          Logistic regression on Cloudflare Workers, as in "Lab 5: Logistic
          Classification".
        </p>

        <h2>Train</h2>
        <form id="train">
          <div class="row">
            <label
              >CSV file <input id="file" type="file" accept=".csv,text/csv"
            /></label>
            <button type="button" id="use-toy">Use the lab's toy data</button>
          </div>
          <textarea
            id="csv"
            placeholder="numeric rows, the class last (0 or 1; or 0..K−1 for K classes); an optional header row; # starts a comment line"
          ></textarea>
          <div class="row">
            <label
              >name
              <input
                id="name"
                required
                pattern="[A-Za-z0-9._\\-]{1,64}"
                size="16"
            /></label>
            <label
              >epochs
              <input id="epochs" type="number" min="0" value="100" size="6"
            /></label>
            <label
              >lr
              <input
                id="lr"
                type="number"
                min="0"
                step="any"
                value="1"
                size="6"
            /></label>
            <label
              >loss
              <select id="loss">
                <option value="bce">bce</option>
                <option value="lab">lab</option>
              </select></label
            >
            <label
              >token
              <input
                id="token"
                type="password"
                autocomplete="off"
                size="14"
                placeholder="API token"
            /></label>
            <button type="submit">Train</button>
          </div>
        </form>
        <p id="status" role="status"></p>

        <section id="result" hidden>
          <h2>Model <span id="model-name"></span></h2>
          <p>Training-set accuracy: <span id="accuracy"></span></p>
          <ul id="warnings" aria-label="warnings" hidden></ul>
          <img
            id="history"
            alt="cost and accuracy per epoch"
            width="640"
            height="400"
          />
          <img id="roc" alt="ROC curve" width="640" height="400" />
          <h2>Confusion matrix (training set)</h2>
          <table id="confusion"></table>
          <h2>Report</h2>
          <pre id="report"></pre>
          <h2>Predict</h2>
          <form id="predict" class="row">
            <label
              >features <input id="row" placeholder="4,3" required
            /></label>
            <button type="submit">Predict</button>
          </form>
          <p id="prediction"></p>
        </section>

        <h2>Models</h2>
        <ul id="models"></ul>
        <script nonce="${nonce}">
          ${raw(PAGE_SCRIPT)};
        </script>
      </body>
    </html>`;
}
