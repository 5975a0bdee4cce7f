/**
 * The page's dataset upload: a CSV file sent to `PUT /v1/datasets/{name}`
 * whole when it is no larger than one part, otherwise in parts (`POST
 * .../uploads` gives the part size, each part a `PUT`, then `POST
 * .../complete`), with a progress bar that moves as the bytes go: the
 * file's or a part's `PUT` is an `XMLHttpRequest`, whose `upload` reports
 * progress events (`fetch` reports none for a request's body;
 * xhr.spec.whatwg.org, "upload"). Cancel or an error aborts the upload
 * (`DELETE` on it), so no parts are left in R2.
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

// The bar at "fraction" (0..1) of the file sent.
function uploadProgress(fraction) {
  $("upload-progress").value = Math.round(fraction * 100);
  $("upload-percent").textContent = Math.round(fraction * 100) + "%";
}

// A bodiless call of the upload (start, complete) with the token and the
// upload's signal; throws the API's error.
async function send(method, path, signal) {
  const response = await fetch(path, { method, headers: headers({}), signal });
  const text = await response.text();
  if (!response.ok) throw failure(response, text);
  return parsed(text);
}

// PUTs "blob" (a CSV) to "path" with XMLHttpRequest and the token in its
// Authorization header, "onProgress" getting the bytes sent so far as they
// go. Resolves to the API's answer; throws its error, or an AbortError
// when "signal" aborts, as fetch would.
function putWithProgress(path, blob, signal, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", path);
    for (const [name, value] of Object.entries(headers({ "content-type": "text/csv" }))) xhr.setRequestHeader(name, value);
    const abort = () => xhr.abort();
    signal.addEventListener("abort", abort, { once: true });
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded));
    xhr.addEventListener("loadend", () => signal.removeEventListener("abort", abort));
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed(xhr.responseText));
      else reject(failure(xhr, xhr.responseText));
    });
    xhr.addEventListener("error", () => reject(new TypeError("the upload to " + path + " failed: no answer")));
    xhr.addEventListener("abort", () => reject(new DOMException("the upload was aborted", "AbortError")));
    if (signal.aborted) return reject(new DOMException("the upload was aborted", "AbortError"));
    xhr.send(blob);
  });
}

// Sends "file" in parts of the size the service gives, the bar moving as
// each part's bytes go. A failure or a cancel aborts the upload and throws.
async function sendParts(base, file, signal) {
  const { uploadId, partSize } = await send("POST", base + "/uploads", signal);
  const upload = base + "/uploads/" + encodeURIComponent(uploadId);
  const parts = Math.ceil(file.size / partSize);
  try {
    for (let n = 1; n <= parts; n++) {
      const start = (n - 1) * partSize;
      const part = file.slice(start, Math.min(n * partSize, file.size));
      show("upload-status", "uploading part " + n + " of " + parts + "…");
      await putWithProgress(upload + "/parts/" + n, part, signal, (sent) => uploadProgress((start + sent) / file.size));
      uploadProgress(Math.min(n * partSize, file.size) / file.size);
    }
    return await send("POST", upload + "/complete", signal);
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
    uploadProgress(0);
    const info = whole
      ? await putWithProgress(base, file, uploading.signal, (sent) => uploadProgress(sent / file.size))
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
