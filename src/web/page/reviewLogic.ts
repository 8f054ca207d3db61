// The review page's logic without the page: what a key does, which records a filter shows,
// where the cursor goes next, and every sentence the page writes. Pure functions, so they are
// unit-tested in Node (reviewLogic.test.ts); reviewScript.ts wires them to the document.
import type { GateView, JudgeView, ReviewItemView, StatisticsView, VerdictRequest } from "./reviewTypes.js";

/** What the page does for a key. */
export type KeyAction =
  | { type: "close" }
  | { type: "save-wrong" }
  | { type: "save-fix" }
  | { type: "pick-reason"; index: number }
  | { type: "toggle-view" }
  | { type: "move"; step: 1 | -1 }
  | { type: "correct" }
  | { type: "open-reasons" }
  | { type: "open-fix" }
  | { type: "undo" }
  | { type: "provenance" };

/** A key press as the keyboard handler sees it. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The focused element's tag (upper case, as the DOM gives it) and id, if any. */
  targetTag: string | undefined;
  targetId: string | undefined;
}

/** What the page is showing when the key comes. */
export interface KeyContext {
  view: "card" | "list";
  reasonPanelOpen: boolean;
  reasonCount: number;
}

const cardKeys: Record<string, KeyAction> = {
  j: { type: "move", step: 1 },
  k: { type: "move", step: -1 },
  "1": { type: "correct" },
  "2": { type: "open-reasons" },
  f: { type: "open-fix" },
  u: { type: "undo" },
  p: { type: "provenance" },
};

/**
 * The keyboard map: Esc closes panels (and leaves a field); in a field only Enter acts (saves
 * the reason note; saves the fix text unless Shift is held); with the reason panel open 1–9
 * pick a reason; `l` switches card and list; on the card j/k move, 1 correct, 2 wrong, f fix,
 * u undo, p provenance. Modified keys (Ctrl, Cmd, Alt) are the browser's. Undefined: no action.
 */
export function keyAction(press: KeyPress, context: KeyContext): KeyAction | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  if (press.key === "Escape") return { type: "close" };
  const typing =
    press.targetTag === "INPUT" || press.targetTag === "TEXTAREA" || press.targetTag === "SELECT";
  if (typing) {
    if (press.key === "Enter" && press.targetId === "reason-note") return { type: "save-wrong" };
    if (press.key === "Enter" && press.targetId === "fix-text" && !press.shiftKey)
      return { type: "save-fix" };
    return undefined;
  }
  if (context.reasonPanelOpen && /^[1-9]$/.test(press.key)) {
    const index = Number(press.key) - 1;
    return index < context.reasonCount ? { type: "pick-reason", index } : undefined;
  }
  if (press.key === "l") return { type: "toggle-view" };
  if (context.view !== "card") return undefined;
  return cardKeys[press.key];
}

/** `12.5%`: a share with one decimal. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** `3 verdicts`, `1 verdict`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A record's condition as the list shows it: `domain=food, label=positive` (names sorted). */
export function conditionOf(cell: Record<string, string>): string {
  return Object.keys(cell)
    .sort()
    .map((name) => `${name}=${cell[name]}`)
    .join(", ");
}

/** The judge's line under a record: its votes, how many agree, and the rubric. */
export function judgeSummary(judge: JudgeView | undefined): string {
  const parts: string[] = [];
  if (judge?.votes) {
    parts.push(
      `judge votes: ${judge.votes.map(String).join(", ")}${judge.agreeing === undefined ? "" : ` (${judge.agreeing} agree)`}${judge.confirmed ? ", confirmed" : ", not confirmed"}`,
    );
  }
  if (judge?.score !== undefined)
    parts.push(`rubric ${judge.score} of 5${judge.reason ? `: ${judge.reason}` : ""}`);
  return parts.length > 0 ? parts.join(" · ") : "no judge votes";
}

/** The verdict line of a record and its class (`correct`, `wrong`, or `muted` before a review). */
export function verdictSummary(item: ReviewItemView): { text: string; className: string } {
  const review = item.review;
  if (review === undefined) return { text: "not reviewed yet", className: "muted" };
  let text = review.verdict === "correct" ? "✓ correct" : `✗ wrong: ${review.reason ?? ""}`;
  if (review.corrected) text += " · fixed version stored";
  if (review.reviewer) text += ` · by ${review.reviewer}`;
  return { text, className: review.verdict };
}

/** The statistics panel's sentences: error rate, interval, gate and what certifying needs. */
export function statisticsText(
  statistics: StatisticsView,
  gate: GateView,
): { rate: string; interval: string; gate: string; gateClass: string; needed: string } {
  const s = statistics;
  const threshold = s.threshold === undefined ? "" : percent(s.threshold);
  return {
    rate: s.reviewed > 0 ? percent(s.errorRate.value) : "–",
    interval: `${s.wrong} wrong of ${s.reviewed} reviewed (sample of ${s.sampled}); Wilson 95% [${percent(s.errorRate.lower)}, ${percent(s.errorRate.upper)}]`,
    gate:
      gate.status === "none"
        ? "No error-rate gate in the recipe."
        : `Gate ≤ ${threshold}: ${gate.status}${gate.status === "pass" ? (gate.certified ? ", certified" : ", not yet certified") : ""}`,
    gateClass: gate.status === "none" ? "gate-pending" : `gate-${gate.status}`,
    needed:
      s.moreNeeded === undefined
        ? ""
        : s.moreNeeded === null
          ? `At the current error rate, no number of reviews brings the upper bound under ${threshold}.`
          : s.moreNeeded === 0
            ? `The upper bound is under ${threshold}.`
            : `${s.moreNeeded} more reviews at the current rate for the upper bound to clear ${threshold}.`,
  };
}

/** The list view's filters. */
export interface ListFilter {
  status: "all" | "unreviewed" | "correct" | "wrong";
  /** A condition as `conditionOf` writes it; empty: every condition. */
  condition: string;
  /** Text to find, any case; empty: every text. */
  search: string;
}

/** The records the list shows under `filter`, in queue order. */
export function filterItems(items: readonly ReviewItemView[], filter: ListFilter): ReviewItemView[] {
  const search = filter.search.trim().toLowerCase();
  return items.filter((item) => {
    if (filter.status === "unreviewed" && item.review) return false;
    if ((filter.status === "correct" || filter.status === "wrong") && item.review?.verdict !== filter.status)
      return false;
    if (filter.condition && conditionOf(item.cell) !== filter.condition) return false;
    if (search && !item.text.toLowerCase().includes(search)) return false;
    return true;
  });
}

/** The next record after `index` without a verdict, wrapping around; `index` when every one has one. */
export function nextUnreviewed(items: readonly ReviewItemView[], index: number): number {
  for (let step = 1; step <= items.length; step += 1) {
    const at = (index + step) % items.length;
    if (!items[at]!.review) return at;
  }
  return index;
}

/** The cursor after moving `step` records, kept inside the queue. */
export function moveIndex(index: number, step: number, length: number): number {
  return Math.min(length - 1, Math.max(0, index + step));
}

/** Where the page starts: the first record without a verdict, else the first. */
export function firstUnreviewed(items: readonly ReviewItemView[]): number {
  // findIndex gives -1 when every record has a verdict.
  return Math.max(
    0,
    items.findIndex((item) => !item.review),
  );
}

/**
 * The reason a wrong verdict is saved with: the picked reason, with the note after a colon
 * when there is one, else the note alone; undefined when there is neither.
 */
export function wrongReason(picked: string | undefined, note: string): string | undefined {
  const trimmed = note.trim();
  const reason = picked ? (trimmed ? `${picked}: ${trimmed}` : picked) : trimmed;
  return reason || undefined;
}

/**
 * What a fix changes: the label (when the recipe has a label field) and the text, each only
 * when it differs from the record; undefined when nothing changed.
 */
export function fixChanges(
  item: ReviewItemView,
  edited: { label: string; text: string },
  hasLabelField: boolean,
): Record<string, string> | undefined {
  const corrected: Record<string, string> = {};
  if (hasLabelField && edited.label !== item.label) corrected.label = edited.label;
  if (edited.text !== item.text) corrected.text = edited.text;
  return Object.keys(corrected).length > 0 ? corrected : undefined;
}

/**
 * The verdicts a bulk action sends for the selected records, each with its share of the time
 * the list was looked at (`seconds`, from `verdictSeconds`) when there is one.
 */
export function bulkVerdicts(
  ids: readonly string[],
  verdict: "correct" | "wrong",
  reason: string,
  seconds?: number,
): VerdictRequest[] {
  const timed = seconds === undefined ? {} : { seconds };
  return ids.map((recordId) =>
    verdict === "correct"
      ? { recordId, verdict: "correct", ...timed }
      : { recordId, verdict: "wrong", reason, ...timed },
  );
}

/**
 * The most seconds one verdict may carry; the server refuses more (applyVerdicts.ts has the
 * same bound). A record left on screen longer was not being reviewed all that time: its verdict
 * is sent untimed.
 */
export const maxVerdictSeconds = 3600;

/**
 * How long the page has shown what is being reviewed: one record on the card, or the list for
 * a bulk action. Showing something else starts the clock again; time while the page is hidden
 * (another tab, a minimised window) does not count. Times are milliseconds as
 * `performance.now()` gives them.
 */
export class ReviewClock {
  #key: string | undefined;
  #since = 0;
  #banked = 0;
  #hidden = false;

  /** The page shows `key` (a record id, or the list); a new key starts from zero. */
  show(key: string | undefined, now: number): void {
    if (key === this.#key) return;
    this.#key = key;
    this.restart(now);
  }

  /** Starts the shown thing's time from zero (the list, after a bulk verdict). */
  restart(now: number): void {
    this.#banked = 0;
    this.#since = now;
  }

  /** The page was hidden (`visibilitychange`). */
  hide(now: number): void {
    if (this.#hidden) return;
    this.#banked += now - this.#since;
    this.#hidden = true;
  }

  /** The page is visible again. */
  unhide(now: number): void {
    if (!this.#hidden) return;
    this.#since = now;
    this.#hidden = false;
  }

  /** Seconds `key` has been on screen, or undefined when the page shows something else. */
  seconds(key: string, now: number): number | undefined {
    if (key !== this.#key) return undefined;
    return (this.#banked + (this.#hidden ? 0 : now - this.#since)) / 1000;
  }
}

/**
 * The seconds each of `count` verdicts carries when they took `seconds` together, to the
 * hundredth; undefined (sent untimed) when there is no time, or more than `maxVerdictSeconds`
 * each.
 */
export function verdictSeconds(seconds: number | undefined, count = 1): number | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || count < 1) return undefined;
  const each = seconds / count;
  return each > maxVerdictSeconds ? undefined : Math.round(each * 100) / 100;
}
