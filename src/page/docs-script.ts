/**
 * The browser script of `/docs`, as text the page inlines under a CSP nonce.
 * Plain ES2020, no build step: each "try it" form sends its request to this
 * origin with fetch and shows the status, headers and body of the answer.
 */
export const DOCS_SCRIPT = String.raw`
const token = document.getElementById("token");
token.value = sessionStorage.getItem("token") || "";
token.addEventListener("change", () => sessionStorage.setItem("token", token.value));

for (const form of document.querySelectorAll("form.try")) {
  const select = form.querySelector("select[name=content-type]");
  if (select) {
    select.addEventListener("change", () => {
      for (const area of form.querySelectorAll("textarea")) {
        area.hidden = area.dataset.type !== select.value;
      }
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form, select).catch((error) => show(form, String(error)));
  });
}

async function send(form, select) {
  let path = form.dataset.path;
  const query = new URLSearchParams();
  const headers = {};
  for (const input of form.querySelectorAll("input[data-in]")) {
    const value = input.value;
    if (input.dataset.in === "path") {
      path = path.replace("{" + input.name + "}", encodeURIComponent(value));
    } else if (value === "") {
      continue;
    } else if (input.dataset.in === "header") {
      headers[input.name] = value;
    } else {
      query.append(input.name, value);
    }
  }
  if (token.value.trim()) headers.authorization = "Bearer " + token.value.trim();
  const init = { method: form.dataset.method, headers };
  if (select) {
    headers["content-type"] = select.value;
    init.body = form.querySelector("textarea[data-type='" + select.value + "']").value;
  }
  const url = path + (query.size > 0 ? "?" + query : "");
  const response = await fetch(url, init);
  const lines = [init.method + " " + url, "", response.status + " " + response.statusText];
  response.headers.forEach((value, name) => lines.push(name + ": " + value));
  // A picture (history.svg, roc.svg, any image/*) is shown, not its source:
  // by its content type, from a blob: URL (the page's CSP: img-src blob:).
  const type = response.headers.get("content-type") || "";
  if (response.ok && type.startsWith("image/")) {
    const blob = await response.blob();
    show(form, lines.join("\n"), URL.createObjectURL(blob));
    return;
  }
  const text = await response.text();
  let body = text;
  try {
    body = JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {}
  show(form, lines.join("\n") + "\n\n" + body);
}

// The answer's text in the form's <pre>, and its picture when "image" is
// a URL; the picture shown before is dropped and its URL freed.
function show(form, text, image) {
  const out = form.querySelector("pre.answer");
  out.hidden = false;
  out.textContent = text;
  const old = form.querySelector("img.answer");
  if (old) {
    URL.revokeObjectURL(old.src);
    old.remove();
  }
  if (!image) return;
  const img = document.createElement("img");
  img.className = "answer";
  img.alt = "the answer's picture";
  img.src = image;
  out.after(img);
}
`;
