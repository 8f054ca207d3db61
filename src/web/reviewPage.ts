import { escapeHtml } from "../report/escapeHtml.js";
import { reviewScriptBundle } from "./reviewScriptBundle.js";

/**
 * The review app's one page: markup, styles and script inline (the page loads nothing else, so
 * it works offline and under a strict Content-Security-Policy). Record text is only ever set as
 * text, never as HTML. Keyboard first: j/k move, 1 correct, 2 wrong (then 1–6 picks a reason),
 * f fixes the label or text, u undoes, p shows the provenance, l switches to the list. The
 * script is `page/reviewScript.ts` (its logic in `page/reviewLogic.ts`), bundled by esbuild.
 */
export function reviewPage(options: { nonce: string; title: string; language: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review · ${escapeHtml(options.title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
  <h1>Spot-check · <span id="run-name">${escapeHtml(options.title)}</span></h1>
  <span id="progress" class="muted"></span>
  <label class="reviewer">Reviewer <input id="reviewer" autocomplete="off" placeholder="your name" maxlength="100"></label>
  <nav><button id="view-card" class="tab active" title="One record at a time (l)">Record</button><button id="view-list" class="tab" title="Filtered list with bulk actions (l)">List</button></nav>
</header>
<div id="layout">
<main>
  <section id="card">
    <div id="position" class="muted"></div>
    <div id="empty" class="muted" hidden>No records to review: the run has no accepted records.</div>
    <div id="record">
      <div id="badges"></div>
      <div class="label-row">Label <strong id="label"></strong></div>
      <p id="text" lang="${escapeHtml(options.language)}"></p>
      <div id="judge" class="muted"></div>
      <div id="verdict"></div>
      <div class="actions">
        <button id="btn-prev" title="Previous (k)">← k</button>
        <button id="btn-correct" class="good" title="Correct (1)">1 · Correct</button>
        <button id="btn-wrong" class="bad" title="Wrong, with a reason (2)">2 · Wrong</button>
        <button id="btn-fix" title="Fix the label or text (f)">f · Fix</button>
        <button id="btn-undo" title="Undo your last verdict (u)">u · Undo</button>
        <button id="btn-prov" title="Provenance (p)">p · Provenance</button>
        <button id="btn-next" title="Next (j)">j →</button>
      </div>
      <div id="reason-panel" class="panel" hidden>
        <div>Why is it wrong? Press a number, or write a note and press Enter.</div>
        <div id="reasons"></div>
        <input id="reason-note" maxlength="400" placeholder="note (optional with a listed reason; the reason itself otherwise)">
        <button id="reason-save">Save</button>
      </div>
      <div id="fix-panel" class="panel" hidden>
        <div>Fix the record: the original is kept, the fix is stored as a new version and the record counts as wrong.</div>
        <label id="fix-label-row">Label <select id="fix-label"></select></label>
        <textarea id="fix-text" rows="5" lang="${escapeHtml(options.language)}"></textarea>
        <label>Reason <select id="fix-reason"></select></label>
        <button id="fix-save">Save fix</button>
      </div>
      <div id="provenance" class="panel" hidden></div>
    </div>
  </section>
  <section id="list" hidden>
    <div class="filters">
      <select id="filter-status"><option value="all">all</option><option value="unreviewed">unreviewed</option><option value="correct">correct</option><option value="wrong">wrong</option></select>
      <select id="filter-condition"><option value="">every condition</option></select>
      <input id="filter-search" placeholder="search text">
    </div>
    <div class="bulk">
      <label><input type="checkbox" id="select-all"> select all shown</label>
      <span id="selected-count" class="muted"></span>
      <button id="bulk-correct" class="good">Mark selected correct</button>
      <select id="bulk-reason"></select>
      <button id="bulk-wrong" class="bad">Mark selected wrong</button>
    </div>
    <table><thead><tr><th></th><th>Text</th><th>Label</th><th>Condition</th><th>Verdict</th></tr></thead><tbody id="rows"></tbody></table>
  </section>
  <div id="message" role="status"></div>
  <p class="muted keys">Keys: j/k next/previous · 1 correct · 2 wrong (then 1–6) · f fix · u undo · p provenance · l list · Esc close</p>
</main>
<aside id="stats">
  <h2>Statistics</h2>
  <div class="big" id="rate"></div>
  <div id="interval" class="muted"></div>
  <div id="gate"></div>
  <div id="needed" class="muted"></div>
  <h3>Wrong by reason</h3><table><tbody id="by-reason"></tbody></table>
  <h3>By condition</h3><table><tbody id="by-condition"></tbody></table>
</aside>
</div>
<script nonce="${options.nonce}">${reviewScriptBundle()}</script>
</body>
</html>`;
}

const styles = `
:root { --fg:#1d232b; --muted:#5d6773; --line:#d9dee4; --good:#1a7f37; --bad:#c62828; --accent:#0b5cad; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color:var(--fg); background:#f6f7f9; }
header { display:flex; gap:16px; align-items:center; padding:10px 20px; background:#fff; border-bottom:1px solid var(--line); flex-wrap:wrap; }
h1 { font-size:18px; margin:0; } h2 { font-size:16px; margin:0 0 8px; } h3 { font-size:14px; margin:14px 0 4px; }
.muted { color:var(--muted); }
.reviewer input { width:9em; }
#layout { display:grid; grid-template-columns: minmax(0,1fr) 320px; gap:20px; padding:20px; }
main, aside { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; }
#text { font-size:20px; line-height:1.6; white-space:pre-wrap; word-break:break-word; margin:12px 0; }
.chip { display:inline-block; padding:1px 8px; margin:0 6px 4px 0; border-radius:10px; background:#eef2f7; font-size:13px; }
.chip.first { background:#fff1c2; }
.actions { display:flex; flex-wrap:wrap; gap:8px; margin-top:12px; }
button { font:inherit; padding:5px 12px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
button:hover { border-color:var(--accent); }
button.good { color:var(--good); } button.bad { color:var(--bad); }
.tab.active { background:var(--accent); color:#fff; border-color:var(--accent); }
.panel { margin-top:12px; padding:10px 12px; background:#f8fafc; border:1px solid var(--line); border-radius:6px; }
.panel input, .panel textarea, .panel select { font:inherit; width:100%; margin:6px 0; }
#reasons button { margin:4px 6px 4px 0; }
#reasons button.picked { border-color:var(--bad); color:var(--bad); }
#verdict.correct { color:var(--good); } #verdict.wrong { color:var(--bad); }
.big { font-size:28px; font-weight:600; }
.gate-pass { color:var(--good); font-weight:600; } .gate-fail { color:var(--bad); font-weight:600; } .gate-pending { color:var(--muted); font-weight:600; }
table { border-collapse:collapse; width:100%; } td, th { padding:3px 6px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
td.number { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
#rows td:nth-child(2) { max-width:520px; }
#rows tr.current { background:#eef5ff; }
.filters, .bulk { display:flex; gap:10px; align-items:center; margin-bottom:10px; flex-wrap:wrap; }
#message { min-height:1.5em; margin-top:10px; } #message.error { color:var(--bad); }
pre { white-space:pre-wrap; word-break:break-word; background:#fff; border:1px solid var(--line); padding:6px; font-size:13px; }
.keys { font-size:13px; margin-top:14px; }
`;
