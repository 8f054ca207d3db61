import { escapeHtml } from "../report/escapeHtml.js";

/**
 * The review app's one page: markup, styles and script inline (the page loads nothing else, so
 * it works offline and under a strict Content-Security-Policy). Record text is only ever set as
 * text, never as HTML. Keyboard first: j/k move, 1 correct, 2 wrong (then 1–6 picks a reason),
 * f fixes the label or text, u undoes, p shows the provenance, l switches to the list.
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
<script nonce="${options.nonce}">${script}</script>
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

// Plain ES5-style script, without template literals, so that it sits in this template as is.
const script = `
(function () {
  "use strict";
  var token = new URLSearchParams(location.search).get("token");
  var state = null;
  var index = 0;
  var undoStack = [];
  var view = "card";
  var picked = null;
  var selected = new Set();
  var $ = function (id) { return document.getElementById(id); };
  var reviewerInput = $("reviewer");
  reviewerInput.value = localStorage.getItem("synthforge-reviewer") || "";
  reviewerInput.addEventListener("change", function () { localStorage.setItem("synthforge-reviewer", reviewerInput.value.trim()); });

  function api(method, path, body) {
    var headers = {};
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(json.error || ("HTTP " + response.status));
          return json;
        });
      });
  }
  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function percent(value) { return (value * 100).toFixed(1) + "%"; }
  function say(text, isError) { var m = $("message"); m.textContent = text; m.className = isError ? "error" : ""; }
  function items() { return state ? state.queue.items : []; }
  function current() { return items()[index]; }
  function conditionOf(item) { return Object.keys(item.cell).sort().map(function (k) { return k + "=" + item.cell[k]; }).join(", "); }
  function panelsOpen() { return !$("reason-panel").hidden || !$("fix-panel").hidden; }
  function closePanels() {
    // A field keeping focus inside a panel that is hidden would swallow the next shortcut ("1"
    // typed into the hidden fix text after Enter saved it): let the page have the keys again.
    var focused = document.activeElement;
    if (focused && ($("reason-panel").contains(focused) || $("fix-panel").contains(focused))) focused.blur();
    $("reason-panel").hidden = true; $("fix-panel").hidden = true; picked = null;
  }

  function render() {
    if (!state) return;
    var list = items();
    var reviewed = list.filter(function (item) { return item.review; }).length;
    $("progress").textContent = reviewed + " of " + list.length + " reviewed";
    if (index >= list.length) index = Math.max(0, list.length - 1);
    renderCard();
    renderStats();
    if (view === "list") renderList();
  }

  function renderCard() {
    var item = current();
    $("empty").hidden = !!item;
    $("record").hidden = !item;
    if (!item) { $("position").textContent = ""; return; }
    $("position").textContent = "Record " + (index + 1) + " of " + items().length + " · " + item.id;
    var badges = $("badges");
    badges.replaceChildren();
    if (item.first) badges.appendChild(node("span", "disputed · reviewed first", "chip first"));
    Object.keys(item.cell).sort().forEach(function (name) { badges.appendChild(node("span", name + ": " + item.cell[name], "chip")); });
    $("label").textContent = item.label === undefined || item.label === null ? "(none)" : item.label;
    $("text").textContent = item.text;
    var judge = item.judge;
    var parts = [];
    if (judge && judge.votes) parts.push("judge votes: " + judge.votes.map(String).join(", ") + (judge.agreeing !== undefined ? " (" + judge.agreeing + " agree)" : "") + (judge.confirmed ? ", confirmed" : ", not confirmed"));
    if (judge && judge.score !== undefined) parts.push("rubric " + judge.score + " of 5" + (judge.reason ? ": " + judge.reason : ""));
    $("judge").textContent = parts.length ? parts.join(" · ") : "no judge votes";
    var verdict = $("verdict");
    if (item.review) {
      var text = item.review.verdict === "correct" ? "✓ correct" : "✗ wrong: " + (item.review.reason || "");
      if (item.review.corrected) text += " · fixed version stored";
      if (item.review.reviewer) text += " · by " + item.review.reviewer;
      verdict.textContent = text;
      verdict.className = item.review.verdict;
    } else {
      verdict.textContent = "not reviewed yet";
      verdict.className = "muted";
    }
  }

  function renderStats() {
    var s = state.statistics;
    var gate = state.gate;
    $("rate").textContent = s.reviewed ? percent(s.errorRate.value) : "–";
    $("interval").textContent = s.wrong + " wrong of " + s.reviewed + " reviewed (sample of " + s.sampled + "); Wilson 95% [" + percent(s.errorRate.lower) + ", " + percent(s.errorRate.upper) + "]";
    var g = $("gate");
    if (gate.status === "none") { g.textContent = "No error-rate gate in the recipe."; g.className = "gate-pending"; }
    else {
      g.textContent = "Gate ≤ " + percent(s.threshold) + ": " + gate.status + (gate.status === "pass" ? (gate.certified ? ", certified" : ", not yet certified") : "");
      g.className = "gate-" + gate.status;
    }
    var needed = $("needed");
    if (s.moreNeeded === undefined) needed.textContent = "";
    else if (s.moreNeeded === null) needed.textContent = "At the current error rate, no number of reviews brings the upper bound under " + percent(s.threshold) + ".";
    else if (s.moreNeeded === 0) needed.textContent = "The upper bound is under " + percent(s.threshold) + ".";
    else needed.textContent = s.moreNeeded + " more reviews at the current rate for the upper bound to clear " + percent(s.threshold) + ".";
    var reasons = $("by-reason");
    reasons.replaceChildren();
    s.reasons.forEach(function (entry) { var tr = node("tr"); tr.appendChild(node("td", entry.reason)); tr.appendChild(node("td", entry.count, "number")); reasons.appendChild(tr); });
    if (!s.reasons.length) reasons.appendChild(node("tr")).appendChild(node("td", "none", "muted"));
    var conditions = $("by-condition");
    conditions.replaceChildren();
    (s.byCondition || []).forEach(function (entry) {
      var tr = node("tr");
      tr.appendChild(node("td", entry.condition));
      tr.appendChild(node("td", entry.wrong + " / " + entry.reviewed, "number"));
      conditions.appendChild(tr);
    });
  }

  function filtered() {
    var status = $("filter-status").value;
    var condition = $("filter-condition").value;
    var search = $("filter-search").value.trim().toLowerCase();
    return items().filter(function (item) {
      if (status === "unreviewed" && item.review) return false;
      if ((status === "correct" || status === "wrong") && (!item.review || item.review.verdict !== status)) return false;
      if (condition && conditionOf(item) !== condition) return false;
      if (search && item.text.toLowerCase().indexOf(search) < 0) return false;
      return true;
    });
  }

  function renderList() {
    var conditionSelect = $("filter-condition");
    var chosen = conditionSelect.value;
    var conditions = Array.from(new Set(items().map(conditionOf))).sort();
    // Rebuilt only when the conditions change, so a refresh does not close an open dropdown.
    if (conditionSelect.getAttribute("data-conditions") !== conditions.join("|")) {
      conditionSelect.setAttribute("data-conditions", conditions.join("|"));
      conditionSelect.replaceChildren(node("option", "every condition"));
      conditionSelect.firstChild.value = "";
      conditions.forEach(function (c) { var o = node("option", c); o.value = c; conditionSelect.appendChild(o); });
      conditionSelect.value = conditions.indexOf(chosen) >= 0 ? chosen : "";
    }
    var shown = filtered();
    var ids = new Set(shown.map(function (item) { return item.id; }));
    selected.forEach(function (id) { if (!ids.has(id)) selected.delete(id); });
    var rows = $("rows");
    rows.replaceChildren();
    shown.forEach(function (item) {
      var tr = node("tr");
      if (current() && current().id === item.id) tr.className = "current";
      var box = node("input");
      box.type = "checkbox";
      box.checked = selected.has(item.id);
      box.setAttribute("data-id", item.id);
      box.addEventListener("change", function () { if (box.checked) selected.add(item.id); else selected.delete(item.id); renderSelection(shown); });
      var cell = node("td"); cell.appendChild(box); tr.appendChild(cell);
      var textCell = node("td", item.text); textCell.lang = document.getElementById("text").lang; tr.appendChild(textCell);
      tr.appendChild(node("td", item.label === undefined ? "" : item.label));
      tr.appendChild(node("td", conditionOf(item)));
      tr.appendChild(node("td", item.review ? item.review.verdict + (item.review.reason ? ": " + item.review.reason : "") : ""));
      textCell.addEventListener("click", function () { index = items().indexOf(item); setView("card"); });
      rows.appendChild(tr);
    });
    renderSelection(shown);
  }
  function renderSelection(shown) {
    $("selected-count").textContent = selected.size + " selected of " + shown.length + " shown";
    $("select-all").checked = shown.length > 0 && shown.every(function (item) { return selected.has(item.id); });
  }

  function setView(next) {
    view = next;
    $("card").hidden = view !== "card";
    $("list").hidden = view !== "list";
    $("view-card").className = "tab" + (view === "card" ? " active" : "");
    $("view-list").className = "tab" + (view === "list" ? " active" : "");
    closePanels();
    render();
  }

  function refresh() {
    return api("GET", "/api/state").then(function (next) { state = next; fillChoices(); render(); }).catch(function (error) { say(error.message, true); });
  }
  var filled = false;
  function fillChoices() {
    if (filled) return;
    filled = true;
    var reasons = $("reasons");
    state.queue.reasons.forEach(function (reason, i) {
      var button = node("button", (i + 1) + " · " + reason);
      button.setAttribute("data-reason", reason);
      button.addEventListener("click", function () { pickReason(i); });
      reasons.appendChild(button);
    });
    ["fix-reason", "bulk-reason"].forEach(function (id) {
      state.queue.reasons.forEach(function (reason) { var o = node("option", reason); o.value = reason; $(id).appendChild(o); });
    });
    var labelSelect = $("fix-label");
    if (!state.queue.labelField) $("fix-label-row").hidden = true;
    state.queue.labels.forEach(function (label) { var o = node("option", label); o.value = label; labelSelect.appendChild(o); });
  }

  function send(verdicts, note) {
    var reviewer = reviewerInput.value.trim();
    if (reviewer) verdicts.forEach(function (v) { v.reviewer = reviewer; });
    return api("POST", "/api/verdicts", { verdicts: verdicts }).then(function (result) {
      undoStack.push({ events: result.events, ids: verdicts.map(function (v) { return v.recordId; }) });
      state = result;
      closePanels();
      say(note || (verdicts.length + " verdict" + (verdicts.length === 1 ? "" : "s") + " saved."));
      render();
      return result;
    }).catch(function (error) { say(error.message, true); });
  }
  function nextUnreviewed() {
    var list = items();
    for (var step = 1; step <= list.length; step++) {
      var i = (index + step) % list.length;
      if (!list[i].review) { index = i; return; }
    }
  }
  function markCorrect() {
    var item = current(); if (!item) return;
    send([{ recordId: item.id, verdict: "correct" }], "Marked correct.").then(function (r) { if (r) { nextUnreviewed(); render(); } });
  }
  function openReasons() {
    if (!current()) return;
    closePanels();
    $("reason-panel").hidden = false;
    $("reason-note").value = "";
  }
  function pickReason(i) {
    picked = state.queue.reasons[i];
    Array.from($("reasons").children).forEach(function (b, j) { b.className = j === i ? "picked" : ""; });
    saveWrong();
  }
  function saveWrong() {
    var item = current(); if (!item) return;
    var note = $("reason-note").value.trim();
    var reason = picked ? (note ? picked + ": " + note : picked) : note;
    if (!reason) { say("Pick a reason (1–" + state.queue.reasons.length + ") or write one.", true); return; }
    send([{ recordId: item.id, verdict: "wrong", reason: reason }], "Marked wrong: " + reason + ".").then(function (r) { if (r) { nextUnreviewed(); render(); } });
  }
  function openFix() {
    var item = current(); if (!item) return;
    closePanels();
    $("fix-panel").hidden = false;
    $("fix-text").value = item.text;
    if (item.label !== undefined) $("fix-label").value = item.label;
    $("fix-reason").value = state.queue.reasons[0];
    ($("fix-label-row").hidden ? $("fix-text") : $("fix-label")).focus();
  }
  function saveFix() {
    var item = current(); if (!item) return;
    var corrected = {};
    if (state.queue.labelField && $("fix-label").value !== item.label) corrected.label = $("fix-label").value;
    if ($("fix-text").value !== item.text) corrected.text = $("fix-text").value;
    if (!Object.keys(corrected).length) { say("Nothing changed: edit the label or the text, or press Esc.", true); return; }
    send([{ recordId: item.id, verdict: "wrong", reason: $("fix-reason").value, corrected: corrected }], "Fixed; the original is kept.").then(function (r) { if (r) { nextUnreviewed(); render(); } });
  }
  function undo() {
    var last = undoStack.pop();
    if (!last) { say("Nothing to undo in this tab.", true); return; }
    api("POST", "/api/undo", { events: last.events }).then(function (next) {
      state = next;
      var at = items().findIndex(function (item) { return item.id === last.ids[0]; });
      if (at >= 0) index = at;
      say("Undone: " + last.ids.length + " verdict" + (last.ids.length === 1 ? "" : "s") + ".");
      render();
    }).catch(function (error) { say(error.message, true); });
  }
  function toggleProvenance() {
    var panel = $("provenance");
    if (!panel.hidden) { panel.hidden = true; return; }
    var item = current(); if (!item) return;
    api("GET", "/api/records/" + encodeURIComponent(item.id)).then(function (record) {
      panel.replaceChildren();
      var p = record.provenance;
      panel.appendChild(node("div", "Round " + p.round + ", slot " + p.slotIndex + ", attempt " + p.attempt + " · strategy " + p.strategy + " · template " + p.template.id + "@" + p.template.version));
      panel.appendChild(node("div", "Model " + p.model.provider + "/" + p.model.id + " · temperature " + p.sampling.temperature + " · seed " + p.sampling.seed));
      panel.appendChild(node("h3", "Prompt"));
      p.messages.forEach(function (m) { panel.appendChild(node("pre", m.role + ": " + m.content)); });
      panel.appendChild(node("h3", "Raw output"));
      panel.appendChild(node("pre", p.rawOutput));
      panel.appendChild(node("h3", "Decisions"));
      var table = node("table"); var body = node("tbody"); table.appendChild(body);
      record.decisions.forEach(function (d) { var tr = node("tr"); tr.appendChild(node("td", d.check)); tr.appendChild(node("td", d.decision)); tr.appendChild(node("td", d.reason || "")); body.appendChild(tr); });
      panel.appendChild(table);
      if (record.history.length) {
        panel.appendChild(node("h3", "Verdicts"));
        record.history.forEach(function (h) { panel.appendChild(node("div", h.reviewedAt + " " + h.verdict + (h.reason ? ": " + h.reason : "") + (h.undoneAt ? " (undone)" : ""))); });
      }
      panel.hidden = false;
    }).catch(function (error) { say(error.message, true); });
  }
  function move(step) {
    var list = items(); if (!list.length) return;
    index = Math.min(list.length - 1, Math.max(0, index + step));
    closePanels();
    $("provenance").hidden = true;
    render();
  }
  function bulk(verdict) {
    var ids = Array.from(selected);
    if (!ids.length) { say("Select records first (the box in the header selects every one shown).", true); return; }
    var reason = $("bulk-reason").value;
    send(ids.map(function (id) { return verdict === "correct" ? { recordId: id, verdict: "correct" } : { recordId: id, verdict: "wrong", reason: reason }; }),
      ids.length + " records marked " + verdict + ".").then(function (r) { if (r) { selected.clear(); render(); } });
  }

  $("btn-correct").addEventListener("click", markCorrect);
  $("btn-wrong").addEventListener("click", openReasons);
  $("btn-fix").addEventListener("click", openFix);
  $("btn-undo").addEventListener("click", undo);
  $("btn-prov").addEventListener("click", toggleProvenance);
  $("btn-prev").addEventListener("click", function () { move(-1); });
  $("btn-next").addEventListener("click", function () { move(1); });
  $("reason-save").addEventListener("click", saveWrong);
  $("fix-save").addEventListener("click", saveFix);
  $("view-card").addEventListener("click", function () { setView("card"); });
  $("view-list").addEventListener("click", function () { setView("list"); });
  $("bulk-correct").addEventListener("click", function () { bulk("correct"); });
  $("bulk-wrong").addEventListener("click", function () { bulk("wrong"); });
  ["filter-status", "filter-condition", "filter-search"].forEach(function (id) { $(id).addEventListener("input", renderList); });
  $("select-all").addEventListener("change", function () {
    var shown = filtered();
    shown.forEach(function (item) { if ($("select-all").checked) selected.add(item.id); else selected.delete(item.id); });
    renderList();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "Escape") { closePanels(); $("provenance").hidden = true; if (typing) target.blur(); return; }
    if (typing) {
      if (event.key === "Enter" && target.id === "reason-note") { event.preventDefault(); saveWrong(); }
      if (event.key === "Enter" && target.id === "fix-text" && !event.shiftKey) { event.preventDefault(); saveFix(); }
      return;
    }
    if (!$("reason-panel").hidden && /^[1-9]$/.test(event.key)) {
      var i = Number(event.key) - 1;
      if (i < state.queue.reasons.length) { event.preventDefault(); pickReason(i); }
      return;
    }
    if (event.key === "l") { setView(view === "card" ? "list" : "card"); return; }
    if (view !== "card") return;
    var keys = { j: function () { move(1); }, k: function () { move(-1); }, "1": markCorrect, "2": openReasons, f: openFix, u: undo, p: toggleProvenance };
    var action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });

  refresh().then(function () {
    var list = items();
    var first = list.findIndex(function (item) { return !item.review; });
    index = first >= 0 ? first : 0;
    render();
    document.body.setAttribute("data-ready", "true");
  });
  // Other tabs and reviewers: their verdicts show up within a few seconds.
  setInterval(function () { if (!panelsOpen() && !document.hidden) refresh(); }, 4000);
})();
`;
