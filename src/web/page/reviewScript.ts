/// <reference lib="dom" />
// The review page's script: wires reviewLogic.ts to the document that reviewPage.ts writes.
// Bundled for the browser by esbuild (reviewScriptBundle.ts) and inlined in the page under its
// nonce; type-checked with the DOM library by tsconfig.json beside it (the library's own
// tsconfig leaves this file out: Node code must not see the DOM's globals).
import {
  bulkVerdicts,
  conditionOf,
  counted,
  filterItems,
  firstUnreviewed,
  fixChanges,
  judgeSummary,
  type KeyAction,
  keyAction,
  type ListFilter,
  moveIndex,
  nextUnreviewed,
  ReviewClock,
  statisticsText,
  verdictSeconds,
  verdictSummary,
  wrongReason,
} from "./reviewLogic.js";
import type {
  RecordView,
  ReviewItemView,
  ReviewStateView,
  VerdictAnswer,
  VerdictRequest,
} from "./reviewTypes.js";

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The review page has no #${id}.`);
  return element as T;
}

const token = new URLSearchParams(location.search).get("token");
let state: ReviewStateView | undefined;
let index = 0;
const undoStack: { events: number[]; ids: string[] }[] = [];
let view: "card" | "list" = "card";
let picked: string | undefined;
const selected = new Set<string>();
// Seconds from a record (or the list) being shown to its verdict, sent with each verdict.
const listKey = "\u0000list";
const clock = new ReviewClock();
document.addEventListener("visibilitychange", () => {
  if (document.hidden) clock.hide(performance.now());
  else clock.unhide(performance.now());
});
if (document.hidden) clock.hide(performance.now());
/** The verdict of the record on the card, with the seconds it was shown. */
const timed = (verdict: VerdictRequest): VerdictRequest => {
  const seconds = verdictSeconds(clock.seconds(verdict.recordId, performance.now()));
  return seconds === undefined ? verdict : { ...verdict, seconds };
};
const reviewerInput = $<HTMLInputElement>("reviewer");
reviewerInput.value = localStorage.getItem("synthforge-reviewer") ?? "";
reviewerInput.addEventListener("change", () => {
  localStorage.setItem("synthforge-reviewer", reviewerInput.value.trim());
});

async function api<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number,
  className?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = String(text);
  if (className) element.className = className;
  return element;
}

function say(text: string, isError = false): void {
  const message = $("message");
  message.textContent = text;
  message.className = isError ? "error" : "";
}
const items = (): ReviewItemView[] => state?.queue.items ?? [];
const current = (): ReviewItemView | undefined => items()[index];
const reasons = (): string[] => state?.queue.reasons ?? [];
const panelsOpen = () => !$("reason-panel").hidden || !$("fix-panel").hidden;
const failed = (error: unknown) => say((error as Error).message, true);

function closePanels(): void {
  // A field keeping focus inside a panel that is hidden would swallow the next shortcut ("1"
  // typed into the hidden fix text after Enter saved it): let the page have the keys again.
  const focused = document.activeElement;
  if (
    focused instanceof HTMLElement &&
    ($("reason-panel").contains(focused) || $("fix-panel").contains(focused))
  )
    focused.blur();
  $("reason-panel").hidden = true;
  $("fix-panel").hidden = true;
  picked = undefined;
}

function render(): void {
  if (!state) return;
  const list = items();
  const reviewed = list.filter((item) => item.review).length;
  $("progress").textContent = `${reviewed} of ${list.length} reviewed`;
  if (index >= list.length) index = Math.max(0, list.length - 1);
  clock.show(view === "list" ? listKey : current()?.id, performance.now());
  renderCard();
  renderStats(state);
  if (view === "list") renderList();
}

function renderCard(): void {
  const item = current();
  $("empty").hidden = item !== undefined;
  $("record").hidden = item === undefined;
  if (item === undefined) {
    $("position").textContent = "";
    return;
  }
  $("position").textContent = `Record ${index + 1} of ${items().length} · ${item.id}`;
  const badges = $("badges");
  badges.replaceChildren();
  if (item.first) badges.appendChild(node("span", "disputed · reviewed first", "chip first"));
  for (const name of Object.keys(item.cell).sort()) {
    badges.appendChild(node("span", `${name}: ${item.cell[name]}`, "chip"));
  }
  $("label").textContent = item.label ?? "(none)";
  $("text").textContent = item.text;
  $("judge").textContent = judgeSummary(item.judge);
  const verdict = verdictSummary(item);
  $("verdict").textContent = verdict.text;
  $("verdict").className = verdict.className;
}

function renderStats(shown: ReviewStateView): void {
  const text = statisticsText(shown.statistics, shown.gate);
  $("rate").textContent = text.rate;
  $("interval").textContent = text.interval;
  $("gate").textContent = text.gate;
  $("gate").className = text.gateClass;
  $("needed").textContent = text.needed;
  const byReason = $("by-reason");
  byReason.replaceChildren();
  for (const entry of shown.statistics.reasons) {
    const row = node("tr");
    row.append(node("td", entry.reason), node("td", entry.count, "number"));
    byReason.appendChild(row);
  }
  if (shown.statistics.reasons.length === 0)
    byReason.appendChild(node("tr")).appendChild(node("td", "none", "muted"));
  const byCondition = $("by-condition");
  byCondition.replaceChildren();
  for (const entry of shown.statistics.byCondition ?? []) {
    const row = node("tr");
    row.append(node("td", entry.condition), node("td", `${entry.wrong} / ${entry.reviewed}`, "number"));
    byCondition.appendChild(row);
  }
}

function listFilter(): ListFilter {
  return {
    status: $<HTMLSelectElement>("filter-status").value as ListFilter["status"],
    condition: $<HTMLSelectElement>("filter-condition").value,
    search: $<HTMLInputElement>("filter-search").value,
  };
}

function renderList(): void {
  const conditionSelect = $<HTMLSelectElement>("filter-condition");
  const chosen = conditionSelect.value;
  const conditions = [...new Set(items().map((item) => conditionOf(item.cell)))].sort();
  // Rebuilt only when the conditions change, so a refresh does not close an open dropdown.
  if (conditionSelect.getAttribute("data-conditions") !== conditions.join("|")) {
    conditionSelect.setAttribute("data-conditions", conditions.join("|"));
    const every = node("option", "every condition");
    every.value = "";
    conditionSelect.replaceChildren(every);
    for (const condition of conditions) {
      const option = node("option", condition);
      option.value = condition;
      conditionSelect.appendChild(option);
    }
    conditionSelect.value = conditions.includes(chosen) ? chosen : "";
  }
  const shown = filterItems(items(), listFilter());
  const ids = new Set(shown.map((item) => item.id));
  for (const id of [...selected]) if (!ids.has(id)) selected.delete(id);
  const rows = $("rows");
  rows.replaceChildren();
  for (const item of shown) {
    const row = node("tr");
    if (current()?.id === item.id) row.className = "current";
    const box = node("input");
    box.type = "checkbox";
    box.checked = selected.has(item.id);
    box.setAttribute("data-id", item.id);
    box.addEventListener("change", () => {
      if (box.checked) selected.add(item.id);
      else selected.delete(item.id);
      renderSelection(shown);
    });
    const boxCell = node("td");
    boxCell.appendChild(box);
    const textCell = node("td", item.text);
    textCell.lang = $("text").lang;
    textCell.addEventListener("click", () => {
      index = items().indexOf(item);
      setView("card");
    });
    row.append(
      boxCell,
      textCell,
      node("td", item.label ?? ""),
      node("td", conditionOf(item.cell)),
      node(
        "td",
        item.review ? `${item.review.verdict}${item.review.reason ? `: ${item.review.reason}` : ""}` : "",
      ),
    );
    rows.appendChild(row);
  }
  renderSelection(shown);
}

function renderSelection(shown: readonly ReviewItemView[]): void {
  $("selected-count").textContent = `${selected.size} selected of ${shown.length} shown`;
  $<HTMLInputElement>("select-all").checked =
    shown.length > 0 && shown.every((item) => selected.has(item.id));
}

function setView(next: "card" | "list"): void {
  view = next;
  $("card").hidden = view !== "card";
  $("list").hidden = view !== "list";
  $("view-card").className = `tab${view === "card" ? " active" : ""}`;
  $("view-list").className = `tab${view === "list" ? " active" : ""}`;
  closePanels();
  render();
}

async function refresh(): Promise<void> {
  try {
    state = await api<ReviewStateView>("GET", "/api/state");
    fillChoices(state);
    render();
  } catch (error) {
    failed(error);
  }
}

let filled = false;
function fillChoices(shown: ReviewStateView): void {
  if (filled) return;
  filled = true;
  shown.queue.reasons.forEach((reason, i) => {
    const button = node("button", `${i + 1} · ${reason}`);
    button.setAttribute("data-reason", reason);
    button.addEventListener("click", () => pickReason(i));
    $("reasons").appendChild(button);
  });
  for (const id of ["fix-reason", "bulk-reason"]) {
    for (const reason of shown.queue.reasons) {
      const option = node("option", reason);
      option.value = reason;
      $(id).appendChild(option);
    }
  }
  if (!shown.queue.labelField) $("fix-label-row").hidden = true;
  for (const label of shown.queue.labels) {
    const option = node("option", label);
    option.value = label;
    $("fix-label").appendChild(option);
  }
}

/** Sends verdicts; resolves true when they were stored. */
async function send(verdicts: VerdictRequest[], note: string): Promise<boolean> {
  const reviewer = reviewerInput.value.trim();
  const sent = reviewer ? verdicts.map((verdict) => ({ ...verdict, reviewer })) : verdicts;
  try {
    const answer = await api<VerdictAnswer>("POST", "/api/verdicts", { verdicts: sent });
    undoStack.push({ events: answer.events, ids: sent.map((verdict) => verdict.recordId) });
    state = answer;
    closePanels();
    say(note);
    render();
    return true;
  } catch (error) {
    failed(error);
    return false;
  }
}

async function sendAndAdvance(verdicts: VerdictRequest[], note: string): Promise<void> {
  if (await send(verdicts, note)) {
    index = nextUnreviewed(items(), index);
    render();
  }
}

function markCorrect(): void {
  const item = current();
  if (item) void sendAndAdvance([timed({ recordId: item.id, verdict: "correct" })], "Marked correct.");
}

function openReasons(): void {
  if (!current()) return;
  closePanels();
  $("reason-panel").hidden = false;
  $<HTMLInputElement>("reason-note").value = "";
}

function pickReason(i: number): void {
  picked = reasons()[i];
  Array.from($("reasons").children).forEach((button, j) => {
    button.className = j === i ? "picked" : "";
  });
  saveWrong();
}

function saveWrong(): void {
  const item = current();
  if (!item) return;
  const reason = wrongReason(picked, $<HTMLInputElement>("reason-note").value);
  if (reason === undefined) {
    say(`Pick a reason (1–${reasons().length}) or write one.`, true);
    return;
  }
  void sendAndAdvance([timed({ recordId: item.id, verdict: "wrong", reason })], `Marked wrong: ${reason}.`);
}

function openFix(): void {
  const item = current();
  if (!item) return;
  closePanels();
  $("fix-panel").hidden = false;
  $<HTMLTextAreaElement>("fix-text").value = item.text;
  if (item.label !== undefined && item.label !== null) $<HTMLSelectElement>("fix-label").value = item.label;
  $<HTMLSelectElement>("fix-reason").value = reasons()[0] ?? "";
  ($("fix-label-row").hidden ? $("fix-text") : $("fix-label")).focus();
}

function saveFix(): void {
  const item = current();
  if (!item) return;
  const corrected = fixChanges(
    item,
    { label: $<HTMLSelectElement>("fix-label").value, text: $<HTMLTextAreaElement>("fix-text").value },
    Boolean(state?.queue.labelField),
  );
  if (corrected === undefined) {
    say("Nothing changed: edit the label or the text, or press Esc.", true);
    return;
  }
  void sendAndAdvance(
    [
      timed({
        recordId: item.id,
        verdict: "wrong",
        reason: $<HTMLSelectElement>("fix-reason").value,
        corrected,
      }),
    ],
    "Fixed; the original is kept.",
  );
}

async function undo(): Promise<void> {
  const last = undoStack.pop();
  if (!last) {
    say("Nothing to undo in this tab.", true);
    return;
  }
  try {
    state = await api<ReviewStateView>("POST", "/api/undo", { events: last.events });
    const at = items().findIndex((item) => item.id === last.ids[0]);
    if (at >= 0) index = at;
    say(`Undone: ${counted(last.ids.length, "verdict")}.`);
    render();
  } catch (error) {
    failed(error);
  }
}

async function toggleProvenance(): Promise<void> {
  const panel = $("provenance");
  if (!panel.hidden) {
    panel.hidden = true;
    return;
  }
  const item = current();
  if (!item) return;
  try {
    const record = await api<RecordView>("GET", `/api/records/${encodeURIComponent(item.id)}`);
    panel.replaceChildren();
    const p = record.provenance;
    panel.appendChild(
      node(
        "div",
        `Round ${p.round}, slot ${p.slotIndex}, attempt ${p.attempt} · strategy ${p.strategy} · template ${p.template.id}@${p.template.version}`,
      ),
    );
    panel.appendChild(
      node(
        "div",
        `Model ${p.model.provider}/${p.model.id} · temperature ${p.sampling.temperature} · seed ${p.sampling.seed}`,
      ),
    );
    panel.appendChild(node("h3", "Prompt"));
    for (const message of p.messages) panel.appendChild(node("pre", `${message.role}: ${message.content}`));
    panel.appendChild(node("h3", "Raw output"));
    panel.appendChild(node("pre", p.rawOutput));
    panel.appendChild(node("h3", "Decisions"));
    const table = node("table");
    const body = node("tbody");
    table.appendChild(body);
    for (const decision of record.decisions) {
      const row = node("tr");
      row.append(
        node("td", decision.check),
        node("td", decision.decision),
        node("td", decision.reason ?? ""),
      );
      body.appendChild(row);
    }
    panel.appendChild(table);
    if (record.history.length > 0) {
      panel.appendChild(node("h3", "Verdicts"));
      for (const event of record.history) {
        panel.appendChild(
          node(
            "div",
            `${event.reviewedAt} ${event.verdict}${event.reason ? `: ${event.reason}` : ""}${event.undoneAt ? " (undone)" : ""}`,
          ),
        );
      }
    }
    panel.hidden = false;
  } catch (error) {
    failed(error);
  }
}

function move(step: number): void {
  const list = items();
  if (list.length === 0) return;
  index = moveIndex(index, step, list.length);
  closePanels();
  $("provenance").hidden = true;
  render();
}

async function bulk(verdict: "correct" | "wrong"): Promise<void> {
  const ids = [...selected];
  if (ids.length === 0) {
    say("Select records first (the box in the header selects every one shown).", true);
    return;
  }
  // Each verdict carries its share of the time the list was looked at since the last bulk action.
  const seconds = verdictSeconds(clock.seconds(listKey, performance.now()), ids.length);
  const stored = await send(
    bulkVerdicts(ids, verdict, $<HTMLSelectElement>("bulk-reason").value, seconds),
    `${ids.length} records marked ${verdict}.`,
  );
  if (stored) {
    clock.restart(performance.now());
    selected.clear();
    render();
  }
}

$("btn-correct").addEventListener("click", markCorrect);
$("btn-wrong").addEventListener("click", openReasons);
$("btn-fix").addEventListener("click", openFix);
$("btn-undo").addEventListener("click", () => void undo());
$("btn-prov").addEventListener("click", () => void toggleProvenance());
$("btn-prev").addEventListener("click", () => move(-1));
$("btn-next").addEventListener("click", () => move(1));
$("reason-save").addEventListener("click", saveWrong);
$("fix-save").addEventListener("click", saveFix);
$("view-card").addEventListener("click", () => setView("card"));
$("view-list").addEventListener("click", () => setView("list"));
$("bulk-correct").addEventListener("click", () => void bulk("correct"));
$("bulk-wrong").addEventListener("click", () => void bulk("wrong"));
for (const id of ["filter-status", "filter-condition", "filter-search"])
  $(id).addEventListener("input", renderList);
$("select-all").addEventListener("change", () => {
  const all = $<HTMLInputElement>("select-all").checked;
  for (const item of filterItems(items(), listFilter())) {
    if (all) selected.add(item.id);
    else selected.delete(item.id);
  }
  renderList();
});

function perform(action: KeyAction): void {
  const actions: Record<KeyAction["type"], () => unknown> = {
    close: () => {
      closePanels();
      $("provenance").hidden = true;
    },
    "save-wrong": saveWrong,
    "save-fix": saveFix,
    "pick-reason": () => action.type === "pick-reason" && pickReason(action.index),
    "toggle-view": () => setView(view === "card" ? "list" : "card"),
    move: () => action.type === "move" && move(action.step),
    correct: markCorrect,
    "open-reasons": openReasons,
    "open-fix": openFix,
    undo: () => void undo(),
    provenance: () => void toggleProvenance(),
  };
  actions[action.type]();
}

document.addEventListener("keydown", (event) => {
  const target = event.target instanceof HTMLElement ? event.target : undefined;
  const action = keyAction(
    {
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      shiftKey: event.shiftKey,
      targetTag: target?.tagName,
      targetId: target?.id,
    },
    { view, reasonPanelOpen: !$("reason-panel").hidden, reasonCount: reasons().length },
  );
  if (action === undefined) return;
  // Esc only leaves a field; every other action replaces the key's own effect.
  if (action.type === "close") target?.blur();
  else event.preventDefault();
  perform(action);
});

void refresh().then(() => {
  index = firstUnreviewed(items());
  render();
  document.body.setAttribute("data-ready", "true");
});
// Other tabs and reviewers: their verdicts show up within a few seconds.
setInterval(() => {
  if (!panelsOpen() && !document.hidden) void refresh();
}, 4000);
