/**
 * The stylesheet of the page at `/`, inlined under the CSP nonce. Charts
 * keep their aspect ratio (`height: auto`) and, on a narrow screen, a width
 * at which their 12 px text stays readable, scrolling sideways in their own
 * box instead of shrinking (a 640 px SVG drawn 342 px wide has 6 px text).
 */
export const PAGE_STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
form { display: grid; gap: 0.5rem; }
fieldset { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.4rem 0.8rem 0.7rem; min-width: 0; }
legend { font-weight: 600; padding: 0 0.3rem; }
[hidden] { display: none !important; }
label { display: inline-flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; max-width: 100%; }
#feature-names { box-sizing: border-box; width: min(100%, 28rem); }
input, select, textarea, button { font: inherit; }
input[type="file"] { max-width: 15rem; }
input[type="number"] { width: 6rem; }
textarea { box-sizing: border-box; width: 100%; min-height: 7rem; font-family: ui-monospace, monospace; font-size: 13px; }
#row { min-height: 3.2rem; }
.row { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: center; }
.stack { display: grid; gap: 0.3rem; }
.hint { color: #59636e; font-size: 13px; }
button { cursor: pointer; padding: 0.3rem 0.8rem; }
button.danger { color: #b42318; }
:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.error { color: #b42318; }
#accuracy { font-size: 1.6rem; font-weight: 700; }
.chart { margin: 0.8rem 0; overflow-x: auto; }
.chart img { display: block; width: 100%; max-width: 640px; min-width: 540px; height: auto; border: 1px solid #d0d7de; }
.chart img:not([src]) { display: none; }
.scroll { overflow-x: auto; }
#weights-chart svg { display: block; width: 100%; max-width: 640px; font: 13px system-ui, sans-serif; }
pre { background: #f6f8fa; padding: 0.7rem; overflow-x: auto; font-size: 13px; }
table { border-collapse: collapse; margin: 0.3rem 0; }
td, th { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: center; }
#metrics td, #class-metrics td, .explanation td { font-variant-numeric: tabular-nums; text-align: right; }
#threshold { width: min(100%, 24rem); }
#threshold-value, #versions time { white-space: nowrap; }
#warnings { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.5rem 0.8rem 0.5rem 2rem; }
#warnings code { font-size: 13px; }
#models li, #datasets li, #jobs li { margin: 0.3rem 0; }
progress { width: min(100%, 16rem); }
#job-chart { margin: 0.8rem 0; overflow-x: auto; }
#job-chart svg { display: block; width: 100%; max-width: 640px; min-width: 540px; height: auto; border: 1px solid #d0d7de; font: 13px system-ui, sans-serif; }
`;
