/**
 * The page's "Large datasets" panel: upload a CSV file to R2 (whole, or in
 * parts past one part's size) with a progress bar, list and delete the
 * stored datasets, start a training job on one with the Train form's
 * options or a prediction job that scores it with a stored model, follow
 * the job (state, progress, cost curve, cancel; a prediction job's output
 * to download and its metrics) and list jobs by state. Its scripts are
 * dataset-upload-script.ts, datasets-script.ts, job-events-script.ts,
 * job-view-script.ts, predict-job-script.ts, predict-job-version-script.ts
 * and jobs-script.ts.
 */
import { html } from "hono/html";
import { JOB_STATE } from "../input/job-schemas";

/** What the upload needs to know of the Worker's limits, in bytes. */
export interface UploadLimits {
  /** The largest body one PUT may send (MAX_DATASET_BYTES). */
  readonly maxDatasetBytes: number;
  /** The size of a part (DATASET_PART_BYTES); a file past it goes in parts. */
  readonly datasetPartBytes: number;
}

/** The panel's markup; `limits` decide between one PUT and parts. */
export function datasetsPanel(limits: UploadLimits) {
  return html`<h2>Large datasets</h2>
    <p class="hint">
      A file past one request's body is stored in R2 and trained by a job, a
      step at a time. The job takes the Train form's options above (epochs, lr,
      optimizer, loss, l2, validation fraction, standardize).
    </p>
    <form
      id="upload"
      data-max-bytes="${limits.maxDatasetBytes}"
      data-part-bytes="${limits.datasetPartBytes}"
    >
      <div class="row">
        <label
          >dataset file
          <input id="dataset-file" type="file" accept=".csv,text/csv" required
        /></label>
        <label
          >dataset name
          <input
            id="dataset-name"
            required
            pattern="[A-Za-z0-9._\\-]{1,64}"
            size="16"
        /></label>
        <button type="submit" id="upload-start">Upload</button>
        <button type="button" id="upload-cancel" disabled>cancel upload</button>
      </div>
      <div class="row">
        <label
          >upload progress
          <progress id="upload-progress" max="100" value="0"></progress>
          <output id="upload-percent" for="dataset-file">0%</output></label
        >
      </div>
    </form>
    <p id="upload-status" role="status"></p>

    <h3>Datasets</h3>
    <p id="datasets-status" role="status" tabindex="-1"></p>
    <ul id="datasets"></ul>

    <h3>Train on a dataset</h3>
    <form id="job-start">
      <div class="row">
        <label
          >dataset
          <select id="job-dataset" required></select
        ></label>
        <label
          >model name
          <input
            id="job-model"
            required
            pattern="[A-Za-z0-9._\\-]{1,64}"
            size="16"
        /></label>
        <button type="submit">Start job</button>
      </div>
    </form>
    <p id="job-status" role="status"></p>

    <h3>Score a dataset with a model</h3>
    <p class="hint">
      A prediction job writes each row's probability and label as another
      dataset; when the rows carry labels (one more field, last), it also
      measures the model on them.
    </p>
    <form id="predict-job-start">
      <div class="row">
        <label
          >dataset
          <select id="predict-job-dataset" required></select
        ></label>
        <label
          >model
          <select id="predict-job-model" required></select
        ></label>
        <label
          >version
          <select
            id="predict-job-version"
            required
            aria-describedby="predict-job-version-note"
          ></select
        ></label>
        <label
          >output dataset
          <input
            id="predict-job-output"
            required
            pattern="[A-Za-z0-9._\\-]{1,64}"
            size="16"
        /></label>
        <button type="submit">Start prediction job</button>
      </div>
    </form>
    <p id="predict-job-version-note" role="status"></p>
    <p id="predict-job-status" role="status"></p>

    <section id="job" hidden aria-labelledby="job-title">
      <h3 id="job-title">Job <code id="job-id"></code></h3>
      <p>
        <span id="job-what"></span>: <strong id="job-state"></strong>
        <span id="job-connection" class="hint"></span>
      </p>
      <div class="row">
        <label
          >job progress
          <progress id="job-progress" max="1" value="0"></progress>
          <output id="job-epoch"></output>
        </label>
      </div>
      <p id="job-cost"></p>
      <div id="job-chart"></div>
      <p id="job-error" class="error" hidden></p>
      <div class="row">
        <button type="button" id="job-cancel" class="danger">cancel job</button>
        <button type="button" id="job-open-model" hidden></button>
        <button type="button" id="job-download" hidden></button>
      </div>
      <p id="job-download-status" role="status"></p>
      <div id="job-metrics-box" class="scroll" hidden>
        <h4 id="job-metrics-title">Metrics of the labelled rows</h4>
        <table id="job-metrics" aria-labelledby="job-metrics-title"></table>
      </div>
    </section>

    <h3>Jobs</h3>
    <div class="row">
      <label
        >state
        <select id="jobs-state">
          <option value="">any</option>
          ${JOB_STATE.enum.map(
            (state) => html`<option value="${state}">${state}</option>`,
          )}
        </select></label
      >
      <button type="button" id="jobs-refresh">refresh</button>
    </div>
    <p id="jobs-status" role="status"></p>
    <ul id="jobs"></ul>`;
}
