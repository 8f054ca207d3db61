import { describe, expect, it } from "vitest";
import { maxVerdictSeconds as serverMaxVerdictSeconds } from "../../review/applyVerdicts.js";
import {
  bulkVerdicts,
  conditionOf,
  counted,
  filterItems,
  firstUnreviewed,
  fixChanges,
  judgeSummary,
  type KeyPress,
  keyAction,
  maxVerdictSeconds,
  moveIndex,
  nextUnreviewed,
  percent,
  ReviewClock,
  statisticsText,
  verdictSeconds,
  verdictSummary,
  wrongReason,
} from "./reviewLogic.js";
import type { ReviewItemView, StatisticsView } from "./reviewTypes.js";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  targetTag: "BODY",
  targetId: undefined,
  ...more,
});
const card = { view: "card" as const, reasonPanelOpen: false, reasonCount: 3 };

const item = (id: string, more: Partial<ReviewItemView> = {}): ReviewItemView => ({
  id,
  text: `Text of ${id}`,
  label: "positive",
  cell: { label: "positive", domain: "food" },
  first: false,
  ...more,
});

describe("keyAction", () => {
  it("maps the card's keys", () => {
    expect(["j", "k", "1", "2", "f", "u", "p", "l", "x"].map((key) => keyAction(press(key), card))).toEqual([
      { type: "move", step: 1 },
      { type: "move", step: -1 },
      { type: "correct" },
      { type: "open-reasons" },
      { type: "open-fix" },
      { type: "undo" },
      { type: "provenance" },
      { type: "toggle-view" },
      undefined,
    ]);
  });

  it("in the list, only switches back and closes", () => {
    const list = { ...card, view: "list" as const };
    expect(["j", "1", "f", "l", "Escape"].map((key) => keyAction(press(key), list))).toEqual([
      undefined,
      undefined,
      undefined,
      { type: "toggle-view" },
      { type: "close" },
    ]);
  });

  it("with the reason panel open, numbers pick one of the reasons there are", () => {
    const open = { ...card, reasonPanelOpen: true };
    expect(keyAction(press("1"), open)).toEqual({ type: "pick-reason", index: 0 });
    expect(keyAction(press("3"), open)).toEqual({ type: "pick-reason", index: 2 });
    expect(keyAction(press("4"), open)).toBeUndefined();
    expect(keyAction(press("j"), open)).toEqual({ type: "move", step: 1 });
  });

  it("leaves typing alone, except Enter that saves and Esc that closes", () => {
    const inField = (key: string, targetId: string, more: Partial<KeyPress> = {}) =>
      keyAction(
        press(key, { targetTag: targetId === "fix-text" ? "TEXTAREA" : "INPUT", targetId, ...more }),
        card,
      );
    expect(inField("1", "reviewer")).toBeUndefined();
    expect(inField("j", "reason-note")).toBeUndefined();
    expect(inField("Enter", "reason-note")).toEqual({ type: "save-wrong" });
    expect(inField("Enter", "fix-text")).toEqual({ type: "save-fix" });
    expect(inField("Enter", "fix-text", { shiftKey: true })).toBeUndefined();
    expect(inField("Enter", "reviewer")).toBeUndefined();
    expect(inField("Escape", "fix-text")).toEqual({ type: "close" });
    expect(keyAction(press("1", { targetTag: "SELECT", targetId: "bulk-reason" }), card)).toBeUndefined();
  });

  it("leaves keys with Ctrl, Cmd or Alt to the browser", () => {
    for (const modifier of ["ctrlKey", "metaKey", "altKey"] as const) {
      expect(keyAction(press("u", { [modifier]: true }), card)).toBeUndefined();
    }
  });
});

describe("the queue and its filters", () => {
  const items = [
    item("a", { review: { verdict: "correct" } }),
    item("b", { text: "送餐很快，饭菜还是热的", cell: { label: "negative" }, label: "negative" }),
    item("c", { review: { verdict: "wrong", reason: "label" } }),
    item("d"),
  ];

  it("filters by status, condition and text, any case, Chinese included", () => {
    const ids = (filter: Parameters<typeof filterItems>[1]) =>
      filterItems(items, filter).map((shown) => shown.id);
    expect(ids({ status: "all", condition: "", search: "" })).toEqual(["a", "b", "c", "d"]);
    expect(ids({ status: "unreviewed", condition: "", search: "" })).toEqual(["b", "d"]);
    expect(ids({ status: "wrong", condition: "", search: "" })).toEqual(["c"]);
    expect(ids({ status: "correct", condition: "", search: "" })).toEqual(["a"]);
    expect(ids({ status: "all", condition: "label=negative", search: "" })).toEqual(["b"]);
    expect(ids({ status: "all", condition: "", search: "  TEXT OF " })).toEqual(["a", "c", "d"]);
    expect(ids({ status: "all", condition: "", search: "饭菜" })).toEqual(["b"]);
  });

  it("moves to the next record without a verdict, wrapping, and stays when there is none", () => {
    expect(nextUnreviewed(items, 0)).toBe(1);
    expect(nextUnreviewed(items, 1)).toBe(3);
    expect(nextUnreviewed(items, 3)).toBe(1);
    const done = items.map((each) => ({ ...each, review: { verdict: "correct" as const } }));
    expect(nextUnreviewed(done, 2)).toBe(2);
    expect([firstUnreviewed(items), firstUnreviewed(done), firstUnreviewed([])]).toEqual([1, 0, 0]);
    expect([moveIndex(0, -1, 4), moveIndex(3, 1, 4), moveIndex(1, 1, 4)]).toEqual([0, 3, 2]);
  });

  it("writes conditions with their names sorted", () => {
    expect(conditionOf({ label: "positive", domain: "food" })).toBe("domain=food, label=positive");
    expect(conditionOf({})).toBe("");
  });
});

describe("verdicts", () => {
  it("joins a picked reason and a note, or takes either alone", () => {
    expect(wrongReason("label", "")).toBe("label");
    expect(wrongReason("label", "  says sour ")).toBe("label: says sour");
    expect(wrongReason(undefined, "made up")).toBe("made up");
    expect(wrongReason(undefined, "   ")).toBeUndefined();
  });

  it("sends only what a fix changed", () => {
    const record = item("a");
    expect(fixChanges(record, { label: "positive", text: "Text of a" }, true)).toBeUndefined();
    expect(fixChanges(record, { label: "negative", text: "Text of a" }, true)).toEqual({ label: "negative" });
    expect(fixChanges(record, { label: "negative", text: "Better" }, false)).toEqual({ text: "Better" });
  });

  it("builds bulk verdicts, with the reason only on wrong ones", () => {
    expect(bulkVerdicts(["a", "b"], "correct", "label")).toEqual([
      { recordId: "a", verdict: "correct" },
      { recordId: "b", verdict: "correct" },
    ]);
    expect(bulkVerdicts(["a"], "wrong", "label")).toEqual([
      { recordId: "a", verdict: "wrong", reason: "label" },
    ]);
    expect(bulkVerdicts(["a", "b"], "correct", "label", 2.5)).toEqual([
      { recordId: "a", verdict: "correct", seconds: 2.5 },
      { recordId: "b", verdict: "correct", seconds: 2.5 },
    ]);
  });

  it("times a record from being shown to its verdict, leaving out the time the page was hidden", () => {
    const clock = new ReviewClock();
    clock.show("r1", 1_000);
    expect(clock.seconds("r1", 4_500)).toBe(3.5);
    // A refresh shows the same record again: the clock keeps running.
    clock.show("r1", 5_000);
    expect(clock.seconds("r1", 6_000)).toBe(5);
    // Hidden from 6 s to 66 s (another tab): that minute does not count; hiding twice changes nothing.
    clock.hide(6_000);
    clock.hide(30_000);
    expect(clock.seconds("r1", 60_000)).toBe(5);
    clock.unhide(66_000);
    clock.unhide(70_000);
    expect(clock.seconds("r1", 68_000)).toBe(7);
    // Another record: the first is no longer shown, the second starts from zero.
    clock.show("r2", 70_000);
    expect(clock.seconds("r1", 71_000)).toBeUndefined();
    expect(clock.seconds("r2", 71_000)).toBe(1);
    clock.restart(72_000);
    expect(clock.seconds("r2", 72_500)).toBe(0.5);
    // A record first shown while the page is hidden counts from when it is seen.
    clock.hide(73_000);
    clock.show("r3", 80_000);
    clock.unhide(90_000);
    expect(clock.seconds("r3", 92_000)).toBe(2);
  });

  it("gives each verdict its share of the time, to the hundredth, and none past the server's bound", () => {
    expect(maxVerdictSeconds).toBe(serverMaxVerdictSeconds);
    expect(verdictSeconds(7.777)).toBe(7.78);
    expect(verdictSeconds(10, 4)).toBe(2.5);
    expect(verdictSeconds(maxVerdictSeconds)).toBe(maxVerdictSeconds);
    expect(verdictSeconds(maxVerdictSeconds + 1)).toBeUndefined();
    expect(verdictSeconds(7_000, 2)).toBe(3_500);
    expect(verdictSeconds(undefined)).toBeUndefined();
    expect(verdictSeconds(Number.NaN)).toBeUndefined();
    expect(verdictSeconds(-1)).toBeUndefined();
    expect(verdictSeconds(5, 0)).toBeUndefined();
  });
});

describe("what the page says", () => {
  it("summarises the judge and the verdict", () => {
    expect(judgeSummary(undefined)).toBe("no judge votes");
    expect(judgeSummary({ votes: ["positive", "positive", "negative"], agreeing: 2, confirmed: true })).toBe(
      "judge votes: positive, positive, negative (2 agree), confirmed",
    );
    expect(judgeSummary({ score: 4, reason: "fluent" })).toBe("rubric 4 of 5: fluent");
    expect(verdictSummary(item("a"))).toEqual({ text: "not reviewed yet", className: "muted" });
    expect(
      verdictSummary(
        item("a", { review: { verdict: "wrong", reason: "label", corrected: {}, reviewer: "ana" } }),
      ),
    ).toEqual({ text: "✗ wrong: label · fixed version stored · by ana", className: "wrong" });
  });

  it("states the error rate, its interval, the gate and what certifying needs", () => {
    const statistics: StatisticsView = {
      sampled: 30,
      reviewed: 20,
      wrong: 1,
      errorRate: { value: 0.05, lower: 0.0089, upper: 0.2361 },
      threshold: 0.015,
      reasons: [],
      moreNeeded: null,
    };
    expect(statisticsText(statistics, { status: "fail", certified: false })).toEqual({
      rate: "5.0%",
      interval: "1 wrong of 20 reviewed (sample of 30); Wilson 95% [0.9%, 23.6%]",
      gate: "Gate ≤ 1.5%: fail",
      gateClass: "gate-fail",
      needed: "At the current error rate, no number of reviews brings the upper bound under 1.5%.",
    });
    const clean = {
      ...statistics,
      wrong: 0,
      errorRate: { value: 0, lower: 0, upper: 0.02 },
      moreNeeded: 200,
    };
    expect(statisticsText(clean, { status: "pass", certified: false })).toMatchObject({
      gate: "Gate ≤ 1.5%: pass, not yet certified",
      needed: "200 more reviews at the current rate for the upper bound to clear 1.5%.",
    });
    expect(
      statisticsText({ ...clean, reviewed: 0, moreNeeded: undefined }, { status: "none", certified: false }),
    ).toMatchObject({
      rate: "–",
      gate: "No error-rate gate in the recipe.",
      gateClass: "gate-pending",
      needed: "",
    });
    expect([percent(0.1234), counted(1, "verdict"), counted(3, "verdict")]).toEqual([
      "12.3%",
      "1 verdict",
      "3 verdicts",
    ]);
  });
});
