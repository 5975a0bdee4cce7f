/**
 * The page's list of jobs (`GET /v1/jobs`, which needs a token: a job names
 * its dataset), newest first, filtered by state; each opens in the job view.
 */
export const JOBS_SCRIPT = String.raw`
async function listJobs() {
  const list = $("jobs");
  const newest = latest("jobs");
  if (!$("token").value.trim()) {
    list.textContent = "jobs are listed with a token";
    return;
  }
  const state = $("jobs-state").value;
  try {
    const page = await call("GET", "/v1/jobs?limit=100" + (state ? "&state=" + state : ""));
    if (!newest()) return;
    keepingFocus(list, () => list.replaceChildren(...page.jobs.map(jobItem)));
    if (page.jobs.length === 0) list.textContent = state ? "no " + state + " jobs" : "no jobs yet";
  } catch (error) {
    if (!newest()) return;
    list.textContent = error.message;
  }
}

// An item of the list: what the job does, its state, and a button to show it.
function jobItem(j) {
  const item = element("li");
  item.dataset.job = j.id;
  item.dataset.state = j.state;
  const open = element("button", j.kind + " " + j.model + " on " + j.dataset + ": " + j.state);
  open.type = "button";
  open.dataset.focusKey = "show " + j.id;
  open.setAttribute("aria-label", "show job " + j.id + " (" + j.kind + " " + j.model + " on " + j.dataset + ", " + j.state + ")");
  open.addEventListener("click", async () => {
    try {
      watchJob(await call("GET", "/v1/jobs/" + encodeURIComponent(j.id)));
      $("job").scrollIntoView();
    } catch (error) {
      show("jobs-status", error.message, true);
    }
  });
  item.append(open, element("span", " started " + dateTime(j.createdAt), "hint"));
  return item;
}

$("jobs-state").addEventListener("change", listJobs);
$("jobs-refresh").addEventListener("click", listJobs);
listJobs();
`;
