/**
 * The page's dataset upload: a CSV file sent to `PUT /v1/datasets/{name}`
 * whole when it is no larger than one part, otherwise in parts (`POST
 * .../uploads` gives the part size, each part a `PUT` with `fetch`, then
 * `POST .../complete`), with a progress bar that moves as each part is
 * stored. Cancel or an error aborts the upload (`DELETE` on it), so no
 * parts are left in R2.
 */
export const DATASET_UPLOAD_SCRIPT = String.raw`
// The upload under way: its AbortController, or null.
let uploading = null;

$("dataset-file").addEventListener("change", () => {
  const file = $("dataset-file").files[0];
  if (!file) return;
  offerName("dataset-name", nameOfFile(file));
  uploadProgress(0);
  show("upload-status", "");
});

// The bar at "fraction" (0..1), or moving with no value when null.
function uploadProgress(fraction) {
  const bar = $("upload-progress");
  if (fraction === null) {
    bar.removeAttribute("value");
    $("upload-percent").textContent = "…";
    return;
  }
  bar.value = Math.round(fraction * 100);
  $("upload-percent").textContent = Math.round(fraction * 100) + "%";
}

// fetch with the token and the upload's signal; throws the API's error.
async function send(method, path, body, signal) {
  const extra = body instanceof Blob ? { "content-type": "text/csv" } : {};
  const response = await fetch(path, { method, headers: headers(extra), body, signal });
  const text = await response.text();
  if (!response.ok) throw failure(response, text);
  return parsed(text);
}

// Sends "file" in parts of the size the service gives, the bar moving as
// each is stored. A failure or a cancel aborts the upload and throws.
async function sendParts(base, file, signal) {
  const { uploadId, partSize } = await send("POST", base + "/uploads", undefined, signal);
  const upload = base + "/uploads/" + encodeURIComponent(uploadId);
  const parts = Math.ceil(file.size / partSize);
  try {
    for (let n = 1; n <= parts; n++) {
      const part = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size));
      show("upload-status", "uploading part " + n + " of " + parts + "…");
      await send("PUT", upload + "/parts/" + n, part, signal);
      uploadProgress(Math.min(n * partSize, file.size) / file.size);
    }
    return await send("POST", upload + "/complete", undefined, signal);
  } catch (error) {
    // Best effort: the upload's parts go; the error said is the first one.
    await fetch(upload, { method: "DELETE", headers: headers({}) }).catch(() => {});
    throw error;
  }
}

$("upload").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("dataset-file").files[0];
  if (!file || uploading) return;
  const form = $("upload");
  const name = $("dataset-name").value.trim();
  const base = "/v1/datasets/" + encodeURIComponent(name);
  const whole = file.size <= Number(form.dataset.partBytes) && file.size <= Number(form.dataset.maxBytes);
  uploading = new AbortController();
  $("upload-cancel").disabled = false;
  $("upload-start").disabled = true;
  show("upload-status", whole ? "uploading…" : "starting an upload in parts…");
  try {
    uploadProgress(whole ? null : 0);
    const info = whole
      ? await send("PUT", base, file, uploading.signal)
      : await sendParts(base, file, uploading.signal);
    uploadProgress(1);
    show("upload-status", "uploaded " + info.name + " (" + info.bytes + " bytes" + (whole ? "" : ", in parts") + ")");
    await listDatasets(info.name);
  } catch (error) {
    uploadProgress(0);
    show("upload-status", error.name === "AbortError" ? "upload cancelled" : error.message, true);
  } finally {
    uploading = null;
    $("upload-cancel").disabled = true;
    $("upload-start").disabled = false;
  }
});

$("upload-cancel").addEventListener("click", () => {
  if (uploading) uploading.abort();
});
`;
