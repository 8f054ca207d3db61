import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StoreError } from "../core/errors/StoreError.js";
import type { GeneratedRecord } from "../core/record.js";
import { migrations, storeApplicationId } from "./migrations.js";
import { openStore } from "./openStore.js";
import type { SqliteStore } from "./SqliteStore.js";

let directory: string;
let store: SqliteStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-store-"));
  store = openStore(path.join(directory, "nested", "store.sqlite"));
  store.ensureRun({
    id: "run-1",
    recipeName: "demo",
    recipeHash: "abc",
    recipe: { name: "demo" },
    target: 3,
  });
  store.putPlan("run-1", [
    { index: 0, cell: { label: "positive" } },
    { index: 1, cell: { label: "negative" } },
    { index: 2, cell: { label: "positive" } },
  ]);
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function record(
  slotIndex: number,
  attempt: number,
  status: "accepted" | "rejected",
  reason?: string,
): GeneratedRecord {
  return {
    id: `r-${slotIndex}-${attempt}`,
    status,
    ...(reason === undefined ? {} : { reason }),
    data: status === "accepted" ? { text: `text ${slotIndex}`, label: "positive" } : undefined,
    provenance: {
      runId: "run-1",
      round: 1,
      slotIndex,
      attempt,
      cell: { label: "positive" },
      template: { id: "inline", version: "1" },
      messages: [{ role: "user", content: "write" }],
      model: { provider: "fake", id: "fake" },
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed: 1 },
      fewShot: [],
      strategy: "plain",
      rawOutput: "{}",
      usage: { inputTokens: 10, outputTokens: 5 },
      timing: { startedAt: "2026-01-01T00:00:00.000Z", durationMs: 3 },
    },
    decisions: [{ check: "schema", decision: status === "accepted" ? "pass" : "reject" }],
  };
}

describe("SqliteStore", () => {
  it("compiles each statement once, not once per record", () => {
    store.putRecord(record(0, 0, "rejected", "schema"));
    store.putCachedResponse("key-0", { text: "a" });
    const prepare = vi.spyOn(Database.prototype, "prepare");
    try {
      store.putRecord(record(1, 0, "rejected", "schema"));
      store.putCachedResponse("key-1", { text: "b" });
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
    expect(store.listRecords("run-1").map((stored) => stored.id)).toEqual(["r-0-0", "r-1-0"]);
    expect(store.getCachedResponse("key-1")).toEqual({ text: "b" });
  });

  it("keeps one run and one plan when both are written twice", () => {
    const again = store.ensureRun({
      id: "run-1",
      recipeName: "demo",
      recipeHash: "abc",
      recipe: {},
      target: 9,
    });
    expect(again.target).toBe(3);
    store.putPlan("run-1", [{ index: 0, cell: { label: "other" } }]);
    expect(store.listSlots("run-1").map((slot) => slot.cell.label)).toEqual([
      "positive",
      "negative",
      "positive",
    ]);
    expect(store.listRuns()).toHaveLength(1);
  });

  it("writes a record once, counts the attempt and fills the slot", () => {
    store.putRecord(record(0, 0, "rejected", "schema"));
    store.putRecord(record(0, 1, "accepted"));
    store.putRecord(record(0, 1, "accepted"));
    expect(store.listRecords("run-1")).toHaveLength(2);
    const slot = store.listSlots("run-1").find((candidate) => candidate.index === 0)!;
    expect(slot).toMatchObject({ status: "filled", attempts: 2 });
    expect(store.listSlots("run-1", "open").map((candidate) => candidate.index)).toEqual([1, 2]);
    expect(store.countRecords("run-1")).toEqual({
      accepted: 1,
      rejected: 1,
      rejectedByReason: { schema: 1 },
    });
  });

  it("never keeps two accepted records for one slot", () => {
    store.putRecord(record(1, 0, "accepted"));
    store.putRecord(record(1, 1, "accepted"));
    expect(store.countRecords("run-1").accepted).toBe(1);
    expect(store.getRecord("r-1-1")).toMatchObject({ status: "rejected", reason: "slot-already-filled" });
  });

  it("re-opens a slot when its accepted record is rejected later, and fills it again on acceptance", () => {
    store.putRecord(record(2, 0, "accepted"));
    store.setRecordStatus("r-2-0", "rejected", "duplicate");
    expect(store.listSlots("run-1", "open").map((slot) => slot.index)).toContain(2);
    expect(store.getRecord("r-2-0")).toMatchObject({ status: "rejected", reason: "duplicate" });
    store.setRecordStatus("r-2-0", "accepted");
    expect(store.listSlots("run-1", "filled").map((slot) => slot.index)).toEqual([2]);
    expect(store.getRecord("r-2-0")?.reason).toBeUndefined();
  });

  it("returns records with their provenance and merged decisions", () => {
    store.putRecord(record(0, 0, "accepted"));
    store.putDecisions("run-1", [
      { recordId: "r-0-0", check: "pii", decision: "pass" },
      { recordId: "r-0-0", check: "schema", decision: "pass", reason: "again" },
    ]);
    const stored = store.getRecord("r-0-0")!;
    expect(stored.provenance.model.id).toBe("fake");
    expect(stored.data).toEqual({ text: "text 0", label: "positive" });
    expect(stored.decisions).toEqual([
      { check: "schema", decision: "pass", reason: "again" },
      { check: "pii", decision: "pass" },
    ]);
    expect(store.listDecisions("run-1", "pii")).toHaveLength(1);
  });

  it("upserts rounds, reviews, artifacts and cached responses", () => {
    store.startRound("run-1", 1);
    store.startRound("run-1", 1);
    store.endRound("run-1", 1, { accepted: 3 });
    expect(store.listRounds("run-1")).toMatchObject([{ round: 1, summary: { accepted: 3 } }]);
    store.putReviews("run-1", [{ recordId: "r-0-0", verdict: "wrong", reviewedAt: "t1" }]);
    store.putReviews("run-1", [{ recordId: "r-0-0", verdict: "correct", reviewedAt: "t2" }]);
    expect(store.listReviews("run-1")).toEqual([{ recordId: "r-0-0", verdict: "correct", reviewedAt: "t2" }]);
    store.putArtifact("run-1", "export", "out", { files: 1 });
    store.putArtifact("run-1", "export", "out", { files: 2 });
    expect(store.listArtifacts("run-1", "export").map((artifact) => artifact.value)).toEqual([{ files: 2 }]);
    expect(store.getCachedResponse("k")).toBeUndefined();
    store.putCachedResponse("k", { text: "hi" });
    expect(store.getCachedResponse("k")).toEqual({ text: "hi" });
  });

  it("keeps every verdict in the history, a fixed version beside the original, and undoes one verdict", () => {
    store.putRecord(record(0, 0, "accepted"));
    const first = store.addReview("run-1", { recordId: "r-0-0", verdict: "correct", reviewedAt: "t1" });
    const fixed = { text: "text 0", label: "negative" };
    const second = store.addReview("run-1", {
      recordId: "r-0-0",
      verdict: "wrong",
      reason: "wrong label",
      reviewedAt: "t2",
      corrected: fixed,
    });
    expect(second.id).toBeGreaterThan(first.id);
    expect(store.listReviews("run-1")).toEqual([
      { recordId: "r-0-0", verdict: "wrong", reason: "wrong label", reviewedAt: "t2", corrected: fixed },
    ]);
    expect(store.getRecord("r-0-0")?.data).toEqual({ text: "text 0", label: "positive" });
    // Undoing the second verdict brings back the first; undoing it twice changes nothing.
    expect(store.undoReview("run-1", second.id)).toEqual({
      recordId: "r-0-0",
      verdict: "correct",
      reviewedAt: "t1",
    });
    expect(store.undoReview("run-1", second.id)).toBe(false);
    expect(store.undoReview("run-2", first.id)).toBe(false);
    expect(store.listReviews("run-1")).toEqual([{ recordId: "r-0-0", verdict: "correct", reviewedAt: "t1" }]);
    expect(store.undoReview("run-1", first.id)).toBeUndefined();
    expect(store.listReviews("run-1")).toEqual([]);
    expect(
      store.listReviewEvents("run-1").map((event) => [event.verdict, event.undoneAt !== undefined]),
    ).toEqual([
      ["correct", true],
      ["wrong", true],
    ]);
  });

  it("keeps a verdict's review seconds in the history and the current review, and brings them back on undo", () => {
    store.putRecord(record(0, 0, "accepted"));
    const first = store.addReview("run-1", {
      recordId: "r-0-0",
      verdict: "correct",
      reviewedAt: "t1",
      seconds: 4.5,
    });
    const second = store.addReview("run-1", {
      recordId: "r-0-0",
      verdict: "wrong",
      reason: "off topic",
      reviewedAt: "t2",
      seconds: 12.25,
    });
    expect(store.listReviews("run-1")).toEqual([
      { recordId: "r-0-0", verdict: "wrong", reason: "off topic", reviewedAt: "t2", seconds: 12.25 },
    ]);
    expect(store.undoReview("run-1", second.id)).toEqual({
      recordId: "r-0-0",
      verdict: "correct",
      reviewedAt: "t1",
      seconds: 4.5,
    });
    expect(store.listReviewEvents("run-1").map((event) => [event.id, event.seconds])).toEqual([
      [first.id, 4.5],
      [second.id, 12.25],
    ]);
  });

  it("upgrades a store of schema 2 (verdicts without seconds) and keeps its verdicts", () => {
    const file = path.join(directory, "old.sqlite");
    const database = new Database(file);
    for (const sql of migrations.slice(0, 2)) database.exec(sql);
    database.pragma("user_version = 2");
    database.pragma(`application_id = ${storeApplicationId}`);
    database
      .prepare("INSERT INTO reviews (run_id, record_id, verdict, reviewed_at) VALUES (?, ?, ?, ?)")
      .run("run-1", "r-0-0", "correct", "t0");
    database.close();
    const upgraded = openStore(file, { mode: "existing" });
    try {
      expect(upgraded.listReviews("run-1")).toEqual([
        { recordId: "r-0-0", verdict: "correct", reviewedAt: "t0" },
      ]);
      upgraded.addReview("run-1", { recordId: "r-0-1", verdict: "correct", reviewedAt: "t1", seconds: 3 });
      expect(upgraded.listReviews("run-1").map((review) => review.seconds)).toEqual([undefined, 3]);
    } finally {
      upgraded.close();
    }
  });

  it("rolls a failed transaction back entirely", () => {
    expect(() =>
      store.transaction(() => {
        store.putRecord(record(0, 0, "accepted"));
        throw new Error("crash");
      }),
    ).toThrow("crash");
    expect(store.listRecords("run-1")).toEqual([]);
    expect(store.listSlots("run-1", "open")).toHaveLength(3);
  });

  it("keeps everything across close and reopen", () => {
    store.putRecord(record(0, 0, "accepted"));
    store.setRunStatus("run-1", "completed");
    store.close();
    store = openStore(path.join(directory, "nested", "store.sqlite"));
    expect(store.getRun("run-1")?.status).toBe("completed");
    expect(store.latestRun("demo")?.id).toBe("run-1");
    expect(store.latestRun("other")).toBeUndefined();
    expect(store.countRecords("run-1").accepted).toBe(1);
  });

  it("refuses a file that is not a store with one sentence", () => {
    const file = path.join(directory, "not-a-store.sqlite");
    writeFileSync(file, "this is plain text, not SQLite, and it is long enough to have a header".repeat(20));
    expect(() => openStore(file)).toThrow(StoreError);
    expect(() => openStore(file)).toThrow(
      /not-a-store\.sqlite is not a Synthforge store \(it is not an SQLite database\)/,
    );
  });
});
